"""Maek's admin site: Django's, with "view on site" scoped and changelist filters guarded.

``config.apps.MaekAdminConfig`` makes it ``admin.site``, so every
``@admin.register`` (Maek's, Django's, axes') lands here.

- "View on site" (``/admin/r/<content type>/<id>/``): Django's shortcut looks
  the record up with no regard for who asks and redirects to its public
  address, a draft's too, so an editor could read the slugs (titles, dates) of
  other regions' drafts and learn which ids exist. Here the record is looked up
  through its ModelAdmin, as the change page does: a record the user may not
  see answers the same 404 as one that does not exist, and only a record on the
  public site is sent to its public address.
- Changelist filters: values no column or calendar can hold (a 20-digit id, the
  year 99999999999 in the date hierarchy) are refused like any other wrong
  filter, instead of overflowing in Python or the database (a 500).
"""

import re
from datetime import MAXYEAR, MINYEAR
from functools import cache

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from .access import is_public, not_found

INTEGER = re.compile(r"[+-]?[0-9]+")
# The widest integer column (bigint) of SQLite and PostgreSQL.
BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1
# The date hierarchy's bounds: Django adds a year (or a month, or a day) to the
# date asked for, and turns it into an aware datetime, so the first and last
# years Python knows would overflow.
HIERARCHY_RANGES = {"year": (MINYEAR + 1, MAXYEAR - 1), "month": (1, 12), "day": (1, 31)}


def fits_bigint(value: str) -> bool:
    digits = value.lstrip("+-").lstrip("0")
    # Checked by length first: int() of a 10,000-digit string is refused by Python itself.
    return len(digits) <= 19 and BIGINT_MIN <= int(value) <= BIGINT_MAX


def refuse_impossible_lookups(lookup_params: dict[str, list[str]], date_hierarchy: str | None) -> None:
    """Raise ``IncorrectLookupParameters`` for a filter value no query could use."""
    for name, values in lookup_params.items():
        for value in values:
            if INTEGER.fullmatch(value) and not fits_bigint(value):
                raise IncorrectLookupParameters(f"{name}: {value[:30]} is out of range")
    if not date_hierarchy:
        return
    for part, (low, high) in HIERARCHY_RANGES.items():
        for value in lookup_params.get(f"{date_hierarchy}__{part}", ()):
            if not (INTEGER.fullmatch(value) and fits_bigint(value) and low <= int(value) <= high):
                raise IncorrectLookupParameters(f"{date_hierarchy}__{part}: {value[:30]} is not a date")


class GuardedChangeList:
    """A ChangeList mixin: impossible filter values take Django's path for wrong filters
    (a redirect to ``?e=1``), before anything tries them."""

    def get_filters(self, request):
        refuse_impossible_lookups(self.get_filters_params(), self.date_hierarchy)
        return super().get_filters(request)


@cache
def guarded_changelist(changelist_class: type) -> type:
    if issubclass(changelist_class, GuardedChangeList):
        return changelist_class
    return type(changelist_class.__name__, (GuardedChangeList, changelist_class), {})


class GuardedChangeListAdmin:
    """A ModelAdmin mixin giving its changelist the guard, whatever ChangeList it uses,
    and its actions a selection of ids that can be ids."""

    def get_changelist(self, request, **kwargs):
        return guarded_changelist(super().get_changelist(request, **kwargs))

    def response_action(self, request, queryset):
        # Django filters pk__in=<the posted values> as they are: "abc" or a 20-digit
        # number raised a 500. Such a selection selects nothing, and Django says so.
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if not all(is_key(self.model, value) for value in selected):
            self.message_user(
                request,
                gettext(
                    "Items must be selected in order to perform actions on them. No items have been changed."
                ),
                messages.WARNING,
            )
            return None
        return super().response_action(request, queryset)


def is_key(model, value: str) -> bool:
    """Whether ``value`` can be a primary key of ``model`` (and fits the database, if a number)."""
    try:
        key = model._meta.pk.to_python(value)
    except (ValidationError, ValueError):
        return False
    return not isinstance(key, int) or BIGINT_MIN <= key <= BIGINT_MAX


class MaekAdminSite(admin.AdminSite):
    """Django's admin site with "view on site" scoped and every changelist guarded."""

    def register(self, model_or_iterable, admin_class=None, **options):
        # The guard goes into every ModelAdmin registered here, those of other apps
        # (axes' logs have a date hierarchy too) as well as Maek's.
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, GuardedChangeListAdmin):
            admin_class = type(
                admin_class.__name__,
                (GuardedChangeListAdmin, admin_class),
                {"__module__": admin_class.__module__, "__qualname__": admin_class.__qualname__},
            )
        super().register(model_or_iterable, admin_class, **options)

    def get_urls(self):
        scoped = path(
            "r/<path:content_type_id>/<path:object_id>/",
            self.admin_view(self.view_on_site),
            name="view_on_site",
        )
        # Replaced in place: the catch-all pattern at the end must stay last.
        return [scoped if getattr(url, "name", None) == "view_on_site" else url for url in super().get_urls()]

    def view_on_site(self, request, content_type_id, object_id):
        """Redirect to a record's public page, if the user may see the record and it has one.

        A record of another region and a missing one answer the same 404. A record
        the user may see that is not on the public site (a draft) has no public
        address to give: the user is sent back to its admin page, with a message.
        """
        model = self._model_of(content_type_id)
        model_admin = self._registry.get(model)
        if model_admin is None:
            raise Http404(_("There is no page for this record."))
        record = model_admin.get_object(request, unquote(object_id))
        if record is None or not model_admin.has_view_or_change_permission(request, record):
            raise not_found(model._meta)
        if model_admin.view_on_site is not True or not hasattr(record, "get_absolute_url"):
            raise Http404(_("There is no page for this record."))
        if not is_public(record):
            messages.info(
                request,
                _("“%(record)s” is not published: it has no public page yet.") % {"record": record},
            )
            opts = model._meta
            return HttpResponseRedirect(
                reverse(f"{self.name}:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
            )
        return HttpResponseRedirect(record.get_absolute_url())

    @staticmethod
    def _model_of(content_type_id: str):
        if not INTEGER.fullmatch(content_type_id) or not fits_bigint(content_type_id):
            raise Http404(_("There is no page for this record."))
        try:
            model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        except ContentType.DoesNotExist:
            model = None
        if model is None:
            raise Http404(_("There is no page for this record."))
        return model
