from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "plans"
    verbose_name = _("Personal plans")

    def ready(self):
        # What plans holds about a participant (core/registry.py): erasure deletes the plan with
        # its share links and their log; only the person's own export carries it.
        from plans import (
            checks,  # noqa: F401 - registers the key check
            holdings,
        )

        holdings.register()

        # A sign-in link opens the person's plan: nobody else may read it in the outbox.
        from notifications.services import register_secret_kind

        register_secret_kind("plans.sign_in")
