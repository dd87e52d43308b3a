import csv
import io
import zipfile

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from import_export.formats.base_formats import XLSX

from core.spreadsheets.imports import import_file
from core.spreadsheets.reading import MAX_BYTES, MAX_ROWS, ImportFileError, read_spreadsheet
from devdata.demo import batken_event_write
from dialogues.models import Event
from dialogues.resources import EventResource
from proposals.models import Proposal
from proposals.resources import ProposalResource
from tests import factories

pytestmark = pytest.mark.django_db

EVENT_HEADERS = [
    "slug",
    "title_ky",
    "title_ru",
    "title_en",
    "date",
    "region",
    "format",
    "organizers",
    "attendance_total",
    "attendance_women",
    "attendance_men",
]


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted in English, whatever the catalogues later translate.
    with translation.override("en"):
        yield


def xlsx_bytes(headers, rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(headers, rows, *, delimiter=",", encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def upload(name, data) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def good_event_row(slug="new-dialogue-2022"):
    return [slug, "Жаңы маек", "", "", "2022-03-01", "KG-O", "round-table", "", 40, 20, 20]


# Bad files -------------------------------------------------------------------------------


def test_read_spreadsheet_refuses_wrong_extension():
    with pytest.raises(ImportFileError, match=r"“events.pdf” is not an .xlsx or .csv file"):
        read_spreadsheet(upload("events.pdf", b"%PDF-1.7"))


def test_read_spreadsheet_refuses_a_file_that_is_not_really_a_spreadsheet():
    with pytest.raises(ImportFileError, match="not a spreadsheet that can be read"):
        read_spreadsheet(upload("events.xlsx", b"just some text pretending to be a workbook"))
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(ImportFileError, match="not a spreadsheet that can be read"):
        read_spreadsheet(upload("events.xlsx", archive.getvalue()))
    with pytest.raises(ImportFileError, match="not a spreadsheet that can be read"):
        read_spreadsheet(upload("events.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))


def test_read_spreadsheet_refuses_password_protected_workbook():
    # An encrypted .xlsx is an OLE compound file holding EncryptionInfo and
    # EncryptedPackage streams (MS-OFFCRYPTO); this is its directory, in short.
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    directory = "EncryptionInfo".encode("utf-16-le") + b"\x00" * 100 + "EncryptedPackage".encode("utf-16-le")
    with pytest.raises(ImportFileError, match="password-protected"):
        read_spreadsheet(upload("events.xlsx", header + directory + b"\x00" * 1024))


def test_read_spreadsheet_refuses_old_xls_with_advice():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "Workbook".encode("utf-16-le")
    with pytest.raises(ImportFileError, match=r"old Excel workbook \(.xls\)"):
        read_spreadsheet(upload("events.xlsx", data))


def test_read_spreadsheet_refuses_files_over_10_mb():
    data = csv_bytes(["title_ky"], []) + b"x" * MAX_BYTES
    with pytest.raises(ImportFileError, match="larger than 10 MB"):
        read_spreadsheet(upload("events.csv", data))
    with pytest.raises(ImportFileError, match="larger than 10 MB"):
        read_spreadsheet(data, name="events.csv")


def test_read_spreadsheet_refuses_more_than_50000_rows():
    data = csv_bytes(["event", "number", "text_ky"], [["e", n, "t"] for n in range(MAX_ROWS + 1)])
    with pytest.raises(ImportFileError, match="more than 50,000 rows"):
        read_spreadsheet(upload("proposals.csv", data))
    assert len(read_spreadsheet(upload("ok.csv", data.rsplit(b"\r\n", 2)[0]))) == MAX_ROWS


def test_import_file_refuses_missing_required_columns_and_writes_nothing():
    data = xlsx_bytes(["slug", "title_en", "date"], [["x", "Dialogue", "2022-01-01"]])

    report = import_file(resource=EventResource(), file=upload("events.xlsx", data), dry_run=False)

    assert report.file_error == "The file lacks required columns: region; format."
    assert not report.written
    assert not Event.objects.exists()


def test_import_file_bad_file_gives_report_not_exception():
    report = import_file(resource=EventResource(), file=upload("events.docx", b"PK"), dry_run=True)

    assert "is not an .xlsx or .csv file" in report.file_error
    assert report.summary() == report.file_error


# Reading ----------------------------------------------------------------------------------


def test_read_spreadsheet_reads_xlsx_values_and_skips_empty_rows():
    data = xlsx_bytes(
        ["event", "number", "text_ky"], [["e", 1, "Бир"], [None, None, None], ["e", 2.0, "Эки"]]
    )

    dataset = read_spreadsheet(upload("p.xlsx", data))

    assert dataset.headers == ["event", "number", "text_ky"]
    assert list(dataset) == [("e", 1, "Бир"), ("e", 2, "Эки")]


def test_read_spreadsheet_reads_excel_russian_csv_in_cp1251_with_semicolons():
    data = csv_bytes(["event", "number", "text_ru"], [["e", "1", "Дороги"]], delimiter=";", encoding="cp1251")

    dataset = read_spreadsheet(upload("p.csv", data))

    assert dataset.headers == ["event", "number", "text_ru"]
    assert list(dataset) == [("e", "1", "Дороги")]


# Bad rows ------------------------------------------------------------------------------------


def test_import_reports_every_bad_row_with_row_column_and_reason_and_writes_nothing():
    existing = batken_event_write()
    factories.OrganizationFactory(name_ru="Министерство", name_ky="Министрлик", name_en="Ministry")
    rows = [
        good_event_row("fine-row"),
        ["unknown-region", "Маек", "", "", "2022-03-01", "KG-Q", "round-table", "", "", "", ""],
        ["bad-date", "Маек", "", "", "31.02.2022", "KG-B", "round-table", "", "", "", ""],
        ["negative", "Маек", "", "", "2022-03-01", "KG-B", "round-table", "", -5, "", ""],
        ["over-total", "Маек", "", "", "2022-03-01", "KG-B", "round-table", "", 45, 22, 28],
        ["no-title", "", " ", "", "2022-03-01", "KG-B", "round-table", "", "", "", ""],
        [
            "unknown-org",
            "Маек",
            "",
            "",
            "2022-03-01",
            "KG-B",
            "round-table",
            "Министерство; Нет такой",
            "",
            "",
            "",
        ],
        ["fine-row", "Маек", "", "", "2022-03-01", "KG-B", "round-table", "", "", "", ""],
    ]
    data = xlsx_bytes(EVENT_HEADERS, rows)

    report = import_file(resource=EventResource(), file=upload("events.xlsx", data), dry_run=False)

    found = [(e.row, e.column, e.message) for e in report.errors]
    assert found == [
        (3, "region", "Unknown region “KG-Q”; use an ISO code such as KG-B."),
        (4, "date", "“31.02.2022” is not a date; write it as 2021-07-08."),
        (5, "attendance_total", "Ensure this value is greater than or equal to 0."),
        (5, "attendance_total", "Attendance cannot be negative."),
        (6, "attendance_total", "22 women + 28 men is more than the total of 45."),
        (
            7,
            "title_ky / title_ru / title_en",
            "Fill this in at least one language (Kyrgyz, Russian or English).",
        ),
        (8, "organizers", "Unknown organisation “Нет такой”."),
        (9, "slug", "The event “fine-row” appears twice in the file."),
    ]
    assert (
        str(report.errors[0]) == "Row 3, column region: Unknown region “KG-Q”; use an ISO code such as KG-B."
    )
    assert report.summary() == "8 errors; nothing was imported."
    assert list(Event.objects.values_list("pk", flat=True)) == [existing.pk]


def test_import_reports_a_bad_row_among_many_good_ones_and_writes_none_of_them():
    event = factories.EventFactory()
    rows = [[event.slug, n, f"Сунуш {n}"] for n in range(1, 300)] + [[event.slug, 300, ""]]
    data = csv_bytes(["event", "number", "text_ky"], rows)

    report = import_file(resource=ProposalResource(), file=upload("p.csv", data), dry_run=False)

    assert [(e.row, e.column) for e in report.errors] == [(301, "text_ky / text_ru / text_en")]
    assert not Proposal.objects.exists()


# Dry run, confirm, round trip ----------------------------------------------------------------


def test_import_dry_run_writes_nothing_then_confirm_writes():
    data = xlsx_bytes(EVENT_HEADERS, [good_event_row("one-2022"), good_event_row("two-2022")])

    preview = import_file(resource=EventResource(), file=upload("events.xlsx", data), dry_run=True)

    assert preview.ok and not preview.written
    assert (preview.new, preview.updated, preview.unchanged) == (2, 0, 0)
    assert not Event.objects.exists()

    confirmed = import_file(resource=EventResource(), file=upload("events.xlsx", data), dry_run=False)

    assert confirmed.written
    assert sorted(Event.objects.values_list("slug", flat=True)) == ["one-2022", "two-2022"]
    event = Event.objects.get(slug="one-2022")
    assert (event.attendance_total, event.attendance_women, event.attendance_men) == (40, 20, 20)
    assert event.region.code == "KG-O" and event.status == Event.Status.DRAFT


@pytest.mark.parametrize("format_", ["xlsx", "csv"])
def test_exported_file_imports_back_unchanged(format_):
    batken_event_write()
    factories.ProposalFactory(text_ru="=ВПР(A1)")
    dataset = ProposalResource().export()
    data = XLSX().export_data(dataset) if format_ == "xlsx" else dataset.export("csv").encode("utf-8-sig")
    before = list(Proposal.objects.order_by("pk").values())

    report = import_file(
        resource=ProposalResource(), file=upload(f"proposals.{format_}", data), dry_run=False
    )

    assert report.ok and report.unchanged == 6 and report.new == report.updated == 0
    assert list(Proposal.objects.order_by("pk").values()) == before


def test_import_result_for_the_admin_preview_lists_rows_and_errors():
    event = factories.EventFactory()
    dataset = tablib.Dataset(headers=["event", "number", "text_ky"])
    dataset.append([event.slug, 1, "Бир"])

    result = ProposalResource().import_data(dataset, dry_run=True)

    assert result.totals["new"] == 1 and not result.has_validation_errors()
    assert [row.import_type for row in result.valid_rows()] == ["new"]
    assert not Proposal.objects.exists()

    dataset.append([event.slug, 1, "Бир дагы"])
    result = ProposalResource().import_data(dataset, dry_run=True)
    [invalid] = result.invalid_rows
    assert invalid.number == 3
    assert invalid.error_dict == {"number": [f"No. 1 of event “{event.slug}” appears twice in the file."]}
