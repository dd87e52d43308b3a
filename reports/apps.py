from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """The reporting workbook and CSV: public downloads and the admin action."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"

    def ready(self):
        # The proposals list answers ?format=xlsx|csv with these; proposals never imports reports.
        from proposals.views import LIST_DOWNLOADS

        from .downloads import DOWNLOAD_FORMATS
        from .views import proposal_list_download

        for file_format in DOWNLOAD_FORMATS:
            LIST_DOWNLOADS[file_format] = proposal_list_download(file_format)
