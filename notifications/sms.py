"""Pluggable SMS delivery, chosen by `settings.SMS_BACKEND` (a dotted path).

A backend has one method, `send(*, to, body)`, which raises `SMSError` (or `OSError`) when the
message could not be handed over; the sender then retries with back-off like for e-mail.
"""

import json
import sys
import time
import unicodedata
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_SMS_BACKEND = "notifications.sms.ConsoleSMSBackend"


class SMSError(Exception):
    """The SMS gateway refused or could not be reached."""

    #: True when trying again cannot help (the gateway refused the message itself).
    permanent = False


class SMSRefused(SMSError):
    """The gateway answered 4xx: a bad number, a bad token, no credit. Not tried again."""

    permanent = True


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


class HttpSMSBackend(BaseSMSBackend):
    """A Danish SMS gateway's HTTP API (GatewayAPI's `POST /rest/mtsms`), from the `SMS_*`
    settings: JSON `{"sender", "message", "recipients": [{"msisdn"}]}` with `Authorization: Token
    <SMS_TOKEN>`. A 2xx answer is success; 4xx is refused (`SMSRefused`, not tried again); 5xx is
    tried again up to `SMS_RETRIES` times, waiting `SMS_BACKOFF` × 1, 2, 4 … seconds, and then
    raises `SMSError` for the outbox's own back-off. A timeout raises `SMSError` at once: the
    gateway may have taken the message, so it is not sent again within the same attempt."""

    def __init__(self, *, url=None, token=None, sender=None, timeout=None, retries=None,
                 backoff=None):  # fmt: skip
        self.url = url or settings.SMS_URL
        if not self.url.lower().startswith(("https://", "http://")):
            # Only a web address is ever opened (never file: or another scheme).
            raise ValueError("SMS_URL must be an http(s) address of the SMS gateway.")
        self.token = token if token is not None else settings.SMS_TOKEN
        self.sender = (sender or settings.SMS_SENDER)[:11]
        self.timeout = timeout if timeout is not None else settings.SMS_TIMEOUT
        self.retries = retries if retries is not None else settings.SMS_RETRIES
        self.backoff = backoff if backoff is not None else settings.SMS_BACKOFF

    def _request(self, *, to: str, body: str) -> urllib.request.Request:
        payload = {
            "sender": self.sender,
            "message": body,
            "recipients": [{"msisdn": int("".join(ch for ch in to if ch.isdigit()))}],
        }
        return urllib.request.Request(  # noqa: S310 - the operator's configured https URL
            self.url,
            data=json.dumps(payload).encode(),
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "Authorization": f"Token {self.token}",
            },
        )

    def send(self, *, to: str, body: str) -> None:
        attempt = 0
        while True:
            try:
                # Only an http(s) address is opened: __init__ refuses any other scheme.
                with urllib.request.urlopen(  # noqa: S310  # nosec B310
                    self._request(to=to, body=body), timeout=self.timeout
                ) as response:
                    response.read()
                    return
            except urllib.error.HTTPError as error:
                detail = error.read()[:300].decode(errors="replace")
                if error.code < 500:
                    raise SMSRefused(f"gateway refused ({error.code}): {detail}") from error
                if attempt >= self.retries:
                    raise SMSError(f"gateway error ({error.code}): {detail}") from error
            except TimeoutError as error:
                raise SMSError("the gateway did not answer in time") from error
            except urllib.error.URLError as error:
                if isinstance(error.reason, TimeoutError):
                    raise SMSError("the gateway did not answer in time") from error
                raise SMSError(f"the gateway could not be reached: {error.reason}") from error
            time.sleep(self.backoff * 2**attempt)
            attempt += 1


# The GSM 03.38 alphabet of one SMS (160 characters): the basic set, and the extension set whose
# characters take two places each. Danish æ ø å Æ Ø Å are in the basic set; a text with any
# other character is sent as UCS-2, 70 characters a part.
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")
SMS_LENGTH = 160


def gsm7_length(text: str) -> int | None:
    """How many of one SMS's 160 places `text` takes, or None if it needs UCS-2."""
    length = 0
    for char in text:
        if char in GSM7_BASIC:
            length += 1
        elif char in GSM7_EXTENSION:
            length += 2
        else:
            return None
    return length


def gsm7_text(text: str) -> str:
    """`text` in the GSM alphabet, so it is sent as one 160-character SMS rather than as UCS-2
    (70 a part): a letter with an accent the alphabet lacks loses the accent ("Zoë" → "Zoe"),
    typographic quotes and dashes become plain ones, anything else becomes "?"."""
    if gsm7_length(text) is not None:
        return text
    out = []
    for char in text:
        if char in GSM7_BASIC or char in GSM7_EXTENSION:
            out.append(char)
            continue
        char = GSM7_LOOKALIKES.get(char, char)
        base = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        out.append(base if base and gsm7_length(base) is not None else "?")
    return "".join(out)


GSM7_LOOKALIKES = {
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u2013": "-", "\u2014": "-", "\u2026": "...", "\u00a0": " ", "\u2011": "-",
}  # fmt: skip


def get_sms_backend() -> BaseSMSBackend:
    path = getattr(settings, "SMS_BACKEND", DEFAULT_SMS_BACKEND)
    return import_string(path)()
