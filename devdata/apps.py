from django.apps import AppConfig


class DevdataConfig(AppConfig):
    """The demo record and the data generator: data for trying and measuring Maek, never needed to run it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "devdata"
