"""Models for data protection: who looked at a participant's data, and how long an organisation
keeps it. The tables keep the names they had when these models lived in `participants`."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.registry import Access

DEFAULT_RETENTION_MONTHS = 24


class AccessEvent(models.Model):
    """Someone opened a participant's data: a coordinator in the admin, a guide on a match page,
    an export (by a coordinator or the participant). Written by privacy.services.record_access;
    nobody edits or deletes it in the admin."""

    Where = Access  # the choices live in core so apps below privacy can name them

    participant = models.ForeignKey(
        "participants.Participant",
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="access_events",
    )
    organisation = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the participant opened their own data."),
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    where = models.CharField(_("where"), max_length=20, choices=Where.choices)
    path = models.CharField(_("page"), max_length=200, blank=True)

    organisation_path = "organisation"

    class Meta:
        db_table = "participants_accessevent"
        verbose_name = _("access event")
        verbose_name_plural = _("access events")
        ordering = ["-at", "-pk"]
        # The data-protection permissions live here, beside the trail they protect.
        permissions = [
            ("view_audit_trail", _("Can view the audit trail")),
            ("export_participant", _("Can export a participant's data")),
            ("erase_participant", _("Can erase a participant's data")),
        ]

    def __str__(self):
        return f"{self.get_where_display()} · #{self.participant_id}"


class RetentionPolicy(models.Model):
    """How long an organisation keeps a participant's data after their last activity."""

    organisation = models.OneToOneField(
        "core.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="retention_policy",
    )
    months = models.PositiveSmallIntegerField(
        _("keep for (months)"),
        default=DEFAULT_RETENTION_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_(
            "A participant with nothing open and no activity for this long is anonymised "
            "by the nightly job."
        ),
    )

    organisation_path = "organisation"

    class Meta:
        db_table = "participants_retentionpolicy"
        verbose_name = _("retention policy")
        verbose_name_plural = _("retention policies")

    def __str__(self):
        return str(self.organisation)
