import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from devdata import batken
from devdata.demo import batken_event_write, demo_load
from dialogues.models import Event
from proposals.models import Proposal
from reports.workbook import Report, csv_bytes, workbook_bytes
from tests import factories

pytestmark = pytest.mark.django_db


def open_workbook(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def rows_of(sheet) -> list[dict]:
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def test_workbook_of_seed_event_shows_attendance_proposals_and_speakers():
    # The report as written: Kyrgyz only.
    event = batken_event_write(languages=("ky",))
    report = Report.for_events(Event.objects.filter(pk=event.pk), published_only=True, language="en")

    book = open_workbook(workbook_bytes(report))

    assert book.sheetnames == ["Events", "Proposals", "Speakers"]
    [row] = rows_of(book["Events"])
    assert (row["Participants"], row["Women"], row["Men"]) == (50, 22, 28)
    assert row["Share of women"] == pytest.approx(0.44)
    assert row["Not specified"] == 0
    assert row["Proposals"] == 5
    assert row["Date"] == datetime.datetime(2021, 7, 8)
    # The texts exist only in Kyrgyz: an English reader gets them by fallback.
    assert row["Title"] == batken.EVENT["title"]["ky"]
    assert row["Region"] == "Batken Region"
    proposals = rows_of(book["Proposals"])
    assert [p["No."] for p in proposals] == [1, 2, 3, 4, 5]
    assert [p["Proposal"] for p in proposals] == [p["text"]["ky"] for p in batken.PROPOSALS]
    assert all(p["Reference"].startswith("MK-2021-") for p in proposals)
    speakers = rows_of(book["Speakers"])
    assert [
        (s["Role"], s["Name"], s["Degree or honorific"], s["Position at that time"]) for s in speakers
    ] == [
        (
            label,
            row["person"]["full_name"]["ky"],
            row["person"]["honorific"]["ky"] or None,
            row["position"]["ky"],
        )
        for label, row in zip(
            ["Moderator", "Welcome speech", "Welcome speech"], batken.PARTICIPATIONS, strict=True
        )
    ]


def test_workbook_sheets_have_bold_frozen_filtered_headers_and_typed_cells():
    event = batken_event_write()
    report = Report.for_events(Event.objects.filter(pk=event.pk), published_only=False, language="en")

    book = open_workbook(workbook_bytes(report))

    for name in ("Events", "Proposals", "Speakers"):
        sheet = book[name]
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref.startswith("A1:")
        assert all(cell.font.b for cell in sheet[1])
        assert sheet.column_dimensions["A"].width > 10
    events = book["Events"]
    headers = [cell.value for cell in events[1]]
    date_cell = events.cell(row=2, column=headers.index("Date") + 1)
    assert date_cell.is_date and date_cell.number_format == "yyyy-mm-dd"
    share_cell = events.cell(row=2, column=headers.index("Share of women") + 1)
    assert share_cell.data_type == "n" and share_cell.number_format == "0%"
    assert events.cell(row=2, column=headers.index("Participants") + 1).data_type == "n"
    assert events.cell(row=2, column=headers.index("Status") + 1).value == "Published"


def test_workbook_headers_and_texts_follow_the_readers_language():
    event = factories.EventFactory(title_ky="Маек", title_ru="Диалог", title_en="Dialogue")
    events = Event.objects.filter(pk=event.pk)

    for language, title in (("ky", "Маек"), ("ru", "Диалог"), ("en", "Dialogue")):
        book = open_workbook(
            workbook_bytes(Report.for_events(events, published_only=True, language=language))
        )
        with translation.override(language):
            title_header = translation.gettext("Title")
        headers = [cell.value for cell in book.worksheets[0][1]]
        assert book.worksheets[0].cell(row=2, column=headers.index(title_header) + 1).value == title


def test_workbook_public_download_never_contains_drafts():
    published = batken_event_write()
    draft = factories.DraftEventFactory(title_en="Secret draft")
    factories.ProposalFactory(event=draft, text_en="Draft proposal")
    factories.ParticipationFactory(event=draft)

    report = Report.for_proposals(Proposal.objects.all(), published_only=True, language="en")
    book = open_workbook(workbook_bytes(report))

    assert [row["Event"] for row in rows_of(book["Events"])] == [published.slug]
    assert len(rows_of(book["Proposals"])) == 5
    assert all(row["Event"] != "Secret draft" for row in rows_of(book["Speakers"]))
    assert "Status" not in [cell.value for cell in book["Events"][1]]
    assert b"Secret draft" not in csv_bytes(report, sheet="events")


def test_workbook_for_proposals_keeps_only_the_filtered_proposals():
    event = batken_event_write()
    wanted = Proposal.objects.filter(event=event, number__in=[2, 4])

    book = open_workbook(workbook_bytes(Report.for_proposals(wanted, published_only=True, language="en")))

    assert [row["No."] for row in rows_of(book["Proposals"])] == [2, 4]
    assert len(rows_of(book["Events"])) == 1


def test_workbook_writes_formula_like_text_as_text():
    event = factories.EventFactory(title_en='=HYPERLINK("http://evil","x")')
    factories.ProposalFactory(event=event, text_ky="+7 996 000", text_en="@SUM(1)")

    data = workbook_bytes(Report.for_events(Event.objects.all(), published_only=True, language="en"))
    book = openpyxl.load_workbook(io.BytesIO(data))
    title = book["Events"].cell(row=2, column=2)
    text = book["Proposals"].cell(row=2, column=5)

    assert (title.data_type, title.value) == ("s", '=HYPERLINK("http://evil","x")')
    assert title.quotePrefix
    assert (text.data_type, text.value) == ("s", "@SUM(1)")


def test_workbook_query_count_does_not_grow_with_rows():
    def queries_for(n_events):
        Proposal.objects.all().delete()
        Event.objects.all().delete()
        for _ in range(n_events):
            event = factories.EventFactory()
            event.topics.set([factories.topic("migration")])
            event.organizers.set([factories.OrganizationFactory()])
            proposal = factories.ProposalFactory(event=event)
            proposal.addressees.set([factories.OrganizationFactory()])
            factories.ParticipationFactory(event=event, organization=factories.OrganizationFactory())
        report = Report.for_events(Event.objects.all(), published_only=True, language="ky")
        with CaptureQueriesContext(connection) as context:
            workbook_bytes(report)
        return len(context.captured_queries)

    assert queries_for(2) == queries_for(25)


def test_csv_has_bom_iso_dates_and_escaped_formulae():
    event = factories.EventFactory(date=datetime.date(2021, 7, 8))
    factories.ProposalFactory(event=event, text_en="=1+1", text_ky="")

    data = csv_bytes(Report.for_events(Event.objects.all(), published_only=True, language="en"))

    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    assert header.startswith("Reference,Event,Event date,No.,Proposal")
    assert ",2021-07-08,1,'=1+1," in row


def test_csv_events_sheet_gives_share_of_women_as_a_number():
    batken_event_write()

    text = csv_bytes(
        Report.for_events(Event.objects.all(), published_only=True, language="ky"), sheet="events"
    )

    assert ",50,22,28,0,0.44,5" in text.decode("utf-8-sig")


def test_workbook_of_demo_event_has_the_seed_values():
    event = demo_load(with_admin=False).event

    book = open_workbook(
        workbook_bytes(
            Report.for_events(Event.objects.filter(pk=event.pk), published_only=True, language="ky")
        )
    )

    assert len(book.sheetnames) == 3
    [row] = list(book.worksheets[0].iter_rows(min_row=2, values_only=True))
    assert (50, 22, 28) in {tuple(row[i : i + 3]) for i in range(len(row) - 2)}
    proposals = list(book.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert [p[3] for p in proposals] == [1, 2, 3, 4, 5]
    assert [p[4] for p in proposals] == [p["text"]["ky"] for p in batken.PROPOSALS]
    speakers = list(book.worksheets[2].iter_rows(min_row=2, values_only=True))
    assert [s[6] for s in speakers] == [row["position"]["ky"] for row in batken.PARTICIPATIONS]
