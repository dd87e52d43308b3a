"""Admin for proposals: entered as numbered rows on the event's page, followed up on their own."""

from django import forms
from django.contrib import admin
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline

from accounts.roles import in_user_regions
from accounts.scoping import CoordinatorImportAdmin, RegionScopedAdmin
from core.admin.access import HistoryAdmin
from core.admin.filters import YearListFilter
from core.admin.stale import VERSION_FIELD, StaleEditFormMixin
from dialogues.admin import EventAdmin
from dialogues.models import Event

from .forms import ProposalInlineForm, ProposalInlineFormSet
from .models import Proposal
from .resources import ProposalResource
from .selectors import proposal_count_subquery
from .services import proposal_assign_number, proposal_delete, proposal_status_change


class ProposalInline(TranslationStackedInline):
    """The proposals of an event, numbered 1..n by the application, never by hand or by the database."""

    model = Proposal
    form = ProposalInlineForm
    formset = ProposalInlineFormSet
    fields = ("position", "text", "status", "topics", "addressees")
    autocomplete_fields = ("topics", "addressees")
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 80})}}
    extra = 1
    classes = ("mt-proposals",)

    def get_queryset(self, request):
        # Each row shows its topics and addressees: load them for all rows at once.
        return super().get_queryset(request).prefetch_related("topics", "addressees")


class EventYearListFilter(YearListFilter):
    date_field = "event__date"


class ProposalAdminForm(StaleEditFormMixin, forms.ModelForm):
    """A proposal's own page, with stale-edit detection."""


@admin.register(Proposal)
class ProposalAdmin(RegionScopedAdmin, HistoryAdmin, CoordinatorImportAdmin, TabbedTranslationAdmin):
    region_field = "event__region"
    form = ProposalAdminForm
    change_list_template = "admin/maek/change_list_recover.html"
    resource_classes = [ProposalResource]
    list_display = ("reference", "number", "event", "status", "status_changed_on")
    list_display_links = ("reference", "number")
    list_filter = ("status", ("event__region", admin.RelatedOnlyFieldListFilter), EventYearListFilter)
    list_select_related = ("event",)
    search_fields = ("reference", "text_ky", "text_ru", "text_en")
    search_help_text = _("Search the text in every language, or a reference such as MK-2021-7K3QD.")
    autocomplete_fields = ("event", "topics", "addressees")
    fields = (
        "event",
        "number",
        "reference",
        "text",
        "topics",
        "addressees",
        "status",
        "status_changed_on",
        "created_at",
        "updated_at",
        VERSION_FIELD,
    )
    readonly_fields = ("number", "reference", "created_at", "updated_at")
    ordering = ("-event__date", "event", "number")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            # Moving a proposal to another event would break both events' numbering.
            readonly.append("event")
        return readonly

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "event":
            # Only events the user may change: the autocomplete and the posted value alike.
            kwargs["queryset"] = in_user_regions(request.user, Event.objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def region_id_of_record(self, record):
        region_id = Event.objects.filter(pk=record.event_id).values_list("region_id", flat=True).first()
        if region_id is None:
            last = Event.history.filter(id=record.event_id).order_by("-history_date", "-history_id").first()
            region_id = last.region_id if last else None
        return region_id

    def save_model(self, request, obj, form, change):
        if change:
            proposal_status_change(
                proposal=obj,
                previous_status=form.initial.get("status"),
                previous_date=form.initial.get("status_changed_on"),
            )
        recovering = change and not Proposal.objects.filter(pk=obj.pk).exists()
        if not change or recovering:
            # A recovered proposal's old number has been given to the next one
            # when it was deleted: it comes back at the end of its event's list.
            proposal_assign_number(proposal=obj)
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        proposal_delete(proposal=obj)

    def delete_queryset(self, request, queryset):
        # The stock "delete selected" action ends here after its confirmation page.
        with transaction.atomic():
            for proposal in queryset.select_related("event"):
                proposal_delete(proposal=proposal)


class EventWithProposalsAdmin(EventAdmin):
    """The event's page with its numbered proposals, and their number in the event list.

    Proposals sit above dialogues: they extend the event admin by subclassing it and
    registering it again, so dialogues never imports them.
    """

    list_display = (*EventAdmin.list_display, "proposal_count")
    inlines = (*EventAdmin.inlines, ProposalInline)

    def get_queryset(self, request):
        # A subquery, not Count("proposals"): a count joined in would make every
        # query of the list (its counts, the date links) group 100,000 proposals.
        return super().get_queryset(request).annotate(proposal_count=proposal_count_subquery())

    @admin.display(description=_("proposals"), ordering="proposal_count")
    def proposal_count(self, event):
        return event.proposal_count


admin.site.unregister(Event)
admin.site.register(Event, EventWithProposalsAdmin)
