import io

import openpyxl
import pytest

from devdata import batken
from devdata.demo import batken_event_write
from dialogues.models import Event
from proposals.models import Proposal
from tests import factories

pytestmark = pytest.mark.django_db


def workbook(response):
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def column(sheet, header):
    headers = [cell.value for cell in sheet[1]]
    index = headers.index(header)
    return [row[index] for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_event_page_offers_the_workbook_and_it_holds_the_record(client):
    event = batken_event_write()

    page = client.get(f"/en/events/{event.slug}/").content.decode()
    assert f'href="/en/events/{event.slug}/export.xlsx"' in page

    response = client.get(f"/en/events/{event.slug}/export.xlsx")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == f'attachment; filename="maek-{batken.EVENT_SLUG}.xlsx"'
    book = workbook(response)
    assert book.sheetnames == ["Events", "Proposals", "Speakers"]
    assert column(book["Events"], "Participants") == [batken.EVENT["attendance_total"]]
    assert column(book["Proposals"], "No.") == [1, 2, 3, 4, 5]
    assert column(book["Proposals"], "Proposal") == [p["text"]["en"] for p in batken.PROPOSALS]
    assert column(book["Speakers"], "Position at that time") == [
        row["position"]["en"] for row in batken.PARTICIPATIONS
    ]


def test_event_workbook_of_a_draft_is_a_404(client):
    draft = batken_event_write(status=Event.Status.DRAFT)

    assert client.get(f"/en/events/{draft.slug}/export.xlsx").status_code == 404


def test_proposal_list_download_keeps_the_filters_and_never_contains_drafts(client):
    event = batken_event_write()
    other = factories.EventFactory(region=factories.region("KG-N"))
    factories.ProposalFactory(event=other, text_en="Naryn roads")
    draft = factories.DraftEventFactory(region=factories.region("KG-B"))
    factories.ProposalFactory(event=draft, text_en="Draft proposal", text_ky="", text_ru="")
    Proposal.objects.filter(event=event, number=2).update(status=Proposal.Status.ACCEPTED)

    page = client.get("/en/proposals/?region=KG-B&status=accepted").content.decode()
    assert 'href="?region=KG-B&amp;status=accepted&amp;format=xlsx"' in page
    assert 'href="?region=KG-B&amp;status=accepted&amp;format=csv"' in page

    book = workbook(client.get("/en/proposals/?region=KG-B&status=accepted&format=xlsx&page=3"))
    assert column(book["Proposals"], "No.") == [2]
    assert column(book["Events"], "Event") == [event.slug]

    everything = workbook(client.get("/en/proposals/?format=xlsx"))
    texts = column(everything["Proposals"], "Proposal")
    assert "Naryn roads" in texts and "Draft proposal" not in texts
    assert draft.slug not in column(everything["Events"], "Event")


def test_proposal_list_csv_is_utf8_with_bom(client):
    batken_event_write()

    response = client.get("/ru/proposals/?format=csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    data = b"".join(response.streaming_content)
    assert data.startswith("\ufeff".encode())
    lines = data.decode("utf-8-sig").splitlines()
    assert len(lines) == 6
    assert batken.PROPOSALS[4]["text"]["ru"] in lines[5]


def test_proposal_list_with_an_unknown_format_is_the_page(client):
    batken_event_write()

    response = client.get("/en/proposals/?format=pdf")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
