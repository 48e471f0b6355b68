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
    Suppression,
)
from notifications.sms import SMSError, get_sms_backend

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


@transaction.atomic
def _queue(
    *,
    channel: str,
    kind: str,
    to: str,
    category: str,
    language: str,
    about: models.Model | None,
    due_at: datetime | None,
    slot: Any,
    render,
    attachments: Iterable[AttachmentLike] = (),
) -> Notification:
    if category not in Category.values:
        raise ValidationError(_("Unknown message category."))
    recipient = normalise_contact(to)
    if not recipient:
        raise ValidationError(_("A message needs a recipient."))
    language = _language(language)
    content_type, object_id = _about_parts(about)
    key = idempotency_key(kind=kind, about=about, recipient=recipient, slot=slot, due_at=due_at)
    existing = _find_existing(key)
    if existing is not None:
        return existing

    now = timezone.now()
    due_at = due_at or now
    status = (
        Notification.Status.CANCELLED
        if _is_suppressed(recipient, category)
        else Notification.Status.PENDING
    )
    with translation.override(language):
        subject, body_text, body_html = render(recipient=recipient, language=language)
    notification = Notification(
        recipient=recipient,
        recipient_digest=contact_digest(recipient),
        channel=channel,
        kind=kind,
        category=category,
        content_type=content_type,
        object_id=object_id,
        language=language,
        due_at=due_at,
        next_attempt_at=due_at,
        status=status,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        idempotency_key=key,
    )
    try:
        with transaction.atomic():
            notification.save(force_insert=True)
            files = [_as_attachment(a) for a in attachments]
            if files:
                NotificationAttachment.objects.bulk_create(
                    NotificationAttachment(
                        notification=notification,
                        filename=f.filename,
                        content_type=f.content_type,
                        content=f.content,
                    )
                    for f in files
                )
    except IntegrityError:
        # Someone else queued the same message between our check and our insert.
        return Notification.objects.get(idempotency_key=key)
    if status == Notification.Status.PENDING and due_at <= now:
        _schedule_sending()
    return notification


# --- public API ------------------------------------------------------------------------------


def queue_email(
    *,
    kind: str,
    to: str,
    template: str,
    context: dict | None = None,
    language: str = "da",
    about: models.Model | None = None,
    due_at: datetime | None = None,
    slot: Any = None,
    category: str = Category.TRANSACTIONAL,
    attachments: Sequence[AttachmentLike] = (),
) -> Notification:
    """Put one e-mail in the outbox (or return the row already there for the same key).

    Renders `{template}.subject.txt`, `{template}.txt` and `{template}.html` in `language`; the
    body templates extend `notifications/email/base.txt` / `base.html`. `slot` tells repeated
    messages of the same kind about the same object apart (e.g. the meeting's date); it defaults
    to `due_at`. `attachments` are `Attachment`s or `(filename, bytes, content_type)` tuples.
    """

    def render(*, recipient: str, language: str) -> tuple[str, str, str]:
        return _render_email(
            template=template,
            recipient=recipient,
            category=category,
            language=language,
            context=context,
        )

    return _queue(
        channel=Channel.EMAIL,
        kind=kind,
        to=to,
        category=category,
        language=language,
        about=about,
        due_at=due_at,
        slot=slot,
        render=render,
        attachments=attachments,
    )


def queue_sms(
    *,
    kind: str,
    to: str,
    template: str,
    context: dict | None = None,
    language: str = "da",
    about: models.Model | None = None,
    due_at: datetime | None = None,
    slot: Any = None,
    category: str = Category.TRANSACTIONAL,
) -> Notification:
    """Put one SMS in the outbox; renders `{template}.sms.txt` in `language`."""

    def render(*, recipient: str, language: str) -> tuple[str, str, str]:
        ctx = _base_context(
            recipient=recipient, category=category, language=language, context=context or {}
        )
        text = _render_text(f"{template}.sms.txt", ctx).strip()
        return "", links_in_language(text, language), ""

    return _queue(
        channel=Channel.SMS,
        kind=kind,
        to=to,
        category=category,
        language=language,
        about=about,
        due_at=due_at,
        slot=slot,
        render=render,
    )


@dataclass(frozen=True, kw_only=True)
class Email:
    """One e-mail for `queue_emails`: the same fields as `queue_email`'s arguments."""

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


def queue_emails(emails: Iterable[Email], *, batch_size: int = 500) -> int:
    """Put many e-mails in the outbox at once; returns how many new rows were written.

    The same rules as `queue_email` (idempotency key, opt-outs, rendering in the recipient's
    language), with a fixed number of queries per batch: one to find keys already taken, one
    for opt-outs, one insert of the rows and one of their attachments. Messages whose key is
    already taken (also twice in `emails`) are skipped. Should another process insert one of
    the keys in between, that batch is queued one message at a time instead.
    """
    written = 0
    batch: list[Email] = []
    for email in emails:
        batch.append(email)
        if len(batch) >= batch_size:
            written += _queue_email_batch(batch)
            batch = []
    if batch:
        written += _queue_email_batch(batch)
    return written


@transaction.atomic
def _queue_email_batch(emails: list[Email]) -> int:
    now = timezone.now()
    prepared = []
    for email in emails:
        if email.category not in Category.values:
            raise ValidationError(_("Unknown message category."))
        recipient = normalise_contact(email.to)
        if not recipient:
            raise ValidationError(_("A message needs a recipient."))
        key = idempotency_key(
            kind=email.kind,
            about=email.about,
            recipient=recipient,
            slot=email.slot,
            due_at=email.due_at,
        )
        prepared.append((email, recipient, _language(email.language), key))
    taken = set(
        Notification.objects.filter(
            idempotency_key__in=[key for *_rest, key in prepared]
        ).values_list("idempotency_key", flat=True)
    )
    opt_outable = {r for e, r, _l, _k in prepared if e.category != Category.TRANSACTIONAL}
    suppressed = (
        set(
            Suppression.objects.filter(recipient__in=opt_outable).values_list(
                "recipient", "category"
            )
        )
        if opt_outable
        else set()
    )
    rows: list[Notification] = []
    files: list[list[Attachment]] = []
    for email, recipient, language, key in prepared:
        if key in taken:
            continue
        taken.add(key)
        content_type, object_id = _about_parts(email.about)
        due_at = email.due_at or now
        with translation.override(language):
            subject, body_text, body_html = _render_email(
                template=email.template,
                recipient=recipient,
                category=email.category,
                language=language,
                context=email.context,
            )
        rows.append(
            Notification(
                recipient=recipient,
                recipient_digest=contact_digest(recipient),
                channel=Channel.EMAIL,
                kind=email.kind,
                category=email.category,
                content_type=content_type,
                object_id=object_id,
                language=language,
                due_at=due_at,
                next_attempt_at=due_at,
                status=(
                    Notification.Status.CANCELLED
                    if (recipient, email.category) in suppressed
                    else Notification.Status.PENDING
                ),
                subject=subject,
                body_text=body_text,
                body_html=body_html,
                idempotency_key=key,
            )
        )
        files.append([_as_attachment(a) for a in email.attachments])
    if not rows:
        return 0
    try:
        with transaction.atomic():
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
    except IntegrityError:
        # Someone else queued one of these keys between our check and our insert.
        keys = {row.idempotency_key for row in rows}
        for email, _to, _lang, key in prepared:
            if key in keys:
                queue_email(**{f: getattr(email, f) for f in Email.__dataclass_fields__})
        return len(rows)
    if any(r.status == Notification.Status.PENDING and r.due_at <= now for r in rows):
        _schedule_sending()
    return len(rows)


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
    is replaced by the row's id; their opt-outs are deleted. Returns the number of messages."""
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
