from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dashboard"
    verbose_name = _("Guide dashboard")

    def ready(self):
        # The audit trail's registrations (dashboard/audit.py): the top app may name every model.
        from dashboard import audit

        audit.register()
