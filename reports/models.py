"""Reports own no data: they read the other apps. This model only carries the permissions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportAccess(models.Model):
    """No table: a home for the permissions `reports.view_reports` (the report pages and their
    exports, granted to coordinators and organisation admins) and `reports.export_evaluation`
    (the pseudonymised export for researchers, granted to organisation admins)."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_reports", _("Can view reports")),
            ("export_evaluation", _("Can export pseudonymised evaluation data")),
        ]
        verbose_name = _("report access")
        verbose_name_plural = _("report access")

    def __str__(self):
        return str(self._meta.verbose_name)


class MeetingDay(models.Model):
    """One-to-one meetings held per organisation and day (local time): a rollup of
    matching.Meeting that the report pages read instead of every meeting of the period.
    Kept up to date by reports.rollup (on every meeting, match or guide saved or deleted, in the
    same transaction); `manage.py rebuild_meeting_days` builds it again after a bulk load."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    held = models.PositiveIntegerField(default=0)
    minutes = models.PositiveBigIntegerField(default=0)
    volunteer_minutes = models.PositiveBigIntegerField(default=0)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["organisation", "day"], name="meeting_day_unique")
        ]
        verbose_name = _("meetings held on a day")
        verbose_name_plural = _("meetings held per day")

    def __str__(self):
        return f"{self.organisation_id} {self.day}: {self.held}"
