"""Public pages of the proposals app. (Skeleton: fleshed out in views work.)"""

from django.views.generic import ListView

from .models import Proposal


class ProposalListView(ListView):
    template_name = "proposals/proposal_list.html"
    queryset = Proposal.objects.published()
