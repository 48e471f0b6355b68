from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "matching"
    verbose_name = _("One-to-one matching")

    def ready(self):
        from matching import signals
        from matching.services import close_for_erased_participant
        from participants.privacy import participant_erasing

        participant_erasing.connect(
            close_for_erased_participant, dispatch_uid="matching.close_for_erased_participant"
        )

        # Goals on a match: erased with the person's words, exported with their data.
        from matching import goals
        from participants.privacy import register_export

        participant_erasing.connect(
            goals.clear_for_erased_participant, dispatch_uid="matching.clear_goals"
        )
        register_export("match_goals", goals.export)

        from matching.handover import matches_to_hand_over
        from volunteers.handover import guide_stepped_back

        guide_stepped_back.connect(matches_to_hand_over, dispatch_uid="matching.hand_over")

        signals.connect()
