"""A reader downloads the reporting workbook from an event's page; the test opens the file and reads it."""

import csv
import io

import openpyxl
import pytest
from django.utils import translation
from django.utils.translation import gettext

from devdata import batken
from dialogues.models import Event, Participation
from proposals.models import Proposal

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _rows(sheet) -> tuple[list, list[tuple]]:
    rows = list(sheet.iter_rows(values_only=True))
    return list(rows[0]), rows[1:]


def _column(headers, rows, header) -> list:
    index = headers.index(header)
    return [row[index] for row in rows]


def test_reader_downloads_the_event_workbook_and_it_holds_the_record(published_site, visit, tmp_path):
    event = published_site
    page = visit().page
    page.goto(f"/ru/events/{event.slug}/")
    link = page.locator(f'a[download][href="/ru/events/{event.slug}/export.xlsx"]')
    expect(link).to_be_visible()
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.failure() is None
    assert download.suggested_filename == f"maek-{event.slug}.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    book = openpyxl.load_workbook(path, read_only=True)
    with translation.override("ru"):
        assert book.sheetnames == [gettext("Events"), gettext("Proposals"), gettext("Speakers")]
        titles = {
            key: gettext(key) for key in ("Event", "Title", "Participants", "Women", "Men", "Proposals")
        }
        titles |= {key: gettext(key) for key in ("Reference", "No.", "Proposal", "Name", "Role")}
        moderator = gettext("Moderator")
    events_sheet, proposals_sheet, speakers_sheet = (book[name] for name in book.sheetnames)

    # Only this event, in Russian, with its attendance and its five proposals.
    headers, rows = _rows(events_sheet)
    assert _column(headers, rows, titles["Event"]) == [event.slug]
    assert _column(headers, rows, titles["Title"]) == [event.title_ru]
    assert [
        _column(headers, rows, titles[key])[0] for key in ("Participants", "Women", "Men", "Proposals")
    ] == [*(batken.EVENT[key] for key in ("attendance_total", "attendance_women", "attendance_men")), 5]

    headers, rows = _rows(proposals_sheet)
    proposals = list(Proposal.objects.filter(event=event).order_by("number"))
    assert _column(headers, rows, titles["No."]) == [1, 2, 3, 4, 5]
    assert _column(headers, rows, titles["Reference"]) == [p.reference for p in proposals]
    assert _column(headers, rows, titles["Proposal"]) == [p.text_ru for p in proposals]
    assert [p.text_ru for p in proposals] == [row["text"]["ru"] for row in batken.PROPOSALS]

    headers, rows = _rows(speakers_sheet)
    participations = Participation.objects.filter(event=event).select_related("person")
    assert sorted(_column(headers, rows, titles["Name"])) == sorted(
        p.person.full_name_ru for p in participations
    )
    moderators = Participation.objects.filter(event=event, role=Participation.Role.MODERATOR)
    assert _column(headers, rows, titles["Role"]).count(moderator) == moderators.count() >= 1


def test_reader_downloads_filtered_proposals_as_csv(published_site, visit, tmp_path):
    page = visit().page
    page.goto("/en/proposals/")
    page.select_option("#id_region", "KG-B")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url("**/en/proposals/?*region=KG-B*")
    shown = page.locator("ul.proposals > li.proposal").count()
    with page.expect_download() as download_info:
        page.locator('a[download][href*="format=csv"]').click()
    download = download_info.value
    path = tmp_path / "proposals.csv"
    download.save_as(path)

    content = path.read_bytes()
    assert content.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read Cyrillic"
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    references = [row[header.index("Reference")] for row in body]
    expected = Proposal.objects.filter(
        event__region__code="KG-B", event__status=Event.Status.PUBLISHED
    ).values_list("reference", flat=True)
    assert sorted(references) == sorted(expected)
    # The page shows the first page of the same list; the file has all of it.
    assert len(references) >= shown > 0
