from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialoguesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dialogues"
    verbose_name = _("Dialogues")

    def ready(self):
        from pagecache.signals import register_content_app

        # Events and their people are shown on public pages: a change renders them afresh.
        register_content_app(self.label)
