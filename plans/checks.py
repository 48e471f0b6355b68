"""A system check: the plan keys are Fernet keys (a bad key stops start-up, not a request)."""

from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured


@register()
def plan_encryption_key(app_configs, **kwargs):
    from plans.crypto import fernet

    try:
        fernet()
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="plans.E001")]
    return []
