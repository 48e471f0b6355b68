from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from courses import holdings, jobs
        from participants.jobs import register_who5_source
        from participants.models import WellBeingMeasurement

        # What courses hold about a participant (export, erasure, retention: core/registry.py)
        # and their courses of support for the WHO-5 job (participants/jobs.py).
        holdings.register()
        register_who5_source(WellBeingMeasurement.Source.COHORT, jobs.who5_courses)

        from courses.handover import cohorts_to_hand_over
        from volunteers.handover import guide_stepped_back

        guide_stepped_back.connect(cohorts_to_hand_over, dispatch_uid="courses.hand_over")

        from courses.services import register_merge_rules

        register_merge_rules()
