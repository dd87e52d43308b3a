"""List filters shared by the admin of events and proposals."""

from datetime import MAXYEAR, MINYEAR

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class YearListFilter(admin.SimpleListFilter):
    """Filter by the year of a date field (the event's date by default)."""

    title = _("year")
    parameter_name = "year"
    date_field = "date"

    def lookups(self, request, model_admin):
        years = model_admin.model._default_manager.dates(self.date_field, "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        try:
            year = int(value) if len(value) <= 4 else None
        except ValueError:
            year = None
        if year is None or not MINYEAR < year < MAXYEAR:
            # A stale or mistyped bookmark shows nothing rather than an error page;
            # the first and last years Python knows overflow once made time-zone aware.
            return queryset.none()
        return queryset.filter(**{f"{self.date_field}__year": year})
