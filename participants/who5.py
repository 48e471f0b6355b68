"""The WHO-5 Well-Being Index, word for word.

The wording of a validated questionnaire is part of the instrument: a change of a word makes
the answers incomparable with every other study that used it. So the texts are kept here as
data, in the official Danish version published by Psykiatrisk Center Nordsjælland (WHO
Collaborating Centre in Mental Health) and in the official English version (WHO Regional Office
for Europe, 1998), and not in the translation catalogue, where a translator could "improve"
them. The time frame stands once, in the heading; the items continue it. Other languages fall
back to English. tests/participants/fixtures/who5_official.json holds the official texts and a
test compares every item and answer label with them.
"""

from __future__ import annotations

from django.utils.functional import lazy
from django.utils.translation import get_language

INSTRUMENT = "WHO-5 Well-Being Index"
VERSION = "WHO-5 (1998); dansk version: Psykiatrisk Center Nordsjælland"
ITEM_NAMES = ["item1", "item2", "item3", "item4", "item5"]
ANSWER_VALUES = [5, 4, 3, 2, 1, 0]

TEXTS = {
    "da": {
        "heading": "I de sidste 2 uger …",
        "items": [
            "har jeg været glad og i godt humør",
            "har jeg følt mig rolig og afslappet",
            "har jeg følt mig aktiv og energisk",
            "er jeg vågnet frisk og udhvilet",
            "har min dagligdag været fyldt med ting der interesserer mig",
        ],
        "answers": [
            "Hele tiden",
            "Det meste af tiden",
            "Lidt mere end halvdelen af tiden",
            "Lidt mindre end halvdelen af tiden",
            "Lidt af tiden",
            "På intet tidspunkt",
        ],
    },
    "en": {
        "heading": "Over the last two weeks …",
        "items": [
            "I have felt cheerful and in good spirits",
            "I have felt calm and relaxed",
            "I have felt active and vigorous",
            "I woke up feeling fresh and rested",
            "My daily life has been filled with things that interest me",
        ],
        "answers": [
            "All of the time",
            "Most of the time",
            "More than half of the time",
            "Less than half of the time",
            "Some of the time",
            "At no time",
        ],
    },
}


def texts(language: str | None = None) -> dict:
    """The official texts in `language` (default: the active language), English otherwise."""
    code = (language or get_language() or "en").split("-")[0]
    return TEXTS.get(code, TEXTS["en"])


def _item(index: int) -> str:
    return texts()["items"][index]


def _answer(index: int) -> str:
    return texts()["answers"][index]


def _heading() -> str:
    return texts()["heading"]


# Lazy labels: each reads the official text in the language active when it is shown.
item_label = lazy(_item, str)
answer_label = lazy(_answer, str)
heading = lazy(_heading, str)
