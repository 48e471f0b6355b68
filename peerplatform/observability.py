"""Seeing errors and logs in production without leaking participants' private links.

- `redact_tokens`: the signed tokens in participants' links (`/kurser/bekraeft/<token>/`, the
  guide's calendar feed, password-reset links) become `<token>` in anything written to a log or
  sent to Sentry. Whoever holds such a link can act as that participant.
- `GunicornLogger`: gunicorn's logger class (gunicorn.conf.py) with the access log redacted, in
  JSON when LOG_FORMAT=json.
- `logging_config`: Django's LOGGING, plain text or JSON (python-json-logger).
- `init_sentry`: optional error reporting (SENTRY_DSN) through sentry-sdk's Django and Celery
  integrations, with no personal data, no request bodies and no local variables.

Imports nothing from Django at module level: gunicorn.conf.py loads it before Django is set up.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit, urlunsplit

from gunicorn import glogging

REDACTED = "<token>"

# A Django signed value (`signing.dumps`, `TimestampSigner`) always holds colons, raw or %3A.
_SIGNED_SEGMENT = re.compile(r"(?<=[/=&])[^/?#&=\s]*(?::|%3[aA])[^/?#&=\s]*")
# Secrets that are not signed values: the calendar feed key and Django's password-reset link.
_CALENDAR_FEED = re.compile(r"(/kalender/)[^/?#\s]+(\.ics)")
_PASSWORD_RESET = re.compile(r"(/reset/)[^/?#\s]+/[^/?#\s]+")


def _redact_path(text: str) -> str:
    text = _SIGNED_SEGMENT.sub(REDACTED, text)
    text = _CALENDAR_FEED.sub(rf"\g<1>{REDACTED}\g<2>", text)
    return _PASSWORD_RESET.sub(rf"\g<1>{REDACTED}/{REDACTED}", text)


def redact_tokens(url: str | None) -> str | None:
    """A path, a path with a query, or a whole URL, with every private token replaced."""
    if not url or not isinstance(url, str):
        return url
    if "://" not in url:
        path, sep, query = url.partition("?")
        return _redact_path(path) + sep + (_redact_path("=" + query)[1:] if query else "")
    parts = urlsplit(url)
    query = _redact_path("=" + parts.query)[1:] if parts.query else ""
    return urlunsplit(parts._replace(path=_redact_path(parts.path), query=query))


def _redact_request_line(line: str) -> str:
    method, _, rest = line.partition(" ")
    uri, _, protocol = rest.rpartition(" ")
    if not uri:  # no protocol part: "GET /path"
        uri, protocol = rest, ""
    return " ".join(part for part in (method, redact_tokens(uri), protocol) if part)


# One JSON object per line: time, level, logger, message (and any `extra` fields).
_JSON_FORMAT = {
    "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
    "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
}


def json_formatter() -> logging.Formatter:
    from pythonjsonlogger.json import JsonFormatter

    return JsonFormatter(**_JSON_FORMAT)


class GunicornLogger(glogging.Logger):
    """gunicorn's logger with private tokens redacted from the access log (path, request line,
    query and referrer), and JSON lines when LOG_FORMAT=json (set in gunicorn.conf.py)."""

    json = False
    _URL_ATOMS = (
        "U",
        "q",
        "f",
        "{referer}i",
        "{raw_uri}e",
        "{request_uri}e",
        "{path_info}e",
        "{query_string}e",
        "{http_referer}e",
    )

    def setup(self, cfg):
        super().setup(cfg)
        if self.json:
            for log in (self.error_log, self.access_log):
                for handler in log.handlers:
                    handler.setFormatter(json_formatter())

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["r"] = _redact_request_line(atoms["r"])
        for key in self._URL_ATOMS:
            if key in atoms:
                atoms[key] = redact_tokens(atoms[key])
        return atoms


class JsonGunicornLogger(GunicornLogger):
    json = True


def logging_config(*, level: str, log_format: str) -> dict:
    """Django's LOGGING: everything to the console, as text or (LOG_FORMAT=json) one JSON object
    per line for a log collector."""
    formatter = (
        {"()": "pythonjsonlogger.json.JsonFormatter", **_JSON_FORMAT}
        if log_format == "json"
        else {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": formatter},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "default"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {"django.db.backends": {"level": "WARNING"}},
    }


def _scrub_event(event, hint):
    """Sentry's before_send: no private tokens in the request's address, query or referrer."""
    request = event.get("request") or {}
    if isinstance(request.get("url"), str):
        request["url"] = redact_tokens(request["url"])
    if isinstance(request.get("query_string"), str):
        request["query_string"] = redact_tokens("?" + request["query_string"])[1:]
    headers = request.get("headers") or {}
    for name in list(headers):
        if name.lower() == "referer":
            headers[name] = redact_tokens(headers[name])
    return event


def init_sentry(*, dsn: str, environment: str, traces_sample_rate: float = 0.0) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,  # no user ids, e-mail addresses, IP addresses or cookies
        max_request_body_size="never",  # form posts hold health data: never sent
        include_local_variables=False,  # stack frames' variables hold tokens and personal data
        traces_sample_rate=traces_sample_rate,
        before_send=_scrub_event,
    )
