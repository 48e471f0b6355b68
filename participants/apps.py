from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "participants"
    verbose_name = _("Participants")

    def ready(self):
        # What participants holds about a person (export, erasure, retention: core/registry.py).
        from participants import holdings

        holdings.register()

        from participants import merging  # noqa: F401  (its own merge rules)
