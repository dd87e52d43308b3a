"""Public downloads of the reporting workbook: one event's, and the proposals list's."""

from django.http import Http404
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.generic import View

from dialogues.models import Event
from pagecache.decorators import cache_public_page
from proposals.selectors import proposal_list

from .downloads import dated_stem, filters_variant, public_report_response
from .workbook import Report


# The page cache reads the content version before the event, as for the pages; the
# file itself is kept by the download cache (a streamed file is never a cached page).
@method_decorator(cache_public_page, name="dispatch")
class EventWorkbookView(View):
    """The reporting workbook of one published event: events, proposals, speakers."""

    def get(self, request, slug):
        event = Event.objects.published().filter(slug=slug).first()
        if event is None:
            raise Http404(_("No published event at this address."))
        report = Report.for_events(Event.objects.filter(pk=event.pk), published_only=True)
        return public_report_response(request, report, stem=f"maek-{event.slug}", variant=f"event:{event.pk}")


def proposal_list_download(file_format: str):
    """The answer of ``/proposals/?format=<file_format>``: the listed proposals (every page,
    with the current filters), published records only, from the download cache (one file
    per content version, language, format and filters)."""

    def download(request, filters):
        report = Report.for_proposals(proposal_list(filters=filters), published_only=True)
        return public_report_response(
            request,
            report,
            stem=dated_stem("proposals"),
            file_format=file_format,
            variant=filters_variant(filters),
        )

    return download
