"""Public pages of the dialogues app: home, the event list and an event's whole record."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.utils.cache import patch_vary_headers
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import get_language_from_request
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from pagecache.decorators import cache_public_page

from .filters import EventFilterForm
from .models import Event
from .selectors import (
    EVENT_LIST_PAGE_SIZE,
    Listing,
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


class ListingPaginator(Paginator):
    """Paginates a ``selectors.Listing``: its known count is used, and each page's
    rows go through the listing's ``load`` (ids become records, cards get counts)."""

    def __init__(self, listing: Listing, per_page: int):
        super().__init__(listing.rows, per_page)
        self.listing = listing

    @cached_property
    def count(self) -> int:
        return self.listing.count if self.listing.count is not None else super().count

    def page(self, number):
        page = super().page(number)
        page.object_list = self.listing.load(list(page.object_list))
        return page


def paginate(request, listing: Listing, per_page: int):
    """The requested page of ``listing``.

    A page number that is not a number gives the first page and one past the end
    gives the last (``Paginator.get_page``), so a stale link still shows results.
    """
    return ListingPaginator(listing, per_page).get_page(request.GET.get("page"))


class FilteredListView(TemplateView):
    """A paginated list narrowed by a public filter form bound to the query string."""

    form_class = None
    page_size = 20
    nav = ""

    def get_options(self):
        return filter_options()

    def get_listing(self, filters) -> Listing:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        options = self.get_options()
        form = self.form_class(self.request.GET, options=options)
        filters = form.filters()
        page = paginate(self.request, self.get_listing(filters), self.page_size)
        context.update(
            form=form,
            filters=filters,
            options=options,
            page_obj=page,
            object_list=page.object_list,
            nav=self.nav,
        )
        return context


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
