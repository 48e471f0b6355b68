from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Data-subject rights: export, erasure, retention, access events. Sits above the apps whose
    data it touches and reaches their rows only through core/registry.py."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "privacy"
    verbose_name = _("Data protection")

    def ready(self):
        from core.registry import participant_data_opened
        from privacy import services

        services.register()
        participant_data_opened.connect(services.on_data_opened, dispatch_uid="privacy.access")
