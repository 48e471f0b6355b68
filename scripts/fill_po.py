"""Fill the message catalogues after `make makemessages` (developer tool).

Usage: python scripts/fill_po.py [TRANSLATIONS.py]
- locale/da: Danish translations from a Python file defining DA = {"English msgid": "Dansk"}
  (a plural: DA[singular] = ("ental", "flertal"), or each form under its own msgid).
  Existing translations are kept unless the file gives a new one; what is still missing is listed.
- locale/en: the msgids are English, so each msgstr is set to its msgid.
Both catalogues lose makemessages' "fuzzy" header so they compile.
"""

import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent


def _load(language):
    path = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    catalog.fuzzy = False
    return path, catalog


def _save(path, catalog):
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False)


def fill_english() -> None:
    path, catalog = _load("en")
    for message in catalog:
        if message.id:
            message.string = message.id
            message.flags.discard("fuzzy")
    _save(path, catalog)


def main(source: str | None) -> None:
    fill_english()
    translations = runpy.run_path(source)["DA"] if source else {}
    path, catalog = _load("da")
    missing = []
    for message in catalog:
        if not message.id:
            continue
        key = message.id[0] if message.pluralizable else message.id
        if key in translations:
            value = translations[key]
            if message.pluralizable and isinstance(value, str):
                # The plural given under its own msgid: {"1 seat": "1 plads", "%d seats": ...}.
                value = (value, translations.get(message.id[1], value))
            message.string = tuple(value) if message.pluralizable else value
            message.flags.discard("fuzzy")
        elif message.fuzzy:  # a guess from a similar msgid: wrong more often than right
            message.string = ("", "") if message.pluralizable else ""
            message.flags.discard("fuzzy")
        elif not (all(message.string) if message.pluralizable else message.string):
            missing.append(key)
    _save(path, catalog)
    for key in missing:
        print("missing:", repr(key))
    print(f"{len(missing)} untranslated")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
