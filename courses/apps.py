from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from courses.services import withdraw_erased_participant
        from participants.privacy import participant_erasing

        participant_erasing.connect(
            withdraw_erased_participant, dispatch_uid="courses.withdraw_erased_participant"
        )

        from courses.handover import cohorts_to_hand_over
        from volunteers.handover import guide_stepped_back

        guide_stepped_back.connect(cohorts_to_hand_over, dispatch_uid="courses.hand_over")

        from courses.services import register_merge_rules

        register_merge_rules()
