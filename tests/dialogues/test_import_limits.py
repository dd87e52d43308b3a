"""Hostile spreadsheets are refused quickly, in little memory, with a clear message.

The files are crafted here with zipfile: deflating repetitive XML is quick, so
a file that declares hundreds of megabytes costs the test a second at most.
Limits that would take large files to pass are lowered for the test instead.
"""

import csv
import datetime
import io
import itertools
import random
import time
import tracemalloc
import zipfile
from functools import cache

import openpyxl
import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from core.spreadsheets import xlsx
from core.spreadsheets import xlsx_limits as limits
from core.spreadsheets.imports import import_file
from core.spreadsheets.reading import MAX_COLUMNS, MAX_ROWS, ImportFileError, read_spreadsheet
from dialogues.models import Person
from dialogues.resources import PersonResource
from tests import factories
from tests.xlsx_files import MAIN, workbook

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
# Generous guards: every refusal below takes well under a second on a quiet machine.
SECONDS = 5
MEMORY = 30 * MB


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def sheet(rows=(), *, header=("full_name_ky",), after=b""):
    """Worksheet XML in chunks: a header row of texts, then ``rows`` (each a row's XML),
    then ``after`` (bytes) before the end."""
    cells = "".join(f'<c t="inlineStr"><is><t>{name}</t></is></c>' for name in header)
    yield f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">{cells}</row>'.encode()
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == 10_000:
            yield "".join(batch).encode()
            batch = []
    yield "".join(batch).encode()
    yield after
    yield b"</sheetData></worksheet>"


def text_rows(count: int, start: int = 2):
    return (
        f'<row r="{n}"><c t="inlineStr"><is><t>Name {n}</t></is></c></row>'
        for n in range(start, start + count)
    )


# Not well-formed: a reader that got this far would fail on it, not refuse for a limit.
GARBAGE = b"<row><c><v>1</v></c></row></oops>" * 1000


def refused(data: bytes, match: str, *, name: str = "people.xlsx", **kwargs) -> float:
    """Reads ``data`` expecting a refusal matching ``match``; checks it came soon and in
    little memory, and returns the seconds it took."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(ImportFileError, match=match):
            read_spreadsheet(data, name=name, **kwargs)
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert seconds < SECONDS
    assert peak < MEMORY
    return seconds


@cache
def shared_strings_bomb(size: int) -> bytes:
    """A workbook whose shared strings unpack to ``size`` bytes of empty texts."""
    unit = b"<si><t/></si>" * 80_000

    def strings():
        yield f'<sst xmlns="{MAIN}">'.encode()
        for _ in range(size // len(unit)):
            yield unit
        yield b"</sst>"

    rows = (f'<row r="{n}"><c t="s"><v>{n}</v></c></row>' for n in range(2, 12))
    return workbook(sheet(rows), strings(), level=1)


# The archive, before anything is unpacked ---------------------------------------------------


def test_read_spreadsheet_refuses_a_shared_strings_bomb_before_parsing_it():
    # As the file that took a worker: about 240 MB of shared strings, 1.4 MB on disk.
    data = shared_strings_bomb(238 * MB)
    assert len(data) < 2 * MB

    refused(data, r"unpacks to more than 100 MB \(“xl/sharedStrings.xml”\)")


def test_read_spreadsheet_refuses_a_part_packed_far_better_than_spreadsheets_are():
    # Under the size limits, but 60 MB from a few hundred kilobytes.
    data = shared_strings_bomb(60 * MB)
    size = zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/sharedStrings.xml")
    assert size.file_size < limits.MAX_PART_BYTES
    assert size.file_size > limits.MAX_RATIO * size.compress_size

    refused(
        data, r"unpacks to \d[\d,]* times its size \(“xl/sharedStrings.xml”\), which spreadsheets never do"
    )


def test_read_spreadsheet_refuses_a_part_over_the_size_limit_even_packed_honestly(monkeypatch):
    monkeypatch.setattr(limits, "MAX_PART_BYTES", 2 * MB)
    # Numbers that pack like a real sheet (about 3 times), 3 MB of them.
    rows = (f'<row r="{n}"><c><v>{(n * 7919) % 100_003}</v></c></row>' for n in range(2, 90_000))
    data = workbook(sheet(rows))
    size = zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/worksheets/sheet1.xml")
    assert size.file_size > 2 * MB
    assert size.file_size < 10 * size.compress_size

    refused(data, r"unpacks to more than 2 MB \(“xl/worksheets/sheet1.xml”\)")


def test_read_spreadsheet_refuses_parts_over_the_total_size_limit(monkeypatch):
    monkeypatch.setattr(limits, "MAX_UNPACKED_BYTES", 2 * MB)
    # Pictures, say: 1 MB each that packs no better than pictures do.
    filler = [(f"xl/media/image{n}.bin", random.Random(n).randbytes(MB)) for n in range(3)]

    refused(workbook(sheet(text_rows(3)), extra=filler), r"The file unpacks to more than 2 MB; split it")


def test_read_spreadsheet_refuses_an_archive_of_too_many_parts_before_zipfile_reads_them(monkeypatch):
    # zipfile reads its whole directory when it opens an archive (a 10 MB file of
    # 120,000 empty parts took 5.5 s): the parts are counted before it opens one.
    extra = [(f"xl/media/p{n}.xml", "<p/>") for n in range(limits.MAX_PARTS)]
    data = workbook(sheet(text_rows(3)), extra=extra)

    def unexpected(*args, **kwargs):
        raise AssertionError("zipfile opened the archive")

    monkeypatch.setattr(xlsx.zipfile, "ZipFile", unexpected)
    refused(data, r"holds more than 1,000 parts")


@pytest.mark.parametrize(
    "parts",
    [
        {"relations": "".join(f'<Relationship Id="x{n}" Type="t" Target="t{n}.xml"/>' for n in range(1000))},
        {"styles": f'<styleSheet xmlns="{MAIN}"><cellXfs>{"<xf/>" * 64_001}</cellXfs></styleSheet>'.encode()},
    ],
    ids=["relationships", "cell formats"],
)
def test_read_spreadsheet_refuses_lists_longer_than_a_workbook_has(parts):
    refused(workbook(sheet(text_rows(3)), **parts), r"not a spreadsheet that can be read")


def test_read_spreadsheet_reads_a_long_number_format_once():
    # A date format of 1 MB shared by 60,000 cell formats is looked at once, not 60,000 times.
    code = "d" + random.Random(1).randbytes(MB // 2).hex()  # packs like a real part
    formats = '<xf numFmtId="200"/>' * 60_000
    styles = (
        f'<styleSheet xmlns="{MAIN}"><numFmts><numFmt numFmtId="200" formatCode="{code}"/></numFmts>'
        f"<cellXfs>{formats}</cellXfs></styleSheet>"
    ).encode()
    data = workbook(sheet(['<row r="2"><c s="59999"><v>44621</v></c></row>']), styles=styles)

    started = time.perf_counter()
    dataset = read_spreadsheet(data, name="dates.xlsx")

    assert time.perf_counter() - started < SECONDS
    assert list(dataset) == [(datetime.datetime(2022, 3, 1),)]


def lie_about_size(data: bytes, member: str, declared: int) -> bytes:
    """``data`` with ``member``'s unpacked size rewritten as ``declared`` in its local
    header and in the central directory; its CRC stays that of the real data."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo(member)
    patched = bytearray(data)
    patched[info.header_offset + 22 : info.header_offset + 26] = declared.to_bytes(4, "little")
    position = archive.start_dir
    while True:
        assert data[position : position + 4] == b"PK\x01\x02"
        name_length, extra_length, comment_length = (
            int.from_bytes(data[position + offset : position + offset + 2], "little")
            for offset in (28, 30, 32)
        )
        if data[position + 46 : position + 46 + name_length] == member.encode():
            patched[position + 24 : position + 28] = declared.to_bytes(4, "little")
            return bytes(patched)
        position += 46 + name_length + extra_length + comment_length


def test_zipfile_reads_no_further_than_a_lying_header_declares():
    # Why checking declared sizes is enough: the data behind a header that says 64 KB
    # is never unpacked past 64 KB; the CRC of what was read then fails.
    honest = workbook(sheet(text_rows(100_000)))
    liar = lie_about_size(honest, "xl/worksheets/sheet1.xml", 64 * 1024)
    archive = zipfile.ZipFile(io.BytesIO(liar))
    assert archive.getinfo("xl/worksheets/sheet1.xml").file_size == 64 * 1024
    unpacked = 0
    with pytest.raises(zipfile.BadZipFile, match="CRC"), archive.open("xl/worksheets/sheet1.xml") as part:
        while chunk := part.read(4096):
            unpacked += len(chunk)
    assert unpacked <= 64 * 1024


def test_read_spreadsheet_refuses_a_part_whose_header_lies_about_its_size(monkeypatch):
    monkeypatch.setattr(limits, "MAX_PART_BYTES", 1 * MB)
    # 4 MB of rows, declared as 512 KB: under the limit, if the header were believed.
    honest = workbook(sheet(text_rows(80_000)))
    assert zipfile.ZipFile(io.BytesIO(honest)).getinfo("xl/worksheets/sheet1.xml").file_size > 3 * MB
    liar = lie_about_size(honest, "xl/worksheets/sheet1.xml", 512 * 1024)

    refused(liar, r"The file is damaged; save the spreadsheet again")


# The XML, as it is read -----------------------------------------------------------------------


def test_read_spreadsheet_refuses_a_first_row_of_16384_columns():
    data = workbook(sheet(text_rows(2), header=[f"column {n}" for n in range(16_384)]))

    refused(data, r"The first row has more than 100 columns")


def test_read_spreadsheet_refuses_a_column_name_past_the_column_limit():
    # One name far to the right (column XFD) is as many columns as the names up to it.
    data = workbook(
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">'
        f'<c r="A1" t="inlineStr"><is><t>full_name_ky</t></is></c>'
        f'<c r="XFD1" t="inlineStr"><is><t>note</t></is></c></row></sheetData></worksheet>'.encode()
    )

    refused(data, r"The first row has more than 100 columns")


def test_read_spreadsheet_ignores_cells_right_of_the_column_names():
    # 16,384 cells in a data row cost reading them, not a row of 16,384 slots.
    wide = '<row r="2">' + "".join(f"<c><v>{n}</v></c>" for n in range(16_384)) + "</row>"
    data = workbook(sheet([wide], header=["a", "b"]))

    tracemalloc.start()
    try:
        dataset = read_spreadsheet(data, name="wide.xlsx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert list(dataset) == [(0, 1)]
    assert peak < MEMORY


def test_read_spreadsheet_refuses_a_csv_of_16384_columns():
    header = ",".join(f"column {n}" for n in range(16_384))

    refused(f"{header}\nx\n".encode(), r"The first row has more than 100 columns", name="people.csv")


def test_read_spreadsheet_accepts_a_first_row_of_exactly_the_column_limit():
    dataset = read_spreadsheet(
        workbook(sheet(text_rows(1), header=[f"c{n}" for n in range(MAX_COLUMNS)])), name="x.xlsx"
    )

    assert len(dataset.headers) == MAX_COLUMNS


def test_read_spreadsheet_stops_reading_at_the_row_limit():
    # Rows past the limit, then XML that is not well-formed: the refusal is for the
    # rows, so the reading stopped there (reading on would have failed on the garbage).
    data = workbook(sheet(text_rows(1001), after=GARBAGE))

    refused(data, r"The file has more than 1,000 rows", max_rows=1000)


def test_read_spreadsheet_reads_50000_rows_of_an_xlsx_and_refuses_one_more():
    data = workbook(sheet(text_rows(MAX_ROWS + 1), after=GARBAGE))

    with pytest.raises(ImportFileError, match="The file has more than 50,000 rows"):
        read_spreadsheet(data, name="people.xlsx")


def test_read_spreadsheet_skips_formatted_empty_rows_without_counting_them():
    # Excel keeps formatted empty rows; they are not data, and not rows to import.
    empty = (f'<row r="{n}" s="1" customFormat="1"/>' for n in range(2, 100_002))
    data = workbook(sheet(itertools.chain(empty, text_rows(2, start=100_002))))

    dataset = read_spreadsheet(data, name="people.xlsx", max_rows=2)

    assert list(dataset) == [("Name 100002",), ("Name 100003",)]


def test_read_spreadsheet_stops_reading_at_the_sheet_row_limit(monkeypatch):
    monkeypatch.setattr(limits, "MAX_SHEET_ROWS", 1000)
    empty = (f'<row r="{n}"/>' for n in range(2, 1002))

    refused(workbook(sheet(empty, after=GARBAGE)), r"The sheet has more than 1,000 rows")


def test_read_spreadsheet_stops_reading_at_the_cell_limit(monkeypatch):
    monkeypatch.setattr(limits, "MAX_CELLS", 1000)
    rows = ('<row r="{}">{}</row>'.format(n, "<c><v>1</v></c>" * 10) for n in range(2, 102))

    refused(workbook(sheet(rows, after=GARBAGE)), r"The sheet has more than 1,000 cells")


def test_read_spreadsheet_stops_reading_at_the_element_limit(monkeypatch):
    monkeypatch.setattr(limits, "MAX_ELEMENTS", 5000)
    # Elements the reader has no use for cost as much to parse as any others.
    junk = (b"<x/>" * 1000 for _ in range(5))

    refused(
        workbook(sheet(after=b"".join(junk) + GARBAGE)),
        r"too complex to read \(more than 5,000 XML elements\)",
    )


def test_read_spreadsheet_stops_reading_shared_strings_at_their_limit(monkeypatch):
    monkeypatch.setattr(limits, "MAX_SHARED_STRINGS", 1000)
    strings = f'<sst xmlns="{MAIN}">'.encode() + b"".join(
        f"<si><t>{n}</t></si>".encode() for n in range(1001)
    )

    refused(workbook(sheet(), strings + GARBAGE), r"holds more than 1,000 different texts")


def test_read_spreadsheet_refuses_xml_with_entities():
    # A "billion laughs": entities that expand to gigabytes. No part of a real
    # spreadsheet declares a DTD.
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">'.encode() for n in range(9))
        + f']><sst xmlns="{MAIN}"><si><t>&j;</t></si></sst>'.encode()
    )

    refused(workbook(sheet(), laughs), r"not a spreadsheet that can be read")


def test_read_spreadsheet_refuses_a_cell_reference_that_is_not_one():
    data = workbook(sheet(['<row r="2"><c r="' + "A" * 5000 + '2"><v>1</v></c></row>']))

    refused(data, r"not a spreadsheet that can be read")


def test_read_spreadsheet_picks_a_csv_delimiter_in_linear_time():
    # csv.Sniffer took 76 s over a first line of 64 KB of `,"`.
    refused((',"' * 32_000 + "\nx\n").encode(), r"more than 100 columns|not a spreadsheet", name="people.csv")
    dataset = read_spreadsheet("event;number;text_ru\ne;1;Дороги\n".encode("cp1251"), name="p.csv")
    assert dataset.headers == ["event", "number", "text_ru"]
    dataset = read_spreadsheet(b"event\tnumber\ne\t1\n", name="p.csv")
    assert dataset.headers == ["event", "number"]


# What a refusal does ----------------------------------------------------------------------------


def test_import_file_reports_a_bomb_and_writes_nothing():
    report = import_file(
        resource=PersonResource(),
        file=SimpleUploadedFile("people.xlsx", shared_strings_bomb(238 * MB)),
        dry_run=False,
    )

    assert "unpacks to more than 100 MB" in report.file_error
    assert not report.written
    assert not Person.objects.exists()


def test_admin_import_shows_why_a_bomb_is_refused_and_writes_nothing(client):
    client.force_login(factories.SuperuserFactory(preferred_language="en"))

    response = client.post(
        "/admin/dialogues/person/import/",
        {
            "format": "0",
            "resource": "0",
            "import_file": SimpleUploadedFile("people.xlsx", shared_strings_bomb(238 * MB)),
        },
    )

    assert response.status_code == 200
    assert "The file unpacks to more than 100 MB" in response.content.decode()
    assert not Person.objects.exists()


# Values, as openpyxl read them --------------------------------------------------------------------


def test_read_spreadsheet_gives_the_values_openpyxl_gave():
    # Excel's way (as XlsxWriter writes it): shared strings, rich text, dates by their
    # number format, booleans, formulas with their last results, errors.
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet_ = book.add_worksheet()
    date = book.add_format({"num_format": "dd.mm.yyyy"})
    duration = book.add_format({"num_format": "[h]:mm"})
    bold = book.add_format({"bold": True})
    sheet_.write_row(0, 0, ["text", "number", "date", "flag", "formula", "rich", "duration", "blank"])
    sheet_.write_row(1, 0, ["Жол_x005F_курулушу", 3, None, True])
    sheet_.write_datetime(1, 2, datetime.datetime(2022, 3, 1), date)
    sheet_.write_formula(1, 4, "=B2*2", None, 6)
    sheet_.write_rich_string(1, 5, "Көпүрө ", bold, "курулушу")
    sheet_.write_number(1, 6, 1.5, duration)
    sheet_.write_row(2, 0, ["  ", 2.5, None, False])
    sheet_.write_formula(2, 4, "=1/0", None, "#DIV/0!")
    sheet_.write_string(4, 0, "after an empty row")
    book.close()
    data = buffer.getvalue()

    openpyxl_rows = [
        list(row)[:8]
        for row in openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True).active.iter_rows(
            values_only=True
        )
    ]
    dataset = read_spreadsheet(data, name="values.xlsx")

    assert dataset.headers == [str(v) for v in openpyxl_rows[0]]
    expected = [
        [None if v is None else v for v in row] + [None] * (8 - len(row)) for row in openpyxl_rows[1:]
    ]
    assert [list(row) for row in dataset] == [row for row in expected if any(v is not None for v in row)]
    assert dataset[0][2] == datetime.datetime(2022, 3, 1)
    assert dataset[0][5] == "Көпүрө курулушу"


def test_read_spreadsheet_reads_dates_of_a_1904_workbook():
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"date_1904": True})
    sheet_ = book.add_worksheet()
    sheet_.write_row(0, 0, ["date"])
    sheet_.write_datetime(1, 0, datetime.datetime(2022, 3, 1), book.add_format({"num_format": "yyyy-mm-dd"}))
    book.close()

    assert list(read_spreadsheet(buffer.getvalue(), name="mac.xlsx")) == [(datetime.datetime(2022, 3, 1),)]


def test_read_spreadsheet_reads_an_export_of_django_import_export_as_before():
    factories.PersonFactory(full_name_ky="Асан Үсөнов", full_name_ru="Асан Усенов")
    from import_export.formats.base_formats import XLSX

    data = XLSX().export_data(PersonResource().export())
    expected = list(openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True).active.values)

    dataset = read_spreadsheet(data, name="people.xlsx")

    assert [dataset.headers, *[list(row) for row in dataset]] == [
        [str(v) for v in expected[0]],
        *[list(row) for row in expected[1:]],
    ]


def test_read_spreadsheet_of_a_csv_keeps_its_rows():
    # The CSV reader shares the column limit; its rows are read as before.
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["full_name_ky", "note"], ["Асан", ""], ["", ""], ["Үсөн", "x"]])

    dataset = read_spreadsheet(buffer.getvalue().encode(), name="p.csv")

    assert list(dataset) == [("Асан", None), ("Үсөн", "x")]
