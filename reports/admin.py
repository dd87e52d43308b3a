"""The reporting workbook from the admin: an action on the event list, drafts included."""

from django.contrib import admin
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from dialogues.models import Event
from proposals.admin import EventWithProposalsAdmin

from .downloads import dated_stem, report_response
from .workbook import Report


@admin.action(description=_("Download the reporting workbook of the selected events"))
def download_reporting_workbook(modeladmin, request, queryset):
    """Events, proposals and speakers of the selected events, drafts included, in one .xlsx."""
    report = Report.for_events(queryset.order_by(), published_only=False, language=get_language())
    return report_response(report, stem=dated_stem("events"))


class EventWithReportsAdmin(EventWithProposalsAdmin):
    """The event list with the reporting-workbook action (registered again from reports' side)."""

    # Before "delete selected", which stays last.
    actions = (
        *(action for action in EventWithProposalsAdmin.actions if action != "delete_selected"),
        download_reporting_workbook,
        "delete_selected",
    )


admin.site.unregister(Event)
admin.site.register(Event, EventWithReportsAdmin)
