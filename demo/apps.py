from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data (`manage.py seed_demo`) and its builders: the top of the layering, so it may
    import every app; no runtime app imports it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
