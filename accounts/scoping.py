"""The admin under accounts' rules: who may import.

(Region scoping of the admin joins this module when core.admin.access is split.)
"""

from core.spreadsheets.admin import MaekImportExportAdmin

from .roles import can_import


class CoordinatorImportAdmin(MaekImportExportAdmin):
    """Import for coordinators (and superusers) only; export for all staff."""

    def has_import_permission(self, request):
        return can_import(request.user)
