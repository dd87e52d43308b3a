"""Excel in the admin: import and export buttons with Maek's file checks, and the
reporting-workbook action.

Everyone with admin access may export (the current filters and search apply);
only coordinators import. Imports go through ``core.spreadsheets.imports``: the file is
checked before any row is read, every row is validated, and the preview (dry
run) comes before the confirmation, which writes all rows or none.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin, ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ImportForm

from .reading import EXTENSIONS, MAX_BYTES, ImportFileError, read_spreadsheet


class SpreadsheetXLSX(XLSX):
    """.xlsx read with Maek's checks (password, size, rows; defusedxml)."""

    def create_dataset(self, in_stream):
        return read_spreadsheet(in_stream, name="import.xlsx")


class SpreadsheetCSV(CSV):
    """.csv read with Maek's checks; UTF-8 (with or without BOM) or Windows-1251."""

    def is_binary(self):
        return True  # decoded by read_spreadsheet, which knows Excel's encodings

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream):
        if isinstance(in_stream, str):
            in_stream = in_stream.encode("utf-8")
        return read_spreadsheet(in_stream, name="import.csv")


class ExcelCSV(CSV):
    """CSV export with a byte order mark, so Excel reads the Cyrillic right."""

    def export_data(self, dataset, **kwargs):
        return "\ufeff" + super().export_data(dataset, **kwargs)


class SpreadsheetImportForm(ImportForm):
    """Refuses files that are too large or of the wrong kind before they are stored."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        name = upload.name.lower()
        if not name.endswith(EXTENSIONS):
            raise forms.ValidationError(
                _("“%(name)s” is not an .xlsx or .csv file; save the spreadsheet in one of these formats."),
                params={"name": upload.name},
            )
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB; split it into smaller files."),
                params={"size": MAX_BYTES // (1024 * 1024)},
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("import_file")
        if upload is not None and "format" in self.fields:
            # The format follows the file's extension, whatever was picked.
            wanted = "xlsx" if upload.name.lower().endswith(".xlsx") else "csv"
            for value, label in self.fields["format"].choices:
                if str(label).lower() == wanted:
                    cleaned["format"] = value
        return cleaned


class MaekImportExportAdmin(ImportExportModelAdmin):
    """Import and export (all staff) of a model through its resource.

    Who may import is a rule of accounts (``accounts.scoping.CoordinatorImportAdmin``:
    coordinators); without it, superusers only.
    """

    import_formats = [SpreadsheetXLSX, SpreadsheetCSV]
    export_formats = [XLSX, ExcelCSV]
    import_form_class = SpreadsheetImportForm

    def has_import_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportFileError):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)


class MaekExportAdmin(ExportMixin, admin.ModelAdmin):
    """Export only (all staff), for lists whose rows are entered elsewhere."""

    export_formats = [XLSX, ExcelCSV]
