from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "matching"
    verbose_name = _("One-to-one matching")

    def ready(self):
        from matching import holdings, jobs, signals
        from participants.jobs import register_who5_source
        from participants.models import WellBeingMeasurement

        # What matching holds about a participant (export, erasure, retention: core/registry.py)
        # and its courses of support for the WHO-5 job (participants/jobs.py).
        holdings.register()
        register_who5_source(WellBeingMeasurement.Source.MATCH, jobs.who5_courses)

        from matching.handover import matches_to_hand_over
        from volunteers.handover import guide_stepped_back

        guide_stepped_back.connect(matches_to_hand_over, dispatch_uid="matching.hand_over")

        signals.connect()

        from matching import guide_columns

        guide_columns.register()

        from matching.services import register_merge_rules

        register_merge_rules()
