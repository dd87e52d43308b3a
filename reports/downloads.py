"""HTTP responses carrying a reporting workbook (.xlsx) or its CSV, for the public site and the admin.

The file is written to a temporary file and streamed from there, so a download
of every proposal costs disk, not memory.
"""

from __future__ import annotations

import tempfile

from django.http import FileResponse
from django.utils import timezone

from .workbook import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    Report,
    workbook_filename,
    write_csv,
    write_workbook,
)

DOWNLOAD_FORMATS = ("xlsx", "csv")


def report_response(report: Report, *, stem: str, file_format: str = "xlsx", sheet: str = "proposals"):
    """``report`` as a file download: the workbook, or one of its sheets as CSV."""
    handle = tempfile.TemporaryFile()
    if file_format == "csv":
        write_csv(report, handle, sheet=sheet)
        content_type = CSV_CONTENT_TYPE
    else:
        write_workbook(report, handle)
        content_type = XLSX_CONTENT_TYPE
    handle.seek(0)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=workbook_filename(stem, file_format),
        content_type=content_type,
    )
    # Published records change when someone edits or unpublishes: never cache a copy.
    response["Cache-Control"] = "private, no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def dated_stem(name: str) -> str:
    return f"maek-{name}-{timezone.localdate():%Y-%m-%d}"
