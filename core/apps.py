from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared machinery that knows no app: listed so that its template tags load."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
