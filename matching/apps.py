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

        from matching.handover import matches_to_hand_over
        from volunteers.handover import guide_stepped_back

        guide_stepped_back.connect(matches_to_hand_over, dispatch_uid="matching.hand_over")

        signals.connect()

        from matching.services import register_merge_rules

        register_merge_rules()
