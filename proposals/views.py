"""Public pages of the proposals app: the proposals of all published events."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.decorators import method_decorator

from core.listing import FilteredListView, Listing
from dialogues.selectors import filter_options
from pagecache.decorators import cache_public_page

from .filters import ProposalFilterForm
from .models import Proposal
from .selectors import PROPOSAL_LIST_PAGE_SIZE, proposal_listing

#: The files the proposals list offers as ``?format=<name>``: {name: view(request, filters)}.
#: Registered by the apps above proposals (reports: xlsx and csv), which proposals never imports.
LIST_DOWNLOADS: dict[str, Callable[[HttpRequest, dict], HttpResponse]] = {}


@method_decorator(cache_public_page, name="dispatch")
class ProposalListView(FilteredListView):
    """Proposals of published events, 50 a page, with filters and search."""

    template_name = "proposals/proposal_list.html"
    form_class = ProposalFilterForm
    page_size = PROPOSAL_LIST_PAGE_SIZE
    nav = "proposals"

    def get_options(self):
        return filter_options(formats=False)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["statuses"] = Proposal.Status.choices
        return context

    def get_listing(self, filters) -> Listing:
        return proposal_listing(filters=filters)

    def get(self, request, *args, **kwargs):
        """``?format=xlsx`` or ``?format=csv``: the listed proposals (every page, with the
        current filters) as a file, answered by the app that registered that format
        (reports); any other value shows the page."""
        download = LIST_DOWNLOADS.get(request.GET.get("format"))
        if download is None:
            return super().get(request, *args, **kwargs)
        form = self.form_class(request.GET, options=self.get_options())
        return download(request, form.filters())
