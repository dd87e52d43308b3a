from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """The reporting workbook and CSV: public downloads and the admin action."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
