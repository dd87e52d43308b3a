"""Public pages of the proposals app: the proposals of all published events."""

from django.utils.decorators import method_decorator

from dialogues.selectors import Listing, filter_options
from dialogues.views import FilteredListView
from pagecache.decorators import cache_public_page
from reports.downloads import DOWNLOAD_FORMATS, dated_stem, filters_variant, public_report_response
from reports.workbook import Report

from .filters import ProposalFilterForm
from .models import Proposal
from .selectors import PROPOSAL_LIST_PAGE_SIZE, proposal_list, proposal_listing


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
        current filters) as a reporting workbook or CSV; published records only, from
        the download cache (one file per content version, language, format and filters)."""
        file_format = request.GET.get("format")
        if file_format not in DOWNLOAD_FORMATS:
            return super().get(request, *args, **kwargs)
        form = self.form_class(request.GET, options=self.get_options())
        filters = form.filters()
        report = Report.for_proposals(proposal_list(filters=filters), published_only=True)
        return public_report_response(
            request,
            report,
            stem=dated_stem("proposals"),
            file_format=file_format,
            variant=filters_variant(filters),
        )
