"""The outbox: every message the platform sends is first a `Notification` row.

This app knows no domain. A row says who gets what, on which channel, in which language and when;
its text is rendered when it is queued, so the sender only delivers. `idempotency_key` (kind +
object + recipient + due slot) is unique, so a retried or duplicated job never sends twice.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class PreferredChannel(models.TextChoices):
    """How a person wants to hear from us. Blank: e-mail when they gave an address, otherwise a
    text message (`notifications.services.Contact.channels`)."""

    AUTOMATIC = "", _("Automatic: e-mail if there is an address, otherwise text message")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Text message")
    BOTH = "both", _("Both e-mail and text message")


def check_preferred_channel(*, preferred: str, email: str | None, phone: str) -> None:
    """A channel chosen without its address is a field error (`preferred_channel`). `email`
    None: not known yet (not checked)."""
    if preferred in (PreferredChannel.SMS, PreferredChannel.BOTH) and not (phone or "").strip():
        raise ValidationError(
            {"preferred_channel": _("Add a phone number to get text messages, or choose e-mail.")}
        )
    email_wanted = preferred in (PreferredChannel.EMAIL, PreferredChannel.BOTH)
    if email_wanted and email is not None and not email.strip():
        raise ValidationError(
            {
                "preferred_channel": _(
                    "Add an e-mail address to get e-mails, or choose text message."
                )
            }
        )


def fit_preferred_channel(*, preferred: str, email: str, phone: str) -> str:
    """The preference as far as the addresses allow (a service storing what a form gave, when
    an address was not kept): "both" without one of them is the other; a channel without its
    address is the automatic choice."""
    email_ok, phone_ok = bool((email or "").strip()), bool((phone or "").strip())
    if preferred == PreferredChannel.BOTH and not (email_ok and phone_ok):
        preferred = PreferredChannel.EMAIL if email_ok else PreferredChannel.SMS
    if (preferred == PreferredChannel.SMS and not phone_ok) or (
        preferred == PreferredChannel.EMAIL and not email_ok
    ):
        return PreferredChannel.AUTOMATIC
    return preferred


def preferred_channel_field():
    """The same field on every person who gets messages (participants, peer guides)."""
    return models.CharField(
        _("preferred channel"),
        max_length=5,
        choices=PreferredChannel.choices,
        blank=True,
        default=PreferredChannel.AUTOMATIC,
        help_text=_("How reminders and other messages reach this person."),
    )


class Category(models.TextChoices):
    """Transactional messages answer something the person did and cannot be opted out of."""

    TRANSACTIONAL = "transactional", _("Transactional")
    REMINDER = "reminder", _("Reminder")


class Notification(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    Channel = Channel
    Category = Category

    recipient = models.CharField(_("recipient"), max_length=254)
    # Keyed hash of the normalised recipient (core.contacts.contact_digest): how erasure finds
    # every message to every address a person ever had, without keeping the addresses.
    recipient_digest = models.CharField(
        _("recipient (keyed hash)"), max_length=64, blank=True, db_index=True, editable=False
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.EMAIL
    )
    kind = models.CharField(_("kind"), max_length=100)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.TRANSACTIONAL
    )
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("about (type)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    object_id = models.CharField(_("about (id)"), max_length=64, blank=True)
    about = GenericForeignKey("content_type", "object_id")
    language = models.CharField(_("language"), max_length=8, default="da")
    due_at = models.DateTimeField(_("due at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    body_text = models.TextField(_("text"), blank=True)
    body_html = models.TextField(_("HTML"), blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=255)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-due_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_key"], name="notifications_unique_idempotency_key"
            ),
        ]
        indexes = [
            # The sender's query: pending rows whose next attempt is due.
            models.Index(
                fields=["next_attempt_at", "id"],
                condition=Q(status="pending"),
                name="notifications_sendable_idx",
            ),
            models.Index(fields=["status", "due_at"], name="notifications_status_due_idx"),
            models.Index(fields=["content_type", "object_id"], name="notifications_about_idx"),
            models.Index(fields=["recipient"], name="notifications_recipient_idx"),
        ]

    def __str__(self):
        return f"{self.kind} → {self.recipient} ({self.get_status_display()})"


class NotificationAttachment(models.Model):
    notification = models.ForeignKey(
        Notification,
        verbose_name=_("notification"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(
        _("content type"), max_length=100, default="application/octet-stream"
    )
    content = models.BinaryField(_("content"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.filename


class Suppression(models.Model):
    """A recipient who asked not to get messages of a category (never transactional)."""

    recipient = models.CharField(_("recipient"), max_length=254)
    recipient_digest = models.CharField(
        _("recipient (keyed hash)"), max_length=64, blank=True, db_index=True, editable=False
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("opt-out")
        verbose_name_plural = _("opt-outs")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "category"], name="notifications_unique_suppression"
            ),
            models.CheckConstraint(
                condition=~Q(category="transactional"),
                name="notifications_suppression_not_transactional",
            ),
        ]

    def __str__(self):
        return f"{self.recipient}: {self.get_category_display()}"


class ShortLink(models.Model):
    """A short address (`/s/<code>`) standing in for a long link in a text message, so a text
    fits in one SMS. It expires; erasure deletes it with its recipient's other messages."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    url = models.TextField(_("address"))
    recipient_digest = models.CharField(
        _("recipient (keyed hash)"), max_length=64, blank=True, db_index=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        verbose_name = _("short link")
        verbose_name_plural = _("short links")

    def __str__(self):
        return self.code
