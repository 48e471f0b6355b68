"""One way to read a person's e-mail address or phone number, everywhere.

Two sign-ups by one person must meet at one record, and erasure must find every message sent to
every address a person ever had. Both need the same answer to "is this the same address?":

- ``normalise_email`` case-folds and strips an address (the whole address: Danish providers and
  Gmail treat the local part case-insensitively in practice, and people type "Mette@Mail.dk").
- ``normalise_phone`` parses a number with ``phonenumbers`` (Google's libphonenumber, the library
  behind django-phonenumber-field), Danish by default, and returns E.164 ("+4512345678").
- ``contact_digest`` is a keyed hash (HMAC-SHA256 with ``CONTACT_DIGEST_KEY``) of a normalised
  address: kept where the address itself must not be (the history of changed addresses, outbox rows
  once erased), so "was this ever their address?" can be answered without keeping the address.
"""

from __future__ import annotations

import hashlib
import hmac

import phonenumbers
from django.conf import settings

DEFAULT_REGION = "DK"


def normalise_email(value: str | None) -> str:
    return (value or "").strip().casefold()


def parse_phone(value: str | None, region: str = DEFAULT_REGION):
    """The parsed number, or None when ``value`` is empty or not a possible number."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return number


def normalise_phone(value: str | None, region: str = DEFAULT_REGION) -> str:
    """E.164 form of a phone number ("+4512345678"); "" for empty; the text if unparseable."""
    number = parse_phone(value, region)
    if number is None:
        return (value or "").strip()
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_contact(value: str | None) -> str:
    """An e-mail address or a phone number, whichever ``value`` is, in its normal form."""
    text = (value or "").strip()
    if "@" in text:
        return normalise_email(text)
    return normalise_phone(text)


def contact_digest(value: str | None) -> str:
    """Keyed hash (hex) of a normalised e-mail address or phone number; "" for an empty value."""
    normal = normalise_contact(value)
    if not normal:
        return ""
    key = settings.CONTACT_DIGEST_KEY.encode()
    return hmac.new(key, normal.encode(), hashlib.sha256).hexdigest()
