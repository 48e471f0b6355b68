"""Every string a person reads is present in locale/da and locale/en."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings


@pytest.mark.parametrize("language", ["da", "en"])
def test_catalogue_is_complete(language):
    path = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    messages = [m for m in catalog if m.id]
    assert len(messages) > 50
    missing = [m.id for m in messages if not (all(m.string) if m.pluralizable else m.string)]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert missing == []
    assert fuzzy == []
