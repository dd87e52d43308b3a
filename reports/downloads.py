"""HTTP responses carrying a reporting workbook (.xlsx) or its CSV, for the public site and the admin.

The file is written to a file on disk and streamed from there, so a download of
every proposal costs disk, not memory. Public downloads hold published records
only and are the same for every reader, so they are kept per content version in
the download cache (``pagecache.downloads``) and built a few at a time; the
admin's hold drafts too and are built for each request, never kept.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Mapping
from typing import Any

from django.http import FileResponse
from django.utils import timezone

from accounts.security import client_ip
from pagecache.downloads import Download, serve_download

from .workbook import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    Report,
    workbook_filename,
    write_csv,
    write_workbook,
)

DOWNLOAD_FORMATS = ("xlsx", "csv")


def _writer(report: Report, file_format: str, sheet: str):
    if file_format == "csv":
        return CSV_CONTENT_TYPE, lambda handle: write_csv(report, handle, sheet=sheet)
    return XLSX_CONTENT_TYPE, lambda handle: write_workbook(report, handle)


def report_response(report: Report, *, stem: str, file_format: str = "xlsx", sheet: str = "proposals"):
    """``report`` as a file download built for this request: the workbook, or one of its sheets as CSV."""
    content_type, write = _writer(report, file_format, sheet)
    handle = tempfile.TemporaryFile()
    write(handle)
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


def public_report_response(
    request,
    report: Report,
    *,
    stem: str,
    variant: str,
    file_format: str = "xlsx",
    sheet: str = "proposals",
):
    """A public ``report`` (published records only) as a download, from the download cache.

    ``variant`` names what besides the path, language and format decides the rows
    (``filters_variant()`` of the valid filters, an event's id), so that requests for
    the same rows share one file however their query strings are written (``page=``,
    parameter order, unknown or invalid parameters). A miss is built under the
    reader's and the site's building limits; over them the reader gets a 429 page.
    """
    if not report.published_only:
        raise ValueError("Only a report of published records may be kept for every reader.")
    content_type, write = _writer(report, file_format, sheet)
    download = Download(
        key="\n".join((request.path, report.language, file_format, sheet, variant)),
        filename=workbook_filename(stem, file_format),
        content_type=content_type,
        write=write,
    )
    return serve_download(request, download, client=client_ip(request) or "unknown")


def filters_variant(filters: Mapping[str, Any]) -> str:
    """The valid filter values as one canonical string: a record by its id, others as text."""
    # JSON, not a query string: it escapes any text, even a lone surrogate.
    return json.dumps(sorted((name, str(getattr(value, "pk", value))) for name, value in filters.items()))


def dated_stem(name: str) -> str:
    return f"maek-{name}-{timezone.localdate():%Y-%m-%d}"
