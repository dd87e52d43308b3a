"""How nothing is lost in the admin, and how nothing leaks: history, recovery, 404s.

- ``not_found``: the one answer for "does not exist" and "not yours to see"; the
  region scoping of ``accounts.scoping.RegionScopedAdmin`` answers with it too.
- ``HistoryAdmin``: django-simple-history's history pages (who, when, what
  changed), restoring an earlier version with its many-to-many links, and a
  "Deleted …" page listing deleted records that can be brought back.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import get_m2m_reverse_field_name

RECOVER_LIMIT = 200


def not_found(opts):
    # The same answer for "does not exist" and "not in your regions": nothing leaks.
    return Http404(_("There is no %(name)s at this address that you may see.") % {"name": opts.verbose_name})


def key_or_404(model, value, opts=None):
    """``value`` (from the address) as a primary key of ``model``; a 404 when it cannot be one."""
    try:
        return model._meta.pk.to_python(value)
    except (ValidationError, ValueError):
        raise not_found(opts or model._meta) from None


def is_public(record) -> bool:
    """Whether the public site shows ``record``.

    A model whose QuerySet has ``published()`` (events; proposals, through their
    event) is public only for the records in it; any other model has no drafts.
    """
    published = getattr(type(record)._default_manager.all(), "published", None)
    return published is None or published().filter(pk=record.pk).exists()


class HistoryAdmin(SimpleHistoryAdmin):
    """History pages that respect the admin's scope, restore many-to-many links,
    and a page of deleted records to bring back."""

    recover_list_template = "admin/maek/recover_list.html"

    def record_in_scope(self, request, record) -> bool:
        return True

    # Scope -------------------------------------------------------------------

    def check_history_access(self, request, object_id):
        """404 unless the object is visible here, or was deleted from where the user works."""
        if self.get_queryset(request).filter(pk=object_id).exists():
            return
        if self.model._default_manager.filter(pk=object_id).exists():
            raise not_found(self.opts)  # exists, but not for this user
        last = self.model.history.filter(id=object_id).order_by("-history_date", "-history_id").first()
        if last is None or not self.record_in_scope(request, last):
            raise not_found(self.opts)

    def history_view(self, request, object_id, extra_context=None):
        self.check_history_access(request, key_or_404(self.model, unquote(object_id)))
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Ids come from the address: "abc" or "1.5" is no record, not a server error.
        object_id = key_or_404(self.model, unquote(object_id))
        version_id = key_or_404(self.model.history.model, version_id, self.opts)
        self.check_history_access(request, object_id)
        record = get_object_or_404(self.model.history.model, id=object_id, history_id=version_id)
        current = self.get_queryset(request).filter(pk=object_id).first()
        # simple-history saves a POSTed version after checking only the view
        # permission; restoring is changing (or adding, for a deleted record).
        allowed = (
            self.has_change_permission(request, current) if current else self.has_add_permission(request)
        )
        if request.method == "POST" and not allowed:
            raise PermissionDenied
        request._maek_history_record = record
        return super().history_form_view(request, object_id, version_id, extra_context)

    # Restoring many-to-many links --------------------------------------------

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        record = getattr(request, "_maek_history_record", None)
        if record is None or request.method == "POST":
            return form
        links = historical_links(record)

        class RestoringForm(form):
            """Shows the version's many-to-many links, not today's."""

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for name, values in links.items():
                    if name in self.fields:
                        self.initial[name] = values

        RestoringForm.__name__ = form.__name__
        return RestoringForm

    # Deleted records -----------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "recover/",
                self.admin_site.admin_view(self.recover_list_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_recover",
            ),
        ] + super().get_urls()

    def deleted_records(self, request):
        """The last version of each deleted record the user may bring back, newest first."""
        history = self.model.history.model
        existing = self.model._default_manager.values("pk")
        records, seen = [], set()
        candidates = (
            history.objects.filter(history_type="-")
            .exclude(id__in=existing)
            .select_related("history_user")
            .order_by("-history_date", "-history_id")
        )
        for record in candidates[: RECOVER_LIMIT * 5]:
            if record.id in seen:
                continue
            seen.add(record.id)
            if self.record_in_scope(request, record):
                records.append(record)
            if len(records) >= RECOVER_LIMIT:
                break
        return records

    def recover_list_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        rows = [
            {
                "record": record,
                "label": str(record.instance),
                "url": reverse(f"admin:{prefix}_simple_history", args=[record.id, record.history_id]),
                "history_url": reverse(f"admin:{prefix}_history", args=[record.id]),
            }
            for record in self.deleted_records(request)
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Deleted %(name)s") % {"name": self.opts.verbose_name_plural},
            "opts": self.opts,
            "module_name": capfirst(self.opts.verbose_name_plural),
            "rows": rows,
            "extra_rows": self.deleted_rows(request),
            "limit": RECOVER_LIMIT,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.recover_list_template, context)

    def deleted_rows(self, request) -> list:
        """Further deleted rows this page offers to restore (the rows of an event)."""
        return []


def historical_links(record) -> dict[str, list[int]]:
    """The many-to-many links a historical version had: {field name: [ids]}."""
    if record.history_type == "-" and record.prev_record is not None:
        # Deleting removes the links before the record: the version before it still has them.
        record = record.prev_record
    links = {}
    for field in getattr(record, "_history_m2m_fields", ()):
        target = get_m2m_reverse_field_name(field)
        links[field.name] = list(getattr(record, field.name).values_list(f"{target}_id", flat=True))
    return links


@transaction.atomic
def restore_record(record, *, user):
    """Bring a deleted row back from its last version, with its links; validated first."""
    instance = record.instance
    instance._state.adding = True
    instance.full_clean()
    instance._history_user = user
    instance.save(force_insert=True)
    for name, ids in historical_links(record).items():
        getattr(instance, name).set(ids)
    return instance


def redirect_back(request, fallback: str):
    return HttpResponseRedirect(request.POST.get("next") or fallback)
