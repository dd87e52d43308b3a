from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "proposals"
    verbose_name = _("Proposals")

    def ready(self):
        # Event cards count proposals, event search reads their words, the event page
        # lists them: dialogues learns of proposals only through this registration.
        from dialogues.extensions import register_event_content
        from pagecache.signals import register_content_app

        from .selectors import EVENT_PROPOSALS

        register_event_content(EVENT_PROPOSALS)
        register_content_app(self.label)
