"""The admin under accounts' rules: who sees which region's records, and who may import.

- ``RegionScopedAdmin``: editors and publishers see and change only the records
  of their regions (accounts.roles); every admin path goes through
  ``get_queryset`` or a check here, and a record of another region answers 404
  exactly like one that does not exist — its title never shows.
- ``CoordinatorImportAdmin``: only coordinators import spreadsheets.
"""

from core.admin.access import is_public, not_found
from core.spreadsheets.admin import MaekImportExportAdmin

from .roles import can_access_region, can_import, in_user_regions


class RegionScopedAdmin:
    """A ModelAdmin mixin limiting every admin path to the user's regions.

    ``region_field`` is the lookup from the model to its Region ("region",
    "event__region").
    """

    region_field = "region"

    def get_queryset(self, request):
        return in_user_regions(request.user, super().get_queryset(request), region_field=self.region_field)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django redirects to the admin index with the object's id in a message;
        # a 404 tells nothing about records of other regions.
        raise not_found(opts)

    def region_id_of_record(self, record):
        """The region of a (historical) record, for records no longer in the table."""
        raise NotImplementedError

    def get_view_on_site_url(self, obj=None):
        # A draft's public address is a 404 for everyone: no "View on site" link to it
        # (the view behind the link refuses it too: core.admin.site).
        if obj is not None and not is_public(obj):
            return None
        return super().get_view_on_site_url(obj)

    def record_in_scope(self, request, record) -> bool:
        return can_access_region(request.user, self.region_id_of_record(record))


class CoordinatorImportAdmin(MaekImportExportAdmin):
    """Import for coordinators (and superusers) only; export for all staff."""

    def has_import_permission(self, request):
        return can_import(request.user)
