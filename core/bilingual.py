"""Text that coordinators write, in Danish and English.

A model keeps the Danish text in `<field>` and the English text in `<field>_en` (as the
taxonomies do with `name` / `name_en`). The reader sees the English text when the active language
is English and the English text is not empty; otherwise the Danish. Queries and lookups always use
the Danish field, so `Programme.objects.get(name="WRAP")` means the same in every language.

    programme.tr("description")          in Python (a `Bilingual` model)
    translated(obj, "description")       for any object with the two fields
    {% load bilingual %}{{ programme|tr:"description" }}   in a template
    lazy_text(lambda: cohort.email_title)   a value for an e-mail's context, worked out when
                                         the message is rendered in the recipient's language

See docs/decisions.md ("Coordinators' texts in two languages") for why not django-modeltranslation.
"""

from __future__ import annotations

from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# The help text under every English field in the admin.
ENGLISH_HELP = _("Shown to people who read the site in English. Empty: they see the Danish text.")


def reads_english() -> bool:
    """Is the active language English (a page, or a message rendered for an English reader)?"""
    return (get_language() or "da").startswith("en")


def translated(obj, field: str) -> str:
    """The English text of `field` for an English reader when there is one, else the Danish."""
    if reads_english():
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, field)


def lazy_text(func):
    """`func()` worked out when the value is turned into text (e.g. while an e-mail is rendered
    inside `translation.override(recipient's language)`), not when it is made: for a context
    built before the outbox knows the recipient's language."""
    return lazy(func, str)()


class Bilingual:
    """A model with Danish `<field>` and English `<field>_en` texts. `tr(field)` gives the one
    the reader should see; a model may override it for a smarter fallback."""

    def tr(self, field: str) -> str:
        return translated(self, field)
