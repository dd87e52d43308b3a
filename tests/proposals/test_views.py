import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from proposals.models import Proposal
from tests import factories
from tests.public_site import bulk_events

pytestmark = pytest.mark.django_db

URL = "/en/proposals/"


def _references_in(response) -> list[str]:
    return re.findall(r"<code>(MK-[\w-]+)</code>", response.content.decode())


def test_proposal_list_shows_number_text_event_date_region_and_status(client):
    event = factories.EventFactory(
        title_en="Special status of Batken region", date=datetime.date(2021, 7, 8), slug="batken-2021"
    )
    proposal = factories.ProposalFactory(
        event=event, text_en="Raise allowances and pensions", status=Proposal.Status.UNDER_CONSIDERATION
    )

    content = client.get(URL).content.decode()

    assert "No. 1" in content
    assert '<p class="proposal-text" lang="en">Raise allowances and pensions</p>' in content
    assert (
        'href="/en/events/batken-2021/#proposal-1" lang="en">Special status of Batken region</a>' in content
    )
    assert "July 8, 2021" in content
    assert "Batken Region" in content
    assert "Under consideration" in content
    assert proposal.reference in content


def test_proposal_list_excludes_drafts_proposals(client):
    published = factories.ProposalFactory()
    hidden = factories.ProposalFactory(event=factories.DraftEventFactory(), text_en="Secret draft proposal")

    response = client.get(URL)

    assert _references_in(response) == [published.reference]
    assert hidden.reference not in response.content.decode()
    assert "Secret draft proposal" not in response.content.decode()


def test_proposal_list_newest_event_first_then_by_number(client):
    old = factories.EventFactory(date=datetime.date(2020, 1, 1))
    new = factories.EventFactory(date=datetime.date(2022, 1, 1))
    old_first = factories.ProposalFactory(event=old)
    new_first = factories.ProposalFactory(event=new)
    new_second = factories.ProposalFactory(event=new)

    response = client.get(URL)

    assert _references_in(response) == [new_first.reference, new_second.reference, old_first.reference]


def test_proposal_list_paginates_fifty_a_page(client):
    event = factories.EventFactory()
    for _ in range(52):
        factories.ProposalFactory(event=event)

    first = client.get(URL)
    second = client.get(URL, {"page": 2})

    assert len(_references_in(first)) == 50
    assert len(_references_in(second)) == 2
    assert "Page 2 of 2" in second.content.decode()


def test_proposal_search_paginates_in_list_order(client):
    old, new = (factories.EventFactory(date=datetime.date(year, 1, 1)) for year in (2020, 2023))
    older = [factories.ProposalFactory(event=old, text_en=f"Clean water {n}") for n in range(30)]
    newer = [factories.ProposalFactory(event=new, text_en=f"Water pipes {n}") for n in range(25)]
    factories.ProposalFactory(event=new, text_en="Roads")

    first = client.get(URL, {"q": "water"})
    second = client.get(URL, {"q": "water", "page": 2})

    # Newest event first, then by number; the search's matches counted once.
    assert _references_in(first) == [p.reference for p in newer + older[:25]]
    assert _references_in(second) == [p.reference for p in older[25:]]
    assert "Page 2 of 2" in second.content.decode()


def test_proposal_list_filters_by_region(client):
    naryn = factories.ProposalFactory(event=factories.EventFactory(region=factories.region("KG-N")))
    factories.ProposalFactory()

    assert _references_in(client.get(URL, {"region": "KG-N"})) == [naryn.reference]


def test_proposal_list_filters_by_year(client):
    recent = factories.ProposalFactory(event=factories.EventFactory(date=datetime.date(2023, 5, 1)))
    factories.ProposalFactory(event=factories.EventFactory(date=datetime.date(2021, 7, 8)))

    assert _references_in(client.get(URL, {"year": 2023})) == [recent.reference]


def test_proposal_list_filters_by_topic(client):
    tagged = factories.ProposalFactory()
    tagged.topics.add(factories.topic("security"))
    factories.ProposalFactory().topics.add(factories.topic("economy"))

    assert _references_in(client.get(URL, {"topic": "security"})) == [tagged.reference]


def test_proposal_list_filters_by_status(client):
    accepted = factories.ProposalFactory(status=Proposal.Status.ACCEPTED)
    factories.ProposalFactory(status=Proposal.Status.REJECTED)

    assert _references_in(client.get(URL, {"status": "accepted"})) == [accepted.reference]


def test_proposal_list_filters_by_event(client):
    event = factories.EventFactory(title_en="Batken dialogue")
    first = factories.ProposalFactory(event=event)
    second = factories.ProposalFactory(event=event)
    factories.ProposalFactory()

    response = client.get(URL, {"event": event.slug})

    assert _references_in(response) == [first.reference, second.reference]
    content = response.content.decode()
    assert f'<input type="hidden" name="event" value="{event.slug}">' in content
    assert "Batken dialogue</a>" in content


def test_proposal_list_event_filter_refuses_a_draft(client):
    draft = factories.DraftEventFactory()
    factories.ProposalFactory(event=draft)
    published = factories.ProposalFactory()

    response = client.get(URL, {"event": draft.slug})

    assert response.status_code == 200
    assert _references_in(response) == [published.reference]
    assert "There is no published event at this address." in response.content.decode()


@pytest.mark.parametrize("query", ["ПЕНСИИ", "пенсии", "Pensions", "ПЕНСИЯЛАРДЫ"])
def test_proposal_list_search_in_every_language(client, query):
    match = factories.ProposalFactory(
        text_ky="Пенсияларды жогорулатуу", text_ru="Повысить пенсии", text_en="Raise pensions"
    )
    factories.ProposalFactory()

    assert _references_in(client.get(URL, {"q": query})) == [match.reference]


def test_proposal_list_search_ignores_drafts(client):
    factories.ProposalFactory(event=factories.DraftEventFactory(), text_ru="Повысить пенсии")

    assert _references_in(client.get(URL, {"q": "пенсии"})) == []


@pytest.mark.parametrize(
    "query", ["status=nope", "year=abc", "region=XX", "topic=none", "event=nope", "page=999", "page=x"]
)
def test_proposal_list_bad_filter_values_do_not_fail(client, query):
    proposal = factories.ProposalFactory()

    response = client.get(f"{URL}?{query}")

    assert response.status_code == 200
    assert _references_in(response) == [proposal.reference]


def test_proposal_list_status_filter_offers_translated_labels(client):
    content = client.get("/en/proposals/").content.decode()

    assert '<label for="id_status">Status</label>' in content
    assert '<option value="partly_implemented">Partly implemented</option>' in content


def test_proposal_list_query_count_does_not_grow(client, django_assert_max_num_queries):
    def count(url):
        with django_assert_max_num_queries(15), CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    events = bulk_events(2, proposals=2)
    url = f"{URL}?topic=economy&q=a&event={events[0].slug}&status=forwarded"
    small = (count(URL), count(url))

    events = bulk_events(6, proposals=12, start=datetime.date(2023, 1, 1))
    url = f"{URL}?topic=economy&q=a&event={events[0].slug}&status=forwarded"
    large = (count(URL), count(url))

    assert small == large


def test_proposal_list_full_page_with_stylesheet_weighs_under_100_kb(client):
    css = (Path(settings.BASE_DIR) / "static" / "css" / "maek.css").stat().st_size
    event = factories.EventFactory(
        title_ky="Баткен облусунун өзгөчө статусу темасындагы ачык маектешүү аянтчасы"
    )
    text = "Баткен облусунун чек ара аймактарына жөлөкпулдарды жана пенсияларды жогорулатуу маселесин кароо зарыл. "
    for _ in range(50):
        factories.ProposalFactory(event=event, text_ky=text * 2)

    response = client.get("/ky/proposals/")

    assert len(_references_in(response)) == 50
    assert len(response.content) + css < 100 * 1024
