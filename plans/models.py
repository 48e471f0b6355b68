"""The participant's own plan (their personal workbook), its sections and its share links.

What a person writes is encrypted at rest (plans.crypto); what is left in clear is only that a
plan exists, which sections hold something, and when things changed. Nobody but the participant
reads the content: there is no admin field, no selector for staff, and no guide page that shows it.
A share link is the participant's own decision to let someone read chosen sections for a while.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import dates
from core.models import Organisation
from participants.models import Participant
from plans import sections
from plans.crypto import EncryptedJSONField, EncryptedTextField


class Plan(models.Model):
    """One per participant, made when they first sign in. Also holds the sign-in counters:
    `links_used` makes a sign-in link single-use (a link carries the count it was made at), and
    `session_epoch` ends every device's session at once ("sign out everywhere")."""

    participant = models.OneToOneField(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="plan"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("last changed"), null=True, blank=True)
    links_used = models.PositiveIntegerField(default=0, editable=False)
    session_epoch = models.PositiveIntegerField(default=0, editable=False)
    last_signed_in_at = models.DateTimeField(_("last signed in"), null=True, blank=True)

    organisation_path = "organisation"

    class Meta:
        verbose_name = _("personal plan")
        verbose_name_plural = _("personal plans")
        ordering = ["-updated_at", "-pk"]

    def __str__(self):
        return str(_("Personal plan #%(number)s") % {"number": self.pk})


class PlanSection(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=30, choices=sections.choices())
    data = EncryptedJSONField(default=dict)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("plan section")
        verbose_name_plural = _("plan sections")
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="plans_section_unique_key"),
        ]

    def __str__(self):
        return self.get_key_display()


class ShareLink(models.Model):
    """A read-only link to chosen sections, until it expires or the participant revokes it.
    Only a digest of the token is searchable; the token itself is kept encrypted, so the
    participant can copy their link again."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="share_links")
    section_keys = models.JSONField(default=list)
    label = EncryptedTextField(default="", blank=True)
    token = EncryptedTextField(default="")
    token_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("share link")
        verbose_name_plural = _("share links")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="plans_share_expires_after_created",
            ),
        ]

    def __str__(self):
        return f"#{self.pk}"

    def clean(self):
        if not self.section_keys or any(sections.get(k) is None for k in self.section_keys):
            raise ValidationError(_("Choose at least one part of your plan to share."))

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def url(self) -> str:
        return settings.SITE_URL.rstrip("/") + reverse("plans:shared", kwargs={"token": self.token})

    @property
    def section_titles(self) -> list[str]:
        return [str(sections.BY_KEY[k].title) for k in self.section_keys if k in sections.BY_KEY]


class ShareView(models.Model):
    """Someone opened a share link (listed to the participant)."""

    link = models.ForeignKey(ShareLink, on_delete=models.CASCADE, related_name="views")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.link_id} · {dates.moment(self.at)}"
