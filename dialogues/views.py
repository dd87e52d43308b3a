"""Public pages of the dialogues app: home, the event list and an event's whole record."""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.utils.cache import patch_vary_headers
from django.utils.decorators import method_decorator
from django.utils.translation import get_language_from_request
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.listing import FilteredListView, Listing
from pagecache.decorators import cache_public_page

from .filters import EventFilterForm
from .models import Event
from .selectors import (
    EVENT_LIST_PAGE_SIZE,
    event_get_published,
    event_latest,
    event_listing,
    event_people,
    filter_options,
    site_statistics,
)


def root_redirect(request):
    """Send "/" to the reader's language, Kyrgyz when the browser asks for none we have."""
    language = get_language_from_request(request, check_path=False) or settings.LANGUAGE_CODE
    response = HttpResponseRedirect(f"/{language}/")
    # The answer depends on the browser's languages (and the language cookie).
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


@method_decorator(cache_public_page, name="dispatch")
class HomeView(TemplateView):
    """What Maek is, its totals and the latest published events."""

    template_name = "dialogues/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(stats=site_statistics(), latest_events=event_latest(), nav="home")
        return context


@method_decorator(cache_public_page, name="dispatch")
class EventListView(FilteredListView):
    """Published events, newest first, 20 a page, with filters and search."""

    template_name = "dialogues/event_list.html"
    form_class = EventFilterForm
    page_size = EVENT_LIST_PAGE_SIZE
    nav = "events"

    def get_options(self):
        return filter_options()

    def get_listing(self, filters) -> Listing:
        return event_listing(filters=filters)


@method_decorator(cache_public_page, name="dispatch")
class EventDetailView(TemplateView):
    """The whole record of one published event, in the order of the organisers' report."""

    template_name = "dialogues/event_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            event = event_get_published(slug=kwargs["slug"])
        except Event.DoesNotExist:
            raise Http404(_("No published event at this address.")) from None
        context.update(event=event, people=event_people(event=event), nav="events")
        return context
