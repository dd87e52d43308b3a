"""Public lists: what a list is, its pages, and a list view narrowed by a filter form.

A ``Listing`` says what to paginate and how one page's rows become what the page
shows, so a search can read its matching ids once and the page load its records by
id, and a list whose size is already known (cached) is not counted again.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property
from django.views.generic import TemplateView


@dataclass(frozen=True)
class Listing:
    """A public list to paginate: its rows in order, how many there are if that is
    known already, and how the rows of one page become what the page shows."""

    rows: Sequence
    count: int | None = None
    load: Callable[[list], list] = list


def in_order(queryset: QuerySet, ids: list[int]) -> list:
    """The records of ``queryset`` with primary keys ``ids``, in the order of ``ids``."""
    found = queryset.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


class ListingPaginator(Paginator):
    """Paginates a ``Listing``: its known count is used, and each page's
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
        """What the filter form offers (regions, years, …), passed to the form as ``options``."""
        raise NotImplementedError

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
