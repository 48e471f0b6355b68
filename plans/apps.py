from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "plans"
    verbose_name = _("Personal plans")

    def ready(self):
        # Glue to the participant's data rights, in one place (until the registry in core lands):
        # erasure deletes the plan; the export carries it as data and as readable text.
        from participants.privacy import participant_erasing, register_export
        from plans import checks  # noqa: F401 - registers the key check
        from plans.selectors import export
        from plans.services import delete_for_erased_participant

        participant_erasing.connect(
            delete_for_erased_participant, dispatch_uid="plans.delete_for_erased_participant"
        )
        register_export("my_plan", export, participant_only=True)
