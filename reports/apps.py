from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from core.admin_site import register_index_section
        from reports import cache, rollup
        from reports.overview import index_context

        cache.connect()
        from matching.models import Match, Meeting
        from volunteers.models import PeerGuide

        rollup.connect(Meeting, Match, PeerGuide)

        register_index_section(
            key="coordinator_overview",
            template="admin/reports/overview.html",
            context=index_context,
        )
