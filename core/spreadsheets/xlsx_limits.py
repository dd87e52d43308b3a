"""The limits of reading an .xlsx file, and the archive check that applies them first.

Read by ``core.spreadsheets.xlsx`` as ``limits.NAME`` when it reads, so a test may
lower one. Why each value: the comments below and bench/README.md ("Reading .xlsx files").
"""

from __future__ import annotations

import zipfile

from django.utils.translation import gettext as _

# Limits, chosen from the figures of bench/xlsx_limits.py (bench/README.md, "Reading
# .xlsx files"; CPU seconds on the 2-core development machine). The largest real file
# we know is our own export of 50,000 proposals (MAX_ROWS of the import people make
# most): one 73 MB sheet, 1.55 million XML elements, 500,000 cells, read in 5.5 s and
# 96 MB. The limits leave it room and keep the worst file they allow near its cost.

# Parts (files) in the archive. Our exports have 9-11; a workbook with many sheets,
# pictures and comments, a few hundred. The directory is read before anything else.
MAX_PARTS = 1000
# Declared unpacked size of any one part, and of all of them. The export above is
# 73 MB, nearly all of it the sheet (texts inline, as openpyxl and XlsxWriter write
# them; Excel moves them to the shared strings). Texts cost their size in memory
# once read: 97 MB of long texts in the shared strings and 20 MB in the sheet took
# 1.4 s and 126 MB.
MAX_PART_BYTES = 100 * 1024 * 1024
MAX_UNPACKED_BYTES = 120 * 1024 * 1024
# How many times better than its packed size a part may unpack. Real parts: 1-7 for
# small ones, 13-25 for sheets of generated, very repetitive data (our exports of the
# benchmark's data); a zip bomb is 200-1,000 (the one that took a worker: 420). Only
# parts large enough to cost anything are checked.
MAX_RATIO = 100
RATIO_CHECKED_FROM_BYTES = 1024 * 1024
# XML elements in all the parts read: 1.6 times the export above. Expat calls Python
# at each one's start and end, so this, not the bytes, bounds the time: 2.5 million
# elements the reader has no use for took 3.7 s, and 100 MB of them (4 bytes each)
# would take 40 s.
MAX_ELEMENTS = 2_500_000
# Cells in the sheet, with a value or not: 50,000 rows of 15. The export above has
# 500,000 (10 columns); a file of events (33 columns) fits up to 22,000 rows. A cell
# with its value is the dearest element (about 6 µs): 750,000 numbers and then
# elements up to the limit above took 4.9 s, the worst file allowed.
MAX_CELLS = 750_000
# Different texts in the shared-strings part (Excel's way of storing texts), which
# is read whole before the first row: ten different texts in each of 50,000 rows.
# 500,000 short ones took 2.2 s and 44 MB.
MAX_SHARED_STRINGS = 500_000
# Rows in the sheet, empty ones included: Excel's own limit.
MAX_SHEET_ROWS = 1_048_576
# Cell formats in the styles part: Excel's own limit. Small lists kept whole
# (relationships, sheets, number formats) hold at most MAX_PARTS entries.
MAX_CELL_FORMATS = 64_000


class WorkbookError(Exception):
    """The file cannot or may not be read; the message is for the person importing."""


def not_a_spreadsheet() -> WorkbookError:
    return WorkbookError(_("The file is not a spreadsheet that can be read; save it again as .xlsx or .csv."))


def damaged() -> WorkbookError:
    return WorkbookError(_("The file is damaged; save the spreadsheet again as .xlsx and upload it again."))


def too_many_parts() -> WorkbookError:
    return WorkbookError(
        _("The file holds more than %(count)s parts; it is not a spreadsheet that can be read.")
        % {"count": f"{MAX_PARTS:,}"}
    )


def in_mb(size: int) -> int:
    return size // (1024 * 1024)


def check_archive(archive: zipfile.ZipFile) -> None:
    """Refuses an archive whose directory declares more than the limits allow.

    Runs before any part is unpacked: the directory is all it reads.
    """
    members = archive.infolist()
    if len(members) > MAX_PARTS:
        raise too_many_parts()
    total = 0
    for member in members:
        if member.file_size > MAX_PART_BYTES:
            raise WorkbookError(
                _("The file unpacks to more than %(size)s MB (“%(part)s”); split it into smaller files.")
                % {"size": in_mb(MAX_PART_BYTES), "part": member.filename[:100]}
            )
        if (
            member.file_size >= RATIO_CHECKED_FROM_BYTES
            and member.file_size > MAX_RATIO * member.compress_size
        ):
            raise WorkbookError(
                _(
                    "The file unpacks to %(ratio)s times its size (“%(part)s”), which spreadsheets never do;"
                    " save it again as .xlsx and upload it again."
                )
                % {
                    "ratio": f"{member.file_size // max(member.compress_size, 1):,}",
                    "part": member.filename[:100],
                }
            )
        total += member.file_size
    if total > MAX_UNPACKED_BYTES:
        raise WorkbookError(
            _("The file unpacks to more than %(size)s MB; split it into smaller files.")
            % {"size": in_mb(MAX_UNPACKED_BYTES)}
        )
