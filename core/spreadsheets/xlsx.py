"""Reading the first sheet of an .xlsx file in a stream, within limits.

An .xlsx file is a zip of XML parts. A few hundred kilobytes can declare
hundreds of megabytes of XML (a zip bomb), and even honest XML costs time per
element. So before anything is unpacked, the archive's directory is checked
(number of parts, each part's declared size, the total, and how much better
than real spreadsheets a large part is compressed); then the few parts needed
(workbook, relationships, styles, shared strings, the first worksheet) are
parsed with expat as they are unpacked, counting elements, texts, rows and
cells, and reading stops at the first limit. No part is ever held whole in
memory, and no tree of it is built.

Why not openpyxl, which read them until then, within limits: it cannot be
bounded enough. With defusedxml its parser runs in Python for every element and
builds an object per text, so shared strings cost about 1 s of CPU per MB when
they are many and short (370,000 in 8 MB: 9.2 s, against 1.4 s here), all of
them before the first row, with no way to stop at a count; a sheet without a
``<dimension>`` is parsed whole, as a tree, just to size it; rows read stay
attached to that tree. Our own export of 50,000 proposals took it 16 s of CPU
(5.5 s here, the same memory). The figures are in bench/README.md
(``bench/xlsx_limits.py``). The values are the ones openpyxl gave in read-only,
data-only mode (numbers, dates by the cell's number format, booleans, shared
and inline strings, formula results), with openpyxl's own date and
number-format helpers.

``zipfile`` unpacks a part no further than the size its directory declares
(and then fails the CRC check if the data goes on), so checking the declared
sizes is enough to bound what is unpacked.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from xml.parsers import expat

from django.utils.translation import gettext as _
from openpyxl.styles.numbers import builtin_format_code, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, WINDOWS_EPOCH, from_excel, from_ISO8601

from . import xlsx_limits as limits
from .xlsx_limits import WorkbookError, not_a_spreadsheet

_CHUNK = 64 * 1024
_MAIN = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
_RELATIONSHIPS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
# Expat reports a namespaced name as "<namespace>}<local name>".
_SEP = "}"


# What the handlers of the two large parts look for, by expat's name for it.
_CELL, _ROW, _VALUE, _TEXT, _PHONETIC, _ITEM = range(1, 7)
_SHEET_TAGS = {
    f"{ns}{_SEP}{local}": code
    for ns in _MAIN
    for local, code in (("c", _CELL), ("row", _ROW), ("v", _VALUE), ("t", _TEXT), ("rPh", _PHONETIC))
}
_STRING_TAGS = {
    f"{ns}{_SEP}{local}": code
    for ns in _MAIN
    for local, code in (("si", _ITEM), ("t", _TEXT), ("rPh", _PHONETIC))
}


def read_rows(data: bytes) -> Iterator[tuple[int, list[tuple[int, object]]]]:
    """The rows of the first worksheet of the .xlsx file ``data``, as they are read.

    Each row is ``(row number, [(column number, value), ...])``, numbers from 1,
    listing only the cells that hold a value, in the file's order. Raises
    ``WorkbookError`` for a file that is not a readable .xlsx or exceeds a limit,
    the moment the limit is passed; whoever stops iterating stops the reading.
    """
    # zipfile reads the whole directory when it opens an archive, 45 µs an entry: a
    # 10 MB file of 120,000 empty parts took 5.5 s and 60 MB before any count. Each
    # entry of the directory starts with this signature, so there are no more entries
    # than signatures.
    if data.count(b"PK\x01\x02") > limits.MAX_PARTS:
        raise limits.too_many_parts()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise not_a_spreadsheet() from None
    with archive:
        limits.check_archive(archive)
        try:
            book = _Book(archive)
            yield from book.rows()
        except WorkbookError:
            raise
        except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as error:
            # A bad CRC, a part shorter or longer than its header says, or bad
            # compressed data.
            raise limits.damaged() from error
        except Exception as error:
            raise not_a_spreadsheet() from error


class _Book:
    """The parts of a workbook needed to read its first worksheet."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self.elements = 0  # read so far, in all parts: one budget for the file
        names = set(archive.namelist())
        workbook = _target(self._relationships(""), "/officeDocument", "")
        if workbook not in names:
            raise not_a_spreadsheet()
        self.epoch, sheet_ids = self._workbook(workbook)
        relationships = self._relationships(workbook)
        self.sheet = next(
            (
                path
                for sheet_id in sheet_ids
                if sheet_id in relationships
                and relationships[sheet_id][0].endswith("/worksheet")
                and (path := _resolve(workbook, relationships[sheet_id][1])) in names
            ),
            None,
        )
        if self.sheet is None:
            raise not_a_spreadsheet()
        styles = _target(relationships, "/styles", workbook)
        strings = _target(relationships, "/sharedStrings", workbook)
        self.date_styles, self.timedelta_styles = self._styles(styles) if styles in names else (set(), set())
        self.strings = self._shared_strings(strings) if strings in names else []

    def _parse(self, name: str, start, end=None, text=None) -> None:
        """Stream the small part ``name`` through expat with these handlers, counting its
        elements into the file's budget."""
        parser, feed = _parser(self.archive, name)

        def counted_start(tag, attributes):
            self.elements += 1
            if self.elements > limits.MAX_ELEMENTS:
                raise _too_complex()
            start(tag, attributes)

        parser.StartElementHandler = counted_start
        if end is not None:
            parser.EndElementHandler = end
        if text is not None:
            parser.CharacterDataHandler = text
        for _chunk in feed:
            pass

    def _relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """``{id: (type, target)}`` of the relationships of ``part`` ("" for the package)."""
        folder, name = posixpath.split(part)
        path = posixpath.join(folder, "_rels", name + ".rels")
        found = {}
        if path not in self.archive.namelist():
            return found
        tag = f"{_PACKAGE_RELATIONSHIPS}{_SEP}Relationship"

        def start(name, attributes):
            if name == tag and attributes.get("TargetMode") != "External":
                if len(found) >= limits.MAX_PARTS:  # more than there are parts to point to
                    raise not_a_spreadsheet()
                found[attributes.get("Id", "")] = (attributes.get("Type", ""), attributes.get("Target", ""))

        self._parse(path, start)
        return found

    def _workbook(self, name: str):
        """The workbook's date epoch and its sheets' relationship ids, in order."""
        epoch = WINDOWS_EPOCH
        sheet_ids = []
        properties = {f"{ns}{_SEP}workbookPr" for ns in _MAIN}
        sheet = {f"{ns}{_SEP}sheet" for ns in _MAIN}
        ids = [f"{ns}{_SEP}id" for ns in _RELATIONSHIPS]

        def start(tag, attributes):
            nonlocal epoch
            if tag in properties and attributes.get("date1904") in ("1", "true"):
                epoch = CALENDAR_MAC_1904
            elif tag in sheet:
                if len(sheet_ids) >= limits.MAX_PARTS:
                    raise not_a_spreadsheet()
                sheet_ids.append(next((attributes[i] for i in ids if i in attributes), ""))

        self._parse(name, start)
        return epoch, sheet_ids

    def _styles(self, name: str) -> tuple[set[int], set[int]]:
        """The indexes of the cell formats that show dates, and of those that show durations."""
        custom: dict[int, str] = {}
        formats: list[int] = []
        number_format = {f"{ns}{_SEP}numFmt" for ns in _MAIN}
        cell_formats = {f"{ns}{_SEP}cellXfs" for ns in _MAIN}
        cell_format = {f"{ns}{_SEP}xf" for ns in _MAIN}
        inside = False

        def start(tag, attributes):
            nonlocal inside
            if tag in number_format:
                if len(custom) >= limits.MAX_PARTS:
                    raise not_a_spreadsheet()
                custom[int(attributes.get("numFmtId", 0))] = attributes.get("formatCode", "")
            elif tag in cell_formats:
                inside = True
            elif inside and tag in cell_format:
                if len(formats) >= limits.MAX_CELL_FORMATS:
                    raise not_a_spreadsheet()
                formats.append(int(attributes.get("numFmtId", 0)))

        def end(tag):
            nonlocal inside
            if tag in cell_formats:
                inside = False

        self._parse(name, start, end)
        kinds = {}  # each number format looked at once, however many cell formats use it
        for format_id in set(formats):
            code = custom.get(format_id) or builtin_format_code(format_id)
            kinds[format_id] = (is_date_format(code), is_timedelta_format(code))
        dates = {index for index, format_id in enumerate(formats) if kinds[format_id][0]}
        durations = {index for index, format_id in enumerate(formats) if kinds[format_id][1]}
        return dates, durations

    def _shared_strings(self, name: str) -> list[str]:
        """The texts of the shared-strings part, as openpyxl reads them (without phonetic
        runs; Excel's escaped underscore "_x005F_" unescaped). Handlers as in
        ``_sheet_handlers``: this part can be the largest but one."""
        strings: list[str] = []
        pieces: list[str] = []
        code_of = _STRING_TAGS.get
        elements = self.elements
        collecting = False
        phonetic = 0

        def start(tag, attributes):
            nonlocal elements, collecting, phonetic
            elements += 1
            if elements > limits.MAX_ELEMENTS:
                raise _too_complex()
            code = code_of(tag)
            if code == _TEXT:
                collecting = not phonetic
            elif code == _PHONETIC:
                phonetic += 1

        def end(tag):
            nonlocal collecting, phonetic
            code = code_of(tag)
            if code == _ITEM:
                if len(strings) >= limits.MAX_SHARED_STRINGS:
                    raise WorkbookError(
                        _("The file holds more than %(count)s different texts; split it into smaller files.")
                        % {"count": f"{limits.MAX_SHARED_STRINGS:,}"}
                    )
                strings.append("".join(pieces).replace("x005F_", ""))
                pieces.clear()
            elif code == _TEXT:
                collecting = False
            elif code == _PHONETIC:
                phonetic -= 1

        def characters(data):
            if collecting:
                pieces.append(data)

        parser, feed = _parser(self.archive, name)
        parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = (
            start,
            end,
            characters,
        )
        for _chunk in feed:
            pass
        self.elements = elements
        return strings

    def rows(self) -> Iterator[tuple[int, list[tuple[int, object]]]]:
        """The first worksheet's rows, parsed as the part is unpacked (see ``read_rows``)."""
        ready: list[tuple[int, list[tuple[int, object]]]] = []
        parser, feed = _parser(self.archive, self.sheet)
        parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = _sheet_handlers(
            self, ready
        )
        try:
            for _chunk in feed:
                yield from ready
                ready.clear()
        except Exception:
            # The rows that ended before the error come first: whoever reads them
            # may stop at one of them (a row too many) before the error counts.
            yield from ready
            raise


def _sheet_handlers(book: _Book, ready: list):
    """Expat handlers that append each row of a worksheet to ``ready`` when it ends.

    Closures over local variables rather than methods: the handlers run for every
    element of the largest part, and this is about a fifth faster.
    """
    code_of = _SHEET_TAGS.get
    # Constants as closure variables: faster to reach than globals, once per element.
    CELL, ROW, VALUE, TEXT, PHONETIC = _CELL, _ROW, _VALUE, _TEXT, _PHONETIC  # noqa: N806
    most_elements, most_cells = limits.MAX_ELEMENTS, limits.MAX_CELLS
    columns: dict[str, int] = {}  # "AB" -> 28, for the few columns a sheet has
    strings, epoch = book.strings, book.epoch
    date_styles, timedelta_styles = book.date_styles, book.timedelta_styles
    elements = book.elements
    cells = rows = 0
    row_number = column = style = phonetic = 0
    kind = "n"
    pieces: list[str] = []
    row: list[tuple[int, object]] = []
    collecting = has_value = False

    def start(tag, attributes):
        nonlocal elements, cells, rows, row_number, column, style, phonetic, kind, row, collecting, has_value
        elements += 1
        if elements > most_elements:
            raise _too_complex()
        code = code_of(tag)
        if code is None:
            return
        if code == CELL:
            cells += 1
            if cells > most_cells:
                raise WorkbookError(
                    _("The sheet has more than %(count)s cells; split it into smaller files.")
                    % {"count": f"{limits.MAX_CELLS:,}"}
                )
            reference = attributes.get("r")
            if reference:
                letters = reference.rstrip("0123456789")
                column = columns.get(letters) or columns.setdefault(letters, _column(letters))
            else:
                column += 1
            kind = attributes.get("t", "n")
            style = attributes.get("s")
            style = int(style) if style else 0
            has_value = False
            pieces.clear()
        elif code == ROW:
            rows += 1
            if rows > limits.MAX_SHEET_ROWS:
                raise WorkbookError(
                    _("The sheet has more than %(count)s rows; split it into smaller files.")
                    % {"count": f"{limits.MAX_SHEET_ROWS:,}"}
                )
            number = attributes.get("r")
            row_number = _integer(number) if number else row_number + 1
            row = []
            column = 0
        elif code == VALUE:
            collecting = has_value = True
        elif code == TEXT:
            if kind == "inlineStr" and not phonetic:
                collecting = has_value = True
        else:
            phonetic += 1

    def end(tag):
        nonlocal collecting, phonetic
        code = code_of(tag)
        if code is None:
            return
        if code == CELL:
            if has_value:
                value = cell_value("".join(pieces))
                if value is not None:
                    row.append((column, value))
        elif code == ROW:
            ready.append((row_number, row))
        elif code == PHONETIC:
            phonetic -= 1
        else:
            collecting = False

    def characters(data):
        if collecting:
            pieces.append(data)

    def cell_value(text: str):
        """The cell's value as openpyxl gives it in data-only mode."""
        if kind == "inlineStr":
            return text
        if not text:
            return None
        if kind == "n":
            number = float(text) if ("." in text or "e" in text or "E" in text) else int(text)
            if style in date_styles:
                try:
                    return from_excel(number, epoch, timedelta=style in timedelta_styles)
                except (OverflowError, ValueError):
                    return "#VALUE!"  # as openpyxl: a date outside the calendar is an error
            return number
        if kind == "s":
            return strings[int(text)]
        if kind == "b":
            return bool(int(text))
        if kind == "d":
            if len(text) > 40:  # "2022-03-01T10:00:00.000+06:00" is 29 long
                raise not_a_spreadsheet()
            return from_ISO8601(text)
        return text  # "str" (a formula's text), "e" (an error such as #N/A)

    return start, end, characters


def _parser(archive: zipfile.ZipFile, name: str):
    """An expat parser for part ``name`` that refuses DTDs and entities (as defusedxml
    does), and a generator feeding it the part in chunks as they are unpacked."""
    parser = expat.ParserCreate(namespace_separator=_SEP)
    parser.buffer_text = True

    def forbidden(*args):
        raise not_a_spreadsheet()

    parser.StartDoctypeDeclHandler = forbidden
    parser.EntityDeclHandler = forbidden
    parser.UnparsedEntityDeclHandler = forbidden
    parser.ExternalEntityRefHandler = forbidden
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def feed():
        with archive.open(name) as stream:
            while chunk := stream.read(_CHUNK):
                parser.Parse(chunk, False)
                yield
        parser.Parse(b"", True)
        yield

    return parser, feed()


def _too_complex() -> WorkbookError:
    return WorkbookError(
        _("The file is too complex to read (more than %(count)s XML elements); split it into smaller files.")
        % {"count": f"{limits.MAX_ELEMENTS:,}"}
    )


def _target(relationships: dict[str, tuple[str, str]], kind: str, part: str) -> str | None:
    """The part the first relationship of type ``…kind`` points to, if any."""
    for relationship_type, target in relationships.values():
        if relationship_type.endswith(kind):
            return _resolve(part, target)
    return None


def _resolve(part: str, target: str) -> str:
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(posixpath.dirname(part), target))


def _column(letters: str) -> int:
    """The column number of a cell reference's letters: "AB" (of "AB12") is 28."""
    if not letters or len(letters) > 3:  # "XFD" is Excel's last column
        raise not_a_spreadsheet()
    column = 0
    for letter in letters:
        if not "A" <= letter <= "Z":
            raise not_a_spreadsheet()
        column = column * 26 + ord(letter) - 64
    return column


def _integer(text: str) -> int:
    if len(text) > 10:
        raise not_a_spreadsheet()
    value = float(text)
    if not value.is_integer():
        raise not_a_spreadsheet()
    return int(value)
