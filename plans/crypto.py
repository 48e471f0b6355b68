"""Encryption at rest for the participant's own plan: Fernet (AES-128-CBC with HMAC-SHA256) from
`cryptography`, with rotation through MultiFernet. The keys come from PLAN_ENCRYPTION_KEY, kept
apart from SECRET_KEY and from the database, so a dump or a backup alone reveals none of the plan.

The first key encrypts; every key decrypts. Rotating: put a new key first, run
`manage.py rotate_plan_key` (re-encrypts every value with the first key), then drop the old one.
"""

from __future__ import annotations

import functools
import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@functools.cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("PLAN_ENCRYPTION_KEY is empty.")
    try:
        return MultiFernet([Fernet(k.encode()) for k in keys])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            "PLAN_ENCRYPTION_KEY must be Fernet keys (32 url-safe base64-encoded bytes), "
            "comma-separated. See docs/operators.md, 'Plan encryption'."
        ) from exc


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.PLAN_ENCRYPTION_KEYS))


def encrypt(text: str) -> str:
    return fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "A plan could not be decrypted: PLAN_ENCRYPTION_KEY does not hold the key it was "
            "encrypted with."
        ) from exc


def rotate(token: str) -> str:
    return fernet().rotate(token.encode()).decode()


class EncryptedJSONField(models.TextField):
    """JSON, stored as a Fernet token. Not searchable, not orderable: nothing should be."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return self.get_default() if value == "" else None
        return json.loads(decrypt(value))

    def to_python(self, value):
        return value

    def get_prep_value(self, value):
        if value is None:
            return None
        return encrypt(json.dumps(value, ensure_ascii=False))

    def value_to_string(self, obj):
        return ""  # never into a fixture or a serialised dump in clear


class EncryptedTextField(EncryptedJSONField):
    """A short text, encrypted the same way (a share link's label, the link itself)."""
