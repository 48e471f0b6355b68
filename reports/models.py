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
