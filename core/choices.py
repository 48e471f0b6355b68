"""Choices shared by guides, participants and requests: languages, gender, weekly availability."""

import functools

from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    FEMALE = "female", _("Woman")
    MALE = "male", _("Man")
    NONBINARY = "nonbinary", _("Non-binary")
    UNSPECIFIED = "", _("Prefer not to say")


def gender_choices() -> list[tuple[str, str]]:
    """Gender for a form where it is optional: "Prefer not to say" first, and the default."""
    return [(Gender.UNSPECIFIED.value, Gender.UNSPECIFIED.label)] + [
        (value, label) for value, label in Gender.choices if value
    ]


class PeerSupportForm(models.TextChoices):
    """Peer-Partnerskabet's three overall forms of peer support (Korsbek 2016): an organisation
    says which it is, and a programme may say otherwise for its own courses."""

    MUTUAL = "mutual", _("Mutual peer support (self-help groups, networks)")
    USER_DRIVEN = "user_driven", _("User-driven peer support")
    ESTABLISHED = "established", _("Peer support within established services (municipal, regional)")


class GenderWish(models.TextChoices):
    NONE = "", _("No preference")
    FEMALE = "female", _("A woman")
    MALE = "male", _("A man")
    NONBINARY = "nonbinary", _("A non-binary person")


SPOKEN_LANGUAGES = [
    ("da", _("Danish")),
    ("en", _("English")),
    ("de", _("German")),
    ("sv", _("Swedish")),
    ("no", _("Norwegian")),
    ("ar", _("Arabic")),
    ("fa", _("Persian")),
    ("tr", _("Turkish")),
    ("ur", _("Urdu")),
    ("so", _("Somali")),
    ("pl", _("Polish")),
    ("uk", _("Ukrainian")),
    ("es", _("Spanish")),
    ("fr", _("French")),
]

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]

DAY_PARTS = [
    ("morning", pgettext_lazy("time of day", "morning")),
    ("afternoon", pgettext_lazy("time of day", "afternoon")),
    ("evening", pgettext_lazy("time of day", "evening")),
]

# A weekly slot is stored as "weekday-part", e.g. "1-evening" for Tuesday evening.
AVAILABILITY_SLOTS = [f"{day}-{part}" for day, _label in WEEKDAYS for part, _plabel in DAY_PARTS]


def availability_choices():
    """(code, label) for every weekly slot: ("1-evening", "Tuesday evening")."""
    days = dict(WEEKDAYS)
    parts = dict(DAY_PARTS)
    return [
        (f"{day}-{part}", _("%(day)s %(part)s") % {"day": days[day], "part": parts[part]})
        for day in days
        for part in parts
    ]


def slot_label(code: str, *, in_sentence: bool = False) -> str:
    """ "Tirsdag aften" as a choice; "tirsdag aften" inside a Danish sentence (``in_sentence``)."""
    return _slot_label(code, in_sentence, get_language())


@functools.lru_cache(maxsize=1024)  # 21 slots × 2 forms × the languages: the reasons of a page
def _slot_label(code: str, in_sentence: bool, language: str | None) -> str:
    day, part = code.split("-", 1)
    label = _("%(day)s %(part)s") % {"day": dict(WEEKDAYS)[int(day)], "part": dict(DAY_PARTS)[part]}
    if in_sentence and not (get_language() or "da").startswith("en"):
        return mid_sentence(label)
    return label


def mid_sentence(label: str) -> str:
    """A label as it reads inside a sentence: "Misbrug" → "misbrug", "Gåture" → "gåture".

    The taxonomy's names and the weekday choices start with a capital letter because they head
    a line in a list; Danish writes neither nouns nor weekdays with one mid-sentence, and English
    does not for common nouns. An abbreviation ("ADHD", "OCD") keeps its capitals.
    """
    label = str(label)
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def validate_availability(value) -> None:
    from django.core.exceptions import ValidationError

    if not isinstance(value, list) or any(v not in AVAILABILITY_SLOTS for v in value):
        raise ValidationError(_("Choose times from the list."), code="invalid_availability")


def validate_languages(value) -> None:
    from django.core.exceptions import ValidationError

    codes = {code for code, _label in SPOKEN_LANGUAGES}
    if not isinstance(value, list) or any(v not in codes for v in value):
        raise ValidationError(_("Choose languages from the list."), code="invalid_languages")


class EntrySource(models.TextChoices):
    """How a person, request, enrollment or guide application came in: by the person's own hand
    on a public page, or entered by a coordinator on their behalf."""

    SELF = "self", _("Self (own sign-up)")
    PHONE = "phone", _("Phone")
    REFERRAL_PSYCHIATRY = "referral_psychiatry", _("Referral: psychiatry")
    REFERRAL_MUNICIPALITY = "referral_municipality", _("Referral: municipality")
    OTHER = "other", _("Other")


# What a coordinator may choose when entering someone on their behalf.
ON_BEHALF_SOURCES = [(v, label) for v, label in EntrySource.choices if v != EntrySource.SELF]
