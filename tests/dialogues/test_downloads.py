import io

import openpyxl
import pytest

from dialogues.models import Event
from proposals.models import Proposal
from tests import factories
from tests.excel_data import seed_event

pytestmark = pytest.mark.django_db


def workbook(response):
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def column(sheet, header):
    headers = [cell.value for cell in sheet[1]]
    index = headers.index(header)
    return [row[index] for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_event_page_offers_the_workbook_and_it_holds_the_record(client):
    event = seed_event()

    page = client.get(f"/en/events/{event.slug}/").content.decode()
    assert f'href="/en/events/{event.slug}/export.xlsx"' in page

    response = client.get(f"/en/events/{event.slug}/export.xlsx")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert (
        'attachment; filename="maek-batken-open-dialogue-2021-07-08.xlsx"' == response["Content-Disposition"]
    )
    book = workbook(response)
    assert book.sheetnames == ["Events", "Proposals", "Speakers"]
    assert column(book["Events"], "Participants") == [50]
    assert column(book["Proposals"], "No.") == [1, 2, 3, 4, 5]
    assert len(column(book["Speakers"], "Position at that time")) == 3


def test_event_workbook_of_a_draft_is_a_404(client):
    draft = seed_event(status=Event.Status.DRAFT)

    assert client.get(f"/en/events/{draft.slug}/export.xlsx").status_code == 404


def test_proposal_list_download_keeps_the_filters_and_never_contains_drafts(client):
    event = seed_event()
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
    seed_event()

    response = client.get("/ru/proposals/?format=csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    data = b"".join(response.streaming_content)
    assert data.startswith("\ufeff".encode())
    lines = data.decode("utf-8-sig").splitlines()
    assert len(lines) == 6
    assert "Баткенге которуу" in lines[5]


def test_proposal_list_with_an_unknown_format_is_the_page(client):
    seed_event()

    response = client.get("/en/proposals/?format=pdf")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
