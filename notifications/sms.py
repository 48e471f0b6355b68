"""Pluggable SMS delivery, chosen by `settings.SMS_BACKEND` (a dotted path).

A backend has one method, `send(*, to, body)`, which raises `SMSError` (or `OSError`) when the
message could not be handed over; the sender then retries with back-off like for e-mail.
"""

import sys
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_SMS_BACKEND = "notifications.sms.ConsoleSMSBackend"


class SMSError(Exception):
    """The SMS gateway refused or could not be reached."""


class BaseSMSBackend:
    def send(self, *, to: str, body: str) -> None:
        raise NotImplementedError


class ConsoleSMSBackend(BaseSMSBackend):
    """Prints messages: the laptop default."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def send(self, *, to: str, body: str) -> None:
        self.stream.write(f"SMS to {to}:\n{body}\n{'-' * 40}\n")
        self.stream.flush()


@dataclass(frozen=True)
class SMSMessage:
    to: str
    body: str


outbox: list[SMSMessage] = []


class LocmemSMSBackend(BaseSMSBackend):
    """Keeps messages in `notifications.sms.outbox`, for tests."""

    def send(self, *, to: str, body: str) -> None:
        outbox.append(SMSMessage(to=to, body=body))


def get_sms_backend() -> BaseSMSBackend:
    path = getattr(settings, "SMS_BACKEND", DEFAULT_SMS_BACKEND)
    return import_string(path)()
