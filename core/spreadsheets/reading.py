"""Reading an uploaded spreadsheet (.xlsx, .csv) into rows, within limits.

A file is checked before any row is read: extension, size, that it really is a
spreadsheet (and not password-protected), and for an .xlsx what its archive
declares (``core.spreadsheets.xlsx_limits``). Rows, columns and cells are counted
as they are read, and reading stops at the first limit passed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import closing

import tablib
from django.utils.translation import gettext as _

from core.text import decode_text

from .xlsx import WorkbookError, read_rows

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
# Columns of the first row (after the empty ones at its end). Our widest import
# (events) has 33; the rest is room for columns people add for themselves, which
# the import ignores. Every row read is padded to this width, so the cap bounds
# memory too: a first row of 16,384 columns (Excel's most) would make 50,000 rows
# 800 million slots. The limits on the .xlsx archive are in core.spreadsheets.xlsx_limits.
MAX_COLUMNS = 100
EXTENSIONS = (".xlsx", ".csv")

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
# An encrypted .xlsx is an OLE container with these streams (names in UTF-16).
_ENCRYPTION_MARKERS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))


class ImportFileError(Exception):
    """A file that cannot be imported at all; the message is for the person importing."""


def read_spreadsheet(file, *, name: str | None = None, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS):
    """The first sheet of an uploaded .xlsx or .csv as a ``tablib.Dataset``.

    ``file`` is an uploaded file, a path, bytes or a binary stream. Raises
    ``ImportFileError`` with a message for people when the file cannot be read
    or passes a limit (size, rows, columns, and for .xlsx those of
    ``core.spreadsheets.xlsx``); reading stops at the first limit passed.
    """
    data, name = _read_bytes(file, name=name, max_bytes=max_bytes)
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in EXTENSIONS:
        raise ImportFileError(
            _("“%(name)s” is not an .xlsx or .csv file; save the spreadsheet in one of these formats.")
            % {"name": name}
        )
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    if data.startswith(_OLE_MAGIC):
        if any(marker in data for marker in _ENCRYPTION_MARKERS):
            raise ImportFileError(
                _("The file is password-protected; remove the password in Excel and upload it again.")
            )
        raise ImportFileError(
            _("The file is an old Excel workbook (.xls), not .xlsx; save it as .xlsx and upload it again.")
        )
    if extension == ".xlsx":
        headers, rows = _read_xlsx(data, max_rows=max_rows)
    else:
        headers, rows = _read_csv(data, max_rows=max_rows)
    dataset = tablib.Dataset(headers=headers)
    for row in rows:
        dataset.append(row)
    return dataset


def _read_bytes(file, *, name, max_bytes):
    if isinstance(file, bytes | bytearray):
        data = bytes(file)
        name = name or ""
    elif isinstance(file, str):
        name = name or file
        with open(file, "rb") as handle:
            data = handle.read(max_bytes + 1)
    else:
        name = name or getattr(file, "name", "") or ""
        size = getattr(file, "size", None)
        if size is not None and size > max_bytes:
            raise ImportFileError(_too_large(max_bytes))
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ImportFileError(_too_large(max_bytes))
    return data, str(name).replace("\\", "/").rsplit("/", 1)[-1]


def _too_large(max_bytes: int) -> str:
    return _("The file is larger than %(size)s MB; split it into smaller files.") % {
        "size": max_bytes // (1024 * 1024)
    }


def _not_a_spreadsheet() -> ImportFileError:
    return ImportFileError(
        _("The file is not a spreadsheet that can be read; save it again as .xlsx or .csv.")
    )


def too_many_rows(max_rows: int) -> ImportFileError:
    return ImportFileError(
        _("The file has more than %(rows)s rows; split it into smaller files.") % {"rows": f"{max_rows:,}"}
    )


def _read_xlsx(data: bytes, *, max_rows: int) -> tuple[list[str], Iterator[list]]:
    """The column names, and the rows as an iterator that reads the sheet as it goes."""
    if not data.startswith(_ZIP_MAGIC):
        raise _not_a_spreadsheet()
    sheet = read_rows(data)
    try:
        first = next(sheet, None)
        if first is None or first[0] != 1:
            headers = _headers(None)  # the sheet starts below row 1
        else:
            values = [None] * min(max((column for column, _value in first[1]), default=0), MAX_COLUMNS + 1)
            for column, value in first[1]:
                if column <= MAX_COLUMNS:
                    values[column - 1] = value
                elif not _blank(value):
                    values[MAX_COLUMNS] = value  # enough for _headers to count too many
            headers = _headers(values)
    except WorkbookError as error:
        sheet.close()
        raise ImportFileError(str(error)) from None
    except ImportFileError:
        sheet.close()
        raise
    return headers, _xlsx_body(sheet, width=len(headers), max_rows=max_rows)


def _xlsx_body(sheet, *, width: int, max_rows: int) -> Iterator[list]:
    count = 0
    try:
        with closing(sheet):
            for _number, cells in sheet:
                values = [None] * width
                blank = True
                for column, value in cells:
                    if blank and not _blank(value):
                        blank = False
                    if column <= width:
                        values[column - 1] = value
                if blank:
                    continue  # Excel keeps formatted empty rows; they are not data
                count += 1
                if count > max_rows:
                    raise too_many_rows(max_rows)
                yield values
    except WorkbookError as error:
        raise ImportFileError(str(error)) from None


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_csv(data: bytes, *, max_rows: int):
    if b"\x00" in data[:65536]:
        raise _not_a_spreadsheet()
    text = decode_text(data)
    if text is None:
        raise _not_a_spreadsheet()
    try:
        reader = csv.reader(
            io.StringIO(text, newline=""), delimiter=_delimiter(text[:65536].split("\n", 1)[0])
        )
        headers = _headers(next(reader, None))
        width = len(headers)
        body = []
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            if len(body) >= max_rows:
                raise too_many_rows(max_rows)
            values = [v if v != "" else None for v in values[:width]] + [None] * (width - len(values))
            body.append(values)
    except csv.Error:
        raise _not_a_spreadsheet() from None
    return headers, body


def _delimiter(first_line: str) -> str:
    """The delimiter of a CSV file whose first line is ``first_line`` (the column names):
    the most frequent of comma, semicolon (Excel in Russian) and tab; a comma if none.

    Counted rather than guessed with ``csv.Sniffer``, whose patterns take time
    quadratic in the line: 64 KB of `,"` took it 76 s.
    """
    counts = {delimiter: first_line.count(delimiter) for delimiter in ",;\t"}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _headers(values) -> list[str]:
    if not values or all(v is None or not str(v).strip() for v in values):
        raise ImportFileError(_("The first row must hold the column names; it is empty."))
    headers = [("" if v is None else str(v).strip()) for v in values]
    while headers and not headers[-1]:
        headers.pop()
    if len(headers) > MAX_COLUMNS:
        raise ImportFileError(
            _("The first row has more than %(columns)s columns; delete the columns that are not needed.")
            % {"columns": MAX_COLUMNS}
        )
    return headers
