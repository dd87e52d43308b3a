"""Public pages of the proposals app: the proposals of all published events."""

from dialogues.selectors import filter_options
from dialogues.views import FilteredListView

from .filters import ProposalFilterForm
from .models import Proposal
from .selectors import PROPOSAL_LIST_PAGE_SIZE, proposal_list


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

    def get_queryset(self, filters):
        return proposal_list(filters=filters)
