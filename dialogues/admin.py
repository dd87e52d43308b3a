"""Admin for dialogue events: a whole report entered on one page, in Kyrgyz, Russian and English.

Translated fields appear as ky/ru/en tabs (django-modeltranslation, Kyrgyz first);
people and organisations are picked, or created on the spot, with autocomplete;
proposals are numbered by proposals.services, never by hand.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from accounts.roles import can_publish, in_user_regions
from accounts.scoping import CoordinatorImportAdmin, RegionScopedAdmin
from core.admin.access import HistoryAdmin, redirect_back, restore_record
from core.admin.filters import YearListFilter
from core.admin.inlines import OrderedInlineForm, OrderedInlineFormSet
from core.admin.stale import VERSION_FIELD, EventAdminForm
from core.spreadsheets.admin import MaekExportAdmin
from core.text import first_filled, language_columns, normalize_search

from .models import (
    AgendaItem,
    Event,
    EventFormat,
    Organization,
    ParticipantCategory,
    Participation,
    Person,
    Presentation,
    Region,
    Topic,
)
from .resources import EventResource, OrganizationResource, ParticipationResource, PersonResource
from .services import event_publish, event_unpublish

SHORT_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}}


# Reference tables -----------------------------------------------------------


@admin.register(Region)
class RegionAdmin(TabbedTranslationAdmin):
    list_display = ("code", "name", "order")
    list_display_links = ("code", "name")
    search_fields = ("code", *language_columns("name"))
    ordering = ("order", "code")


@admin.register(EventFormat)
class EventFormatAdmin(TabbedTranslationAdmin):
    list_display = ("name", "slug", "order")
    search_fields = ("slug", *language_columns("name"))
    ordering = ("order", "slug")


@admin.register(Topic)
class TopicAdmin(TabbedTranslationAdmin):
    list_display = ("name", "slug")
    search_fields = ("slug", *language_columns("name"))
    ordering = ("slug",)


@admin.register(ParticipantCategory)
class ParticipantCategoryAdmin(TabbedTranslationAdmin):
    list_display = ("name", "slug", "order")
    search_fields = ("slug", *language_columns("name"))
    ordering = ("order", "slug")


# People and organisations ----------------------------------------------------


@admin.register(Organization)
class OrganizationAdmin(HistoryAdmin, CoordinatorImportAdmin, TabbedTranslationAdmin):
    resource_classes = [OrganizationResource]
    change_list_template = "admin/maek/change_list_recover.html"
    list_display = ("name", "short_name", "kind", "parent")
    list_filter = ("kind",)
    list_select_related = ("parent",)
    search_fields = language_columns("name", "short_name")
    autocomplete_fields = ("parent",)
    fields = ("name", "short_name", "kind", "parent")


@admin.register(Person)
class PersonAdmin(HistoryAdmin, CoordinatorImportAdmin, TabbedTranslationAdmin):
    resource_classes = [PersonResource]
    change_list_template = "admin/maek/change_list_recover.html"
    list_display = ("full_name", "honorific", "gender")
    list_filter = ("gender",)
    search_fields = language_columns("full_name", "honorific")
    fields = ("full_name", "honorific", "gender")


class ParticipationYearListFilter(YearListFilter):
    date_field = "event__date"


@admin.register(Participation)
class ParticipationAdmin(RegionScopedAdmin, MaekExportAdmin):
    """Every speaker, moderator and presenter of every event: a list to search, filter
    and export. The rows are entered and changed on their event's page."""

    resource_classes = [ParticipationResource]
    region_field = "event__region"
    list_display = ("person", "role", "position", "organization", "event_link", "event_date")
    list_filter = ("role", ("event__region", admin.RelatedOnlyFieldListFilter), ParticipationYearListFilter)
    list_select_related = ("person", "organization", "event")
    search_fields = (
        *language_columns("person__full_name", "position"),
        *language_columns("organization__name"),
        "event__slug",
    )
    ordering = ("-event__date", "event", "order", "pk")

    @admin.display(description=_("event"), ordering="event__date")
    def event_link(self, participation):
        url = reverse("admin:dialogues_event_change", args=[participation.event_id])
        return format_html('<a href="{}">{}</a>', url, participation.event)

    @admin.display(description=_("date"), ordering="event__date")
    def event_date(self, participation):
        return participation.event.date

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The rows of an event ---------------------------------------------------------


class ParticipationInline(TranslationStackedInline):
    """Moderators, welcome speakers, presenters: with the position they held that day."""

    model = Participation
    form = OrderedInlineForm
    formset = OrderedInlineFormSet
    fields = (("person", "role"), "position", ("organization", "order"))
    autocomplete_fields = ("person", "organization")
    formfield_overrides = SHORT_TEXT
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "organization")


class PresentationInline(TranslationTabularInline):
    model = Presentation
    form = OrderedInlineForm
    formset = OrderedInlineFormSet
    fields = ("title", "presenters", "file", "order")
    autocomplete_fields = ("presenters",)
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("presenters")


class AgendaItemInline(TranslationTabularInline):
    """The questions discussed, in the order of the report."""

    model = AgendaItem
    form = OrderedInlineForm
    formset = OrderedInlineFormSet
    fields = ("text", "order")
    formfield_overrides = SHORT_TEXT
    extra = 1


# Events -------------------------------------------------------------------------

# Rows of an event whose deletion can be undone from the events' recovery page.
EVENT_ROWS = {"participation": Participation, "presentation": Presentation, "agendaitem": AgendaItem}


class EventYearListFilter(YearListFilter):
    date_field = "date"


@admin.register(Event)
class EventAdmin(RegionScopedAdmin, HistoryAdmin, CoordinatorImportAdmin, TabbedTranslationAdmin):
    """One event and everything its report says, on one page.

    Kept free of templates and changelist overrides so that an import-export
    mixin can be put in front of it (``ImportExportModelAdmin``).
    """

    form = EventAdminForm
    change_list_template = "admin/maek/change_list_recover.html"
    list_display = ("display_title", "date", "region", "format", "status")
    list_filter = ("region", "format", EventYearListFilter, "status")
    list_select_related = ("region", "format")
    date_hierarchy = "date"
    search_fields = (
        *language_columns("title", "goal", "venue", "locality"),
        "slug",
    )
    search_help_text = _("Search titles, goals, venues and localities in every language, or the slug.")
    autocomplete_fields = ("topics", "organizers", "partners", "participant_categories")
    readonly_fields = (
        "status",
        "published_at",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
    )
    fieldsets = (
        (None, {"fields": ("title", "format", "topics", "series", "series_number", "slug", VERSION_FIELD)}),
        (_("Goal and discussion"), {"fields": ("goal", "summary")}),
        (
            _("Date and place"),
            {"fields": ("date", "start_time", "end_date", "region", "locality", "venue")},
        ),
        (
            _("Participants"),
            {
                "fields": (
                    "participant_categories",
                    "organizers",
                    "partners",
                    ("attendance_total", "attendance_women", "attendance_men"),
                ),
                "description": _(
                    "Leave the total empty when the report gives only women and men: it is their sum."
                ),
            },
        ),
        (_("Original report"), {"fields": ("report_file",)}),
        (
            _("Publication and history"),
            {
                "fields": (
                    ("status", "published_at"),
                    ("created_at", "created_by"),
                    ("updated_at", "updated_by"),
                ),
                "description": _("Publish or unpublish events with the actions of the event list."),
            },
        ),
    )
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 4, "cols": 80})}}
    # proposals.admin adds the proposals and reports.admin the workbook, from their side.
    inlines = (ParticipationInline, PresentationInline, AgendaItemInline)
    actions = ("publish", "unpublish", "delete_selected")
    resource_classes = [EventResource]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(title_shown=first_filled("title"))

    @admin.display(description=_("title / topic"), ordering="title_shown")
    def display_title(self, event):
        return event.title_shown or event.slug

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        every_event = self.model._default_manager.all()
        in_columns, _duplicates = super().get_search_results(request, every_event, search_term)
        matches = Q(pk__in=in_columns.values("pk"))
        term = normalize_search(search_term)
        if term:  # "!!!" has no words: the columns' own search decides alone
            # SQLite's LIKE folds only ASCII letters; the stored search text is
            # already folded, so "баткен" also finds "Баткен" there (core.search).
            matches |= Q(pk__in=every_event.filter(search_text__words=term).values("pk"))
        return queryset.filter(matches), False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "region":
            # New events, and moved ones, only in the user's regions.
            kwargs["queryset"] = in_user_regions(request.user, Region.objects.all(), region_field="pk")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        if not can_publish(request.user):
            # Only publishers change the status, whatever path the form took
            # (restoring a published version, recovering a deleted event).
            stored = (
                Event.objects.filter(pk=obj.pk).values("status", "published_at").first() if obj.pk else None
            )
            obj.status = stored["status"] if stored else Event.Status.DRAFT
            obj.published_at = stored["published_at"] if stored else None
        super().save_model(request, obj, form, change)

    # Scope and recovery ------------------------------------------------------

    def region_id_of_record(self, record):
        return record.region_id

    def get_urls(self):
        return [
            path(
                "recover/<str:kind>/<int:history_id>/",
                self.admin_site.admin_view(self.restore_row_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_restore_row",
            ),
        ] + super().get_urls()

    def deleted_rows(self, request):
        """Speakers, presentations and topics discussed removed from events the user may change."""
        if not self.has_change_permission(request):
            return []
        visible = self.get_queryset(request)
        rows = []
        for kind, model in EVENT_ROWS.items():
            history = model.history.model
            records = (
                history.objects.filter(history_type="-", event_id__in=visible.values("pk"))
                .exclude(id__in=model._default_manager.values("pk"))
                .select_related("history_user")
                .order_by("-history_date", "-history_id")[:100]
            )
            seen = set()
            for record in records:
                if record.id in seen:
                    continue
                seen.add(record.id)
                event = visible.get(pk=record.event_id)
                rows.append(
                    {
                        "record": record,
                        "kind": capfirst(model._meta.verbose_name),
                        "label": str(record.instance),
                        "event": event,
                        "event_url": reverse("admin:dialogues_event_change", args=[event.pk]),
                        "restore_url": reverse(
                            "admin:dialogues_event_restore_row", args=[kind, record.history_id]
                        ),
                    }
                )
        return rows

    def restore_row_view(self, request, kind, history_id):
        """Bring back a deleted row of an event (POST), from its last version."""
        model = EVENT_ROWS.get(kind)
        if model is None or request.method != "POST":
            raise Http404
        record = get_object_or_404(model.history.model, history_id=history_id, history_type="-")
        event = self.get_queryset(request).filter(pk=record.event_id).first()
        if event is None or not self.has_change_permission(request, event):
            raise Http404
        recover_url = reverse("admin:dialogues_event_recover")
        if model._default_manager.filter(pk=record.id).exists():
            self.message_user(request, _("This row is already back."), messages.INFO)
            return redirect_back(request, recover_url)
        try:
            restored = restore_record(record, user=request.user)
        except ValidationError as error:
            self.message_user(
                request,
                _("“%(row)s” cannot be restored: %(errors)s")
                % {"row": record.instance, "errors": "; ".join(error.messages)},
                messages.ERROR,
            )
            return redirect_back(request, recover_url)
        self.log_change(request, event, _("Restored %(row)s") % {"row": restored})
        self.message_user(
            request,
            _("“%(row)s” is back in “%(event)s”.") % {"row": restored, "event": event},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:dialogues_event_change", args=[event.pk]))

    # Publishing --------------------------------------------------------------

    def has_publish_permission(self, request):
        """Publishers (and superusers) publish; editors only enter and change."""
        return request.user.has_perm(f"{self.opts.app_label}.publish_event")

    @admin.action(permissions=["publish"], description=_("Publish selected events"))
    def publish(self, request, queryset):
        self._change_status(request, queryset, event_publish, Event.Status.PUBLISHED)

    @admin.action(permissions=["publish"], description=_("Unpublish selected events"))
    def unpublish(self, request, queryset):
        self._change_status(request, queryset, event_unpublish, Event.Status.DRAFT)

    def _change_status(self, request, queryset, service, status):
        changed, refused = 0, []
        for event in queryset:
            if event.status == status:
                continue
            try:
                service(event=event, user=request.user)
            except ValidationError as error:
                refused.append(f"{event}: {'; '.join(error.messages)}")
            else:
                changed += 1
        if status == Event.Status.PUBLISHED:
            message = ngettext("%(count)d event was published.", "%(count)d events were published.", changed)
        else:
            message = ngettext(
                "%(count)d event was unpublished.", "%(count)d events were unpublished.", changed
            )
        self.message_user(request, message % {"count": changed}, messages.SUCCESS)
        if refused:
            self.message_user(
                request,
                _("Not changed, please correct them first: %(events)s") % {"events": " | ".join(refused)},
                messages.ERROR,
            )

    # Deleting ----------------------------------------------------------------
    # Proposal.event is PROTECT: the record of what citizens asked for must not
    # disappear with a click. Both delete paths say so plainly instead of
    # showing Django's list of protected objects.

    def _refuse_deleting(self, request, pks) -> bool:
        blocked = list(
            Event.objects.filter(pk__in=pks).annotate(count=Count("proposals")).filter(count__gt=0)
        )
        for event in blocked:
            self.message_user(
                request,
                ngettext(
                    "“%(event)s” has %(count)d proposal and cannot be deleted. "
                    "Delete its proposals first if the event really must go.",
                    "“%(event)s” has %(count)d proposals and cannot be deleted. "
                    "Delete its proposals first if the event really must go.",
                    event.count,
                )
                % {"event": event, "count": event.count},
                messages.ERROR,
            )
        return bool(blocked)

    def delete_view(self, request, object_id, extra_context=None):
        event = self.get_object(request, unquote(object_id))
        if (
            event is not None
            and self.has_delete_permission(request, event)
            and self._refuse_deleting(request, [event.pk])
        ):
            return HttpResponseRedirect(
                reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[event.pk])
            )
        return super().delete_view(request, object_id, extra_context)

    @admin.action(permissions=["delete"], description=_("Delete selected %(verbose_name_plural)s"))
    def delete_selected(self, request, queryset):
        if self._refuse_deleting(request, list(queryset.values_list("pk", flat=True))):
            return None
        return django_delete_selected(self, request, queryset)
