from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialoguesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dialogues"
    verbose_name = _("Dialogues")

    def ready(self):
        from core.files.serving import register_file_owner
        from pagecache.signals import register_content_app

        from .uploads import event_file

        # Events and their people are shown on public pages: a change renders them afresh.
        register_content_app(self.label)
        # Reports and presentations are handed out for their event.
        register_file_owner(event_file)
