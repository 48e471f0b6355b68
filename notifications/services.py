"""Writing to the outbox and delivering from it.

Other apps call `queue_email` / `queue_sms` (inside their own transaction or not) and never send
mail themselves. A row is rendered when it is queued, in the recipient's language, and delivered by
`send_due`, which a Celery task (`notifications.tasks.send_due_notifications`, the "drain") and
the management command `send_notifications` call. A commit that queued something due publishes one
drain (none while another is still waiting), with a short broker timeout and no retries; beat runs
the drain every minute anyway, so a message whose drain was never published still goes out. Each
message is delivered and marked sent in its own short transaction: a worker killed at any moment
sends again at most the one message it had in flight, and loses none.

Opt-out: a recipient who opted out of a category still gets a row, with status `cancelled`, so
the admin shows what was not sent and why, and the idempotency key stays taken. Rows queued before
the opt-out are cancelled by `opt_out` and, should one slip through, by `send_due`.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import smtplib
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import DatabaseError, IntegrityError, models, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Cast, Concat
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.contacts import contact_digest, normalise_contact
from notifications.models import (
    Category,
    Channel,
    Notification,
    NotificationAttachment,
    PreferredChannel,
    ShortLink,
    Suppression,
)
from notifications.sms import SMSError, get_sms_backend, gsm7_text

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "notifications.unsubscribe"
DEFAULT_MAX_ATTEMPTS = 5
RETRY_BASE = timedelta(minutes=1)
RETRY_CAP = timedelta(hours=6)
DELIVERY_ERRORS = (smtplib.SMTPException, OSError, SMSError)

# Kinds of message whose text holds a secret that opens someone's private pages (a participant's
# sign-in link to their own plan): the admin never shows their text, and the text is emptied as
# soon as the message is sent. Apps above register theirs (`register_secret_kind`).
SECRET_KINDS: set[str] = set()


def register_secret_kind(kind: str) -> None:
    SECRET_KINDS.add(kind)


def is_secret(notification: Notification) -> bool:
    return notification.kind in SECRET_KINDS


# Publishing a drain task from a request: seconds to wait for the broker, then give up.
DEFAULT_PUBLISH_TIMEOUT = 1.0
# "A drain is queued and has not started": commits that see it publish nothing more. It expires
# on its own in case the queued drain is lost; the periodic drain covers the gap.
DRAIN_QUEUED_KEY = "notifications:drain-queued"
DRAIN_QUEUED_TTL = 120


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    content_type: str = "application/octet-stream"


AttachmentLike = Attachment | tuple[str, bytes, str]


# --- helpers ---------------------------------------------------------------------------------


def make_unsubscribe_token(*, recipient: str, category: str) -> str:
    """A signed, non-expiring token naming a recipient and a category.

    It is revoked for all recipients by rotating SECRET_KEY (without SECRET_KEY_FALLBACKS).
    """
    return signing.dumps({"r": recipient, "c": category}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[str, str]:
    """Return (recipient, category); raise `signing.BadSignature` for a bad token."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(data, dict) or data.get("c") not in Category.values:
        raise signing.BadSignature("Unexpected token payload")
    if data["c"] == Category.TRANSACTIONAL or not data.get("r"):
        raise signing.BadSignature("Unexpected token payload")
    return str(data["r"]), str(data["c"])


def unsubscribe_url(*, recipient: str, category: str) -> str:
    token = make_unsubscribe_token(recipient=recipient, category=category)
    path = reverse("notifications:unsubscribe", kwargs={"token": token})
    return getattr(settings, "SITE_URL", "").rstrip("/") + path


def _max_attempts() -> int:
    return int(getattr(settings, "NOTIFICATIONS_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS))


def _backoff(attempts: int) -> timedelta:
    return min(RETRY_BASE * (2 ** max(attempts - 1, 0)), RETRY_CAP)


def _language(language: str | None) -> str:
    try:
        return translation.get_supported_language_variant(language or settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE


def _slot_text(slot: Any, due_at: datetime | None) -> str:
    if slot is None:
        slot = due_at
    if slot is None:
        return ""
    if isinstance(slot, datetime):
        return slot.astimezone(UTC).isoformat() if timezone.is_aware(slot) else str(slot)
    if isinstance(slot, date):
        return slot.isoformat()
    return str(slot)


def _about_parts(about: models.Model | None) -> tuple[ContentType | None, str]:
    if about is None:
        return None, ""
    if about.pk is None:
        raise ValueError("A notification can only be about a saved object.")
    return ContentType.objects.get_for_model(about), str(about.pk)


def idempotency_key(
    *, kind: str, about: models.Model | None, recipient: str, slot: Any = None, due_at=None
) -> str:
    """kind + object + recipient + due slot; hashed when it would not fit the column."""
    label = f"{about._meta.concrete_model._meta.label_lower}:{about.pk}" if about else ""
    key = f"{kind}|{label}|{recipient}|{_slot_text(slot, due_at)}"
    if len(key) > 255:
        key = f"{kind[:150]}|sha256:{hashlib.sha256(key.encode()).hexdigest()}"
    return key


def _find_existing(key: str) -> Notification | None:
    return Notification.objects.filter(idempotency_key=key).first()


def _is_suppressed(recipient: str, category: str) -> bool:
    if category == Category.TRANSACTIONAL:
        return False
    return Suppression.objects.filter(recipient=recipient, category=category).exists()


def _render_text(name: str, context: dict) -> str:
    """Render a plain-text template without HTML escaping."""
    return get_template(name).template.render(Context(context, autoescape=False))


def _base_context(*, recipient: str, category: str, language: str, context: dict) -> dict:
    base = {
        "SITE_NAME": getattr(settings, "SITE_NAME", "Peerplatform"),
        "SITE_URL": getattr(settings, "SITE_URL", "").rstrip("/"),
        "CONTACT_EMAIL": getattr(settings, "CONTACT_EMAIL", ""),
        "category": category,
        "language": language,
        "unsubscribe_url": (
            unsubscribe_url(recipient=recipient, category=category)
            if category != Category.TRANSACTIONAL
            else ""
        ),
    }
    base.update(context or {})
    return base


class _DrainAfterCommit:
    """The flag shared by the callbacks one commit runs: the first publishes the drain."""

    __slots__ = ("done", "waiting")

    def __init__(self) -> None:
        self.done = False
        self.waiting: weakref.ref | None = None  # the callback last handed to on_commit


_DRAIN_FLAG = "notifications_drain_after_commit"


def _schedule_sending() -> None:
    """After commit, ask a worker to send what is due (one drain per commit).

    One flag on the connection is shared by every callback registered with
    `transaction.on_commit` until a commit runs them: the first to run publishes the drain and
    sets the flag, any other returns. A second message registers nothing while the last callback
    is still waiting. Django holds a waiting callback and lets go of it when it runs or when the
    savepoint or transaction it was registered in rolls back, so the flag keeps only a weak
    reference to it: alive means it will run at this transaction's commit (a rollback that could
    still drop it drops this message too); gone means register again."""
    connection = transaction.get_connection()
    flag = getattr(connection, _DRAIN_FLAG, None)
    if flag is None or flag.done:
        flag = _DrainAfterCommit()
        setattr(connection, _DRAIN_FLAG, flag)
    if flag.waiting is not None and flag.waiting() is not None:
        return

    def drain_once() -> None:
        if flag.done:
            return
        flag.done = True
        _enqueue_send()

    flag.waiting = weakref.ref(drain_once)
    transaction.on_commit(drain_once, robust=True)


def _publish_timeout() -> float:
    return float(getattr(settings, "NOTIFICATIONS_PUBLISH_TIMEOUT", DEFAULT_PUBLISH_TIMEOUT))


def _enqueue_send() -> None:
    """Publish one drain task, unless one is already waiting; never block the request for long.

    Coalescing: a flag in the cache says "a drain is queued and has not started yet"; the drain
    clears it when it starts (`drain_started`), so a commit that finds the flag set is sure to be
    seen by that drain. Publishing uses a fresh broker connection with a short timeout and no
    retries: when the broker is down this gives up at once, the row stays pending and the periodic
    drain (beat, every minute) sends it once the broker is back.
    """
    from notifications.tasks import send_due_notifications

    app = send_due_notifications.app
    if app.conf.task_always_eager:
        send_due_notifications.delay()
        return
    try:
        if not cache.add(DRAIN_QUEUED_KEY, True, timeout=DRAIN_QUEUED_TTL):
            return
    except Exception:  # noqa: BLE001 - a cache outage must not stop the message
        logger.warning("Cache unavailable: publishing a drain without coalescing", exc_info=True)
    timeout = _publish_timeout()
    try:
        with app.connection_for_write(
            connect_timeout=timeout,
            transport_options={
                "max_retries": 0,
                "socket_connect_timeout": timeout,
                "socket_timeout": timeout,
            },
        ) as connection:
            send_due_notifications.apply_async(connection=connection, retry=False)
    except Exception:  # noqa: BLE001 - any broker failure: the periodic drain picks it up
        logger.warning(
            "Broker unavailable: the message stays in the outbox for the periodic drain",
            exc_info=True,
        )
        drain_started()


def drain_started() -> None:
    """Clear the "drain queued" flag: commits from now on publish a new drain."""
    try:
        cache.delete(DRAIN_QUEUED_KEY)
    except Exception:  # noqa: BLE001 - the flag expires on its own
        logger.warning("Cache unavailable: could not clear the drain flag", exc_info=True)


def _as_attachment(item: AttachmentLike) -> Attachment:
    if isinstance(item, Attachment):
        return item
    filename, content, content_type = item
    return Attachment(filename=filename, content=content, content_type=content_type)


def _site_link_pattern() -> re.Pattern | None:
    site = getattr(settings, "SITE_URL", "").rstrip("/")
    if not site:
        return None
    return re.compile(re.escape(site) + r"""(/[^\s"'<>]*)?""")


def links_in_language(body: str, language: str, *, html: bool = False) -> str:
    """Every link to this site in a message opens in the message's language (`?lang=da|en`).

    The page it opens reads the parameter once (core.language.LinkLanguageMiddleware), keeps the
    language in the person's cookie and drops the parameter, so the language switcher still wins
    afterwards.
    """
    pattern = _site_link_pattern()
    if pattern is None or not body:
        return body
    ampersand = "&amp;" if html else "&"

    def add(match: re.Match) -> str:
        url = match.group(0)
        trailing = ""
        while url and url[-1] in ".,;:!?)":  # sentence punctuation after a link in plain text
            url, trailing = url[:-1], url[-1] + trailing
        if re.search(r"[?&](amp;)?lang=", url):
            return url + trailing
        if "#" in url:
            url, fragment = url.split("#", 1)
            fragment = "#" + fragment
        else:
            fragment = ""
        joiner = ampersand if "?" in url else "?"
        return f"{url}{joiner}lang={language}{fragment}{trailing}"

    return pattern.sub(add, body)


def _render_email(
    *, template: str, recipient: str, category: str, language: str, context: dict | None
) -> tuple[str, str, str]:
    """Subject, text and HTML of an e-mail (call inside `translation.override(language)`)."""
    ctx = _base_context(
        recipient=recipient, category=category, language=language, context=context or {}
    )
    subject = " ".join(_render_text(f"{template}.subject.txt", ctx).split())[:255]
    ctx.setdefault("subject", subject)
    text = re.sub(r"\n{3,}", "\n\n", _render_text(f"{template}.txt", ctx)).strip() + "\n"
    html = render_to_string(f"{template}.html", ctx)
    return (
        subject,
        links_in_language(text, language),
        links_in_language(html, language, html=True),
    )


@dataclass(frozen=True, kw_only=True)
class Message:
    """One message for the outbox (`queue_messages`): `queue_email`'s and `queue_sms`'s
    arguments, and the channel. An e-mail renders `{template}.subject.txt`, `.txt` and `.html`;
    a text message renders `{template}.sms.txt`."""

    kind: str
    to: str
    template: str
    context: dict = field(default_factory=dict)
    language: str = "da"
    about: models.Model | None = None
    due_at: datetime | None = None
    slot: Any = None
    category: str = Category.TRANSACTIONAL
    attachments: Sequence[AttachmentLike] = ()
    channel: str = Channel.EMAIL


#: The name the reminder jobs and the benchmark know: a `Message` is an e-mail unless told.
Email = Message


@dataclass(frozen=True)
class _Prepared:
    message: Message
    recipient: str
    language: str
    key: str


def _prepare(message: Message) -> _Prepared:
    if message.category not in Category.values:
        raise ValidationError(_("Unknown message category."))
    if message.channel not in Channel.values:
        raise ValidationError(_("Unknown message channel."))
    recipient = normalise_contact(message.to)
    if not recipient:
        raise ValidationError(_("A message needs a recipient."))
    key = idempotency_key(
        kind=message.kind,
        about=message.about,
        recipient=recipient,
        slot=message.slot,
        due_at=message.due_at,
    )
    return _Prepared(message, recipient, _language(message.language), key)


# --- text messages -----------------------------------------------------------------------------

SHORT_LINK_PATH = "/s/"
SHORT_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read off a phone
SHORT_CODE_LENGTH = 10
SHORT_LINK_LIFETIME = timedelta(days=180)  # longer than any signed link it stands for
# A secret (a sign-in link that works once, for minutes) is short-linked for no longer than this.
SECRET_SHORT_LINK_LIFETIME = timedelta(hours=1)
SHORTEN_OVER = 40  # characters after the site's address: signed links are, readable ones not


class _ShortLinks:
    """The short links made while rendering a batch of texts; written with the batch."""

    def __init__(self, now: datetime):
        self.now = now
        self.rows: list[ShortLink] = []

    def shorten(self, url: str, *, recipient: str, secret: bool = False) -> str:
        code = "".join(secrets.choice(SHORT_CODE_ALPHABET) for _i in range(SHORT_CODE_LENGTH))
        lifetime = SECRET_SHORT_LINK_LIFETIME if secret else SHORT_LINK_LIFETIME
        self.rows.append(
            ShortLink(
                code=code,
                url=url,
                recipient_digest=contact_digest(recipient),
                created_at=self.now,
                expires_at=self.now + lifetime,
            )
        )
        return getattr(settings, "SITE_URL", "").rstrip("/") + SHORT_LINK_PATH + code


def stop_line(*, link: str) -> str:
    """The last line of every text that can be turned off: how to turn it off (a web page; the
    platform reads no answers to its texts, so it does not ask for one)."""
    return _("Stop texts: %(link)s") % {"link": link}


def _render_sms(
    *, prepared: _Prepared, context: dict | None, links: _ShortLinks
) -> str:  # call inside `translation.override(language)`
    message, recipient, language = prepared.message, prepared.recipient, prepared.language
    ctx = _base_context(
        recipient=recipient, category=message.category, language=language, context=context or {}
    )
    text = links_in_language(_render_text(f"{message.template}.sms.txt", ctx).strip(), language)
    pattern = _site_link_pattern()
    if pattern is not None:
        # Long signed links become short ones, so a text fits in one SMS. The short link to a
        # secret (a sign-in link) lives an hour only: the link itself works once, for minutes.
        secret = message.kind in SECRET_KINDS
        text = pattern.sub(
            lambda m: _shorten_trailing(m.group(0), links, recipient, secret=secret), text
        )
    if message.category != Category.TRANSACTIONAL:
        url = links_in_language(
            unsubscribe_url(recipient=recipient, category=message.category), language
        )
        text = f"{text}\n{stop_line(link=links.shorten(url, recipient=recipient))}"
    return gsm7_text(text)


def _shorten_trailing(url: str, links: _ShortLinks, recipient: str, *, secret: bool) -> str:
    """A long link (a signed token) as a short one; a short, readable one stays."""
    trailing = ""
    while url and url[-1] in ".,;:!?)":
        url, trailing = url[:-1], url[-1] + trailing
    site = getattr(settings, "SITE_URL", "").rstrip("/")
    if len(url) - len(site) <= SHORTEN_OVER:
        return url + trailing
    return links.shorten(url, recipient=recipient, secret=secret) + trailing


def resolve_short_link(code: str) -> str | None:
    """Where a short link leads, or None when there is no such link or it has expired."""
    link = ShortLink.objects.filter(code=code, expires_at__gt=timezone.now()).first()
    return link.url if link is not None else None


def delete_expired_short_links(*, now: datetime | None = None) -> int:
    """Short links past their time lead nowhere: delete them (the nightly retention job), so the
    signed links and address hashes they hold are not kept longer than they work."""
    deleted, _by_model = ShortLink.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted


# --- writing rows ------------------------------------------------------------------------------


def _insert(rows: list[Notification], files: list[list[Attachment]]) -> None:
    Notification.objects.bulk_create(rows)
    NotificationAttachment.objects.bulk_create(
        NotificationAttachment(
            notification=row,
            filename=f.filename,
            content_type=f.content_type,
            content=f.content,
        )
        for row, attached in zip(rows, files, strict=True)
        for f in attached
    )


def _write(prepared: list[_Prepared], *, taken: set[str]) -> list[Notification]:
    """Render and insert every message whose key is not in `taken` (nor twice in `prepared`);
    return the rows written. Call inside a transaction. A fixed number of queries: opt-outs,
    short links, rows, attachments. Should another process insert one of the keys between the
    caller's look-up and this insert, the rows go in one at a time and the taken ones are
    skipped (and not counted)."""
    now = timezone.now()
    todo = []
    for item in prepared:
        if item.key not in taken:
            taken.add(item.key)
            todo.append(item)
    if not todo:
        return []
    opt_outable = {i.recipient for i in todo if i.message.category != Category.TRANSACTIONAL}
    suppressed = (
        set(
            Suppression.objects.filter(recipient__in=opt_outable).values_list(
                "recipient", "category"
            )
        )
        if opt_outable
        else set()
    )
    links = _ShortLinks(now)
    rows: list[Notification] = []
    files: list[list[Attachment]] = []
    for item in todo:
        message = item.message
        content_type, object_id = _about_parts(message.about)
        due_at = message.due_at or now
        with translation.override(item.language):
            if message.channel == Channel.SMS:
                subject, body_html = "", ""
                body_text = _render_sms(prepared=item, context=message.context, links=links)
            else:
                subject, body_text, body_html = _render_email(
                    template=message.template,
                    recipient=item.recipient,
                    category=message.category,
                    language=item.language,
                    context=message.context,
                )
        rows.append(
            Notification(
                recipient=item.recipient,
                recipient_digest=contact_digest(item.recipient),
                channel=message.channel,
                kind=message.kind,
                category=message.category,
                content_type=content_type,
                object_id=object_id,
                language=item.language,
                due_at=due_at,
                next_attempt_at=due_at,
                status=(
                    Notification.Status.CANCELLED
                    if (item.recipient, message.category) in suppressed
                    else Notification.Status.PENDING
                ),
                subject=subject,
                body_text=body_text,
                body_html=body_html,
                idempotency_key=item.key,
            )
        )
        attached = [] if message.channel == Channel.SMS else message.attachments
        files.append([_as_attachment(a) for a in attached])
    if links.rows:
        ShortLink.objects.bulk_create(links.rows)
    try:
        with transaction.atomic():
            _insert(rows, files)
    except IntegrityError:
        # Someone else queued one of these keys between the look-up and the insert.
        written = []
        for row, attached in zip(rows, files, strict=True):
            row.pk, row._state.adding = None, True  # a rolled-back batch may have set it
            try:
                with transaction.atomic():
                    _insert([row], [attached])
            except IntegrityError:
                continue
            written.append(row)
        rows = written
    if any(r.status == Notification.Status.PENDING and r.due_at <= now for r in rows):
        _schedule_sending()
    return rows


@transaction.atomic
def _queue(message: Message) -> Notification:
    """One message: the row written, or the one already there for the same key."""
    item = _prepare(message)
    existing = _find_existing(item.key)
    if existing is not None:
        return existing
    written = _write([item], taken=set())
    return written[0] if written else Notification.objects.get(idempotency_key=item.key)


@transaction.atomic
def _queue_batch(messages: list[Message]) -> int:
    prepared = [_prepare(m) for m in messages]
    taken = set(
        Notification.objects.filter(idempotency_key__in=[i.key for i in prepared]).values_list(
            "idempotency_key", flat=True
        )
    )
    return len(_write(prepared, taken=taken))


# --- public API ------------------------------------------------------------------------------


def queue_email(**message: Any) -> Notification:
    """Put one e-mail in the outbox (or return the row already there for the same key); the
    arguments are `Message`'s fields (`kind`, `to`, `template`, then optional `context`,
    `language`, `about`, `due_at`, `slot`, `category`, `attachments`).

    Renders `{template}.subject.txt`, `{template}.txt` and `{template}.html` in `language`; the
    body templates extend `notifications/email/base.txt` / `base.html`. `slot` tells repeated
    messages of the same kind about the same object apart (e.g. the meeting's date); it defaults
    to `due_at`. `attachments` are `Attachment`s or `(filename, bytes, content_type)` tuples.
    """
    return _queue(_message(Channel.EMAIL, message))


def queue_sms(**message: Any) -> Notification:
    """Put one SMS in the outbox (`Message`'s fields, no attachments); renders
    `{template}.sms.txt` in `language`. Long links to this site become short links
    (`/s/<code>`; an hour only for a secret kind); a text that can be turned off (not
    transactional) ends with `stop_line`, a short link to the opt-out page."""
    if message.get("attachments"):
        raise TypeError("A text message has no attachments.")
    return _queue(_message(Channel.SMS, message))


def _message(channel: str, fields: dict) -> Message:
    """A `Message` from keyword arguments; a missing or unknown one is a TypeError, as in a
    call with a fixed signature."""
    if "channel" in fields:
        raise TypeError("The function names the channel.")
    return Message(
        **{**fields, "context": fields.get("context") or {}},
        channel=channel,
    )


def queue_messages(messages: Iterable[Message], *, batch_size: int = 500) -> int:
    """Put many messages (e-mails and texts) in the outbox at once; returns how many new rows
    were written.

    The same rules as `queue_email` / `queue_sms` (idempotency key, opt-outs, rendering in the
    recipient's language), with a fixed number of queries per batch: one to find keys already
    taken, one for opt-outs, one insert of short links, one of the rows and one of their
    attachments. Messages whose key is already taken (also twice in `messages`) are skipped.
    Should another process insert one of the keys in between, that batch is written one message
    at a time instead, and only the rows written are counted.
    """
    written = 0
    batch: list[Message] = []
    for message in messages:
        batch.append(message)
        if len(batch) >= batch_size:
            written += _queue_batch(batch)
            batch = []
    if batch:
        written += _queue_batch(batch)
    return written


#: The older name: `queue_emails` takes `Email`s, which are `Message`s.
queue_emails = queue_messages


# --- the person's preferred channel ----------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Contact:
    """Where one person hears from us: their addresses, their preferred channel
    (`PreferredChannel`) and language. Models give theirs (`Participant.contact_point`,
    `PeerGuide.contact_point`)."""

    email: str = ""
    phone: str = ""
    preferred: str = PreferredChannel.AUTOMATIC
    language: str = "da"

    def addresses(self) -> list[tuple[str, str]]:
        """(channel, address) for each channel a message goes by: the preferred ones the person
        has an address for; else (no preference, or its address is gone) e-mail if they have
        an address, otherwise a text."""
        have = {Channel.EMAIL: self.email.strip(), Channel.SMS: self.phone.strip()}
        wanted = {
            PreferredChannel.EMAIL: [Channel.EMAIL],
            PreferredChannel.SMS: [Channel.SMS],
            PreferredChannel.BOTH: [Channel.EMAIL, Channel.SMS],
        }.get(self.preferred, [])
        chosen = [(channel, have[channel]) for channel in wanted if have[channel]]
        if not chosen:
            chosen = [(c, have[c]) for c in (Channel.EMAIL, Channel.SMS) if have[c]][:1]
        return chosen


def messages_for(
    contact: Contact,
    *,
    kind: str,
    template: str,
    context: dict | None = None,
    about: models.Model | None = None,
    due_at: datetime | None = None,
    slot: Any = None,
    category: str = Category.TRANSACTIONAL,
    attachments: Sequence[AttachmentLike] = (),
    sms_template: str | None = None,
) -> list[Message]:
    """The messages one notice becomes for one person: one per channel they prefer (none when
    they have no address). `template` names both the e-mail (`{template}.txt`, ...) and the
    text (`{template}.sms.txt`), unless `sms_template` names the text's own; attachments go
    with the e-mail only."""
    return [
        Message(
            channel=channel,
            kind=kind,
            to=address,
            template=(sms_template or template) if channel == Channel.SMS else template,
            context=context or {},
            language=contact.language,
            about=about,
            due_at=due_at,
            slot=slot,
            category=category,
            attachments=attachments if channel == Channel.EMAIL else (),
        )
        for channel, address in contact.addresses()
    ]


def notify(contact: Contact, **notice: Any) -> list[Notification]:
    """Queue one notice to a person by their preferred channel(s) (`messages_for`'s arguments);
    returns the rows (new, or already there for the same key). Each channel has its own
    idempotency key (the address is part of it) and its own opt-out."""
    return [_queue(message) for message in messages_for(contact, **notice)]


def _email_message(notification: Notification, connection) -> EmailMultiAlternatives:
    headers = {"Auto-Submitted": "auto-generated", "Content-Language": notification.language}
    if notification.category != Category.TRANSACTIONAL:
        url = unsubscribe_url(recipient=notification.recipient, category=notification.category)
        headers["List-Unsubscribe"] = f"<{url}>"
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=notification.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient],
        headers=headers,
        connection=connection,
    )
    if notification.body_html:
        message.attach_alternative(notification.body_html, "text/html")
    for attachment in notification.attachments.all():
        message.attach(attachment.filename, bytes(attachment.content), attachment.content_type)
    return message


class _Sender:
    """Delivers one message at a time over a mail connection opened once per drain.

    A connection that will not open fails every e-mail of this drain with that error (each row
    gets its attempt and back-off) instead of trying again for each one; a connection that breaks
    while sending is dropped and opened afresh for the next message.
    """

    def __init__(self):
        self.mail_connection = None
        self.open_error: BaseException | None = None
        self.sms_backend = None

    def send(self, notification: Notification) -> None:
        if notification.channel == Channel.EMAIL:
            if self.open_error is not None:
                raise self.open_error
            if self.mail_connection is None:
                connection = get_connection(fail_silently=False)
                try:
                    connection.open()
                except DELIVERY_ERRORS as exc:
                    self.open_error = exc
                    raise
                self.mail_connection = connection
            try:
                _email_message(notification, self.mail_connection).send()
            except DELIVERY_ERRORS:
                self.close()
                raise
        else:
            self.sms_backend = self.sms_backend or get_sms_backend()
            self.sms_backend.send(to=notification.recipient, body=notification.body_text)

    def close(self) -> None:
        connection, self.mail_connection = self.mail_connection, None
        if connection is not None:
            try:
                connection.close()
            except DELIVERY_ERRORS:
                logger.warning("Closing the mail connection failed", exc_info=True)


def _record_failure(notification: Notification, exc: BaseException, now: datetime) -> None:
    notification.attempts += 1
    notification.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    # A refusal that trying again cannot change (the SMS gateway's 4xx) fails at once.
    if notification.attempts >= _max_attempts() or getattr(exc, "permanent", False):
        notification.status = Notification.Status.FAILED
        notification.next_attempt_at = None
    else:
        notification.next_attempt_at = max(now, timezone.now()) + _backoff(notification.attempts)
    notification.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
    logger.warning(
        "Notification %s (%s) not delivered, attempt %s: %s",
        notification.pk,
        notification.kind,
        notification.attempts,
        notification.last_error,
    )


def _send_next(sender: _Sender, now: datetime) -> bool | None:
    """Claim, deliver and record one due message in its own short transaction.

    Returns True when it was sent, False when it was not (failed, or cancelled by an opt-out),
    None when nothing (unlocked) is due. The row is locked (`FOR UPDATE SKIP LOCKED`) from the
    moment it is claimed until it is marked sent, right after the backend accepted it: a worker
    killed at any moment leaves at most this one message delivered but still pending (it goes out
    again), and every other row untouched.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(status=Notification.Status.PENDING, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "id")
            .first()
        )
        if notification is None:
            return None
        if _is_suppressed(notification.recipient, notification.category):
            Notification.objects.filter(pk=notification.pk).update(
                status=Notification.Status.CANCELLED
            )
            return False
        try:
            sender.send(notification)
        except DELIVERY_ERRORS as exc:
            _record_failure(notification, exc, now)
            return False
        except DatabaseError:
            raise
        except Exception as exc:  # noqa: BLE001 - a message that cannot be built fails alone
            logger.exception("Notification %s could not be sent", notification.pk)
            _record_failure(notification, exc, now)
            return False
        sent = {"body_text": "", "body_html": ""} if is_secret(notification) else {}
        Notification.objects.filter(pk=notification.pk).update(
            status=Notification.Status.SENT,
            sent_at=timezone.now(),
            attempts=F("attempts") + 1,
            last_error="",
            **sent,
        )
        return True


def send_due(*, batch_size: int = 50, now: datetime | None = None) -> int:
    """Send every pending row that is due, one message per transaction; return how many were sent.

    Each message is claimed with `SELECT ... FOR UPDATE SKIP LOCKED`, delivered and marked sent
    before its transaction commits, so parallel workers never send the same row and a crash
    re-sends at most the one message that was in flight. Every row it looks at leaves the due set
    (sent, cancelled or retried later), so it ends. `batch_size` is how many messages go over one
    mail connection before it is renewed.
    """
    now = now or timezone.now()
    total = 0
    sender = _Sender()
    try:
        while True:
            outcome = None
            for _i in range(max(batch_size, 1)):
                outcome = _send_next(sender, now)
                if outcome is None:
                    break
                total += outcome
            sender.close()
            if outcome is None:
                return total
    finally:
        sender.close()


@transaction.atomic
def resend(*, notification: Notification) -> Notification:
    """Put a failed row back in the queue, due now, with a fresh set of attempts."""
    notification = Notification.objects.select_for_update().get(pk=notification.pk)
    if notification.status != Notification.Status.FAILED:
        raise ValidationError(_("Only a message that failed can be sent again."))
    notification.status = Notification.Status.PENDING
    notification.attempts = 0
    notification.next_attempt_at = timezone.now()
    notification.save(update_fields=["status", "attempts", "next_attempt_at"])
    _schedule_sending()
    return notification


@transaction.atomic
def cancel_for(*, about: models.Model, kinds: Iterable[str] | None = None) -> int:
    """Cancel the pending messages about an object (optionally only some kinds)."""
    content_type, object_id = _about_parts(about)
    rows = Notification.objects.filter(
        content_type=content_type, object_id=object_id, status=Notification.Status.PENDING
    )
    if kinds is not None:
        rows = rows.filter(kind__in=list(kinds))
    return rows.update(status=Notification.Status.CANCELLED)


@transaction.atomic
def opt_out(*, recipient: str, category: str) -> Suppression:
    """Stop messages of a category to a recipient; transactional messages cannot be stopped."""
    if category not in Category.values or category == Category.TRANSACTIONAL:
        raise ValidationError(_("This kind of message cannot be turned off."))
    recipient = normalise_contact(recipient)
    if not recipient:
        raise ValidationError(_("A message needs a recipient."))
    suppression, _created = Suppression.objects.get_or_create(
        recipient=recipient,
        category=category,
        defaults={"recipient_digest": contact_digest(recipient)},
    )
    Notification.objects.filter(
        recipient=recipient, category=category, status=Notification.Status.PENDING
    ).update(status=Notification.Status.CANCELLED)
    return suppression


@transaction.atomic
def opt_in(*, recipient: str, category: str) -> int:
    """Undo `opt_out`: future messages of the category are sent again."""
    deleted, _details = Suppression.objects.filter(
        recipient=normalise_contact(recipient), category=category
    ).delete()
    return deleted


# --- erasure ---------------------------------------------------------------------------------

ERASED = "[erased]"


def _scrub(ids: list[int]) -> int:
    """Blank the personal content of outbox rows and delete their attachments. The rows stay
    (counts, statuses and dates still add up); pending ones are cancelled, never sent blank."""
    if not ids:
        return 0
    NotificationAttachment.objects.filter(notification_id__in=ids).delete()
    Notification.objects.filter(pk__in=ids, status=Notification.Status.PENDING).update(
        status=Notification.Status.CANCELLED
    )
    Notification.objects.filter(pk__in=ids).update(
        subject=ERASED, body_text="", body_html="", last_error=""
    )
    return len(ids)


@transaction.atomic
def scrub_recipients(digests: Iterable[str]) -> int:
    """Erase recipients from the outbox, given the keyed hashes of their addresses
    (`core.contacts.contact_digest`): every message to any of them loses its address, subject,
    texts and attachments, whatever it was about; the idempotency key (which holds the address)
    is replaced by the row's id; their opt-outs and the short links in their texts are deleted.
    Returns the number of messages."""
    digests = sorted({d for d in digests if d})
    if not digests:
        return 0
    ids = list(
        Notification.objects.filter(recipient_digest__in=digests).values_list("pk", flat=True)
    )
    count = _scrub(ids)
    Notification.objects.filter(pk__in=ids).update(
        recipient=ERASED,
        recipient_digest="",
        idempotency_key=Concat(Value("erased:"), Cast("pk", models.CharField())),
    )
    Suppression.objects.filter(recipient_digest__in=digests).delete()
    ShortLink.objects.filter(recipient_digest__in=digests).delete()
    return count


def scrub_recipient(recipient: str) -> int:
    """`scrub_recipients` for one address or phone number."""
    return scrub_recipients([contact_digest(recipient)])


@transaction.atomic
def scrub_about(objects: Iterable[models.Model]) -> int:
    """Erase the texts of messages *about* the given objects, whoever got them (a guide's
    introduction names the participant). Recipients and keys stay: they are someone else's."""
    by_type: dict[int, set[str]] = {}
    for obj in objects:
        content_type, object_id = _about_parts(obj)
        by_type.setdefault(content_type.pk, set()).add(object_id)
    if not by_type:
        return 0
    about = Q(pk__in=[])
    for content_type_id, object_ids in by_type.items():
        about |= Q(content_type_id=content_type_id, object_id__in=sorted(object_ids))
    return _scrub(list(Notification.objects.filter(about).values_list("pk", flat=True)))
