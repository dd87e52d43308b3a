import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import formats, translation
from django.utils.html import escape
from django.utils.text import Truncator

from devdata import batken
from devdata.demo import batken_event_write
from dialogues.models import ParticipantCategory, Participation
from tests import factories
from tests.public_site import bulk_events

pytestmark = pytest.mark.django_db

MAX_QUERIES = 15


def _slugs_in(response) -> list[str]:
    return re.findall(r'href="/\w\w/events/([\w-]+)/"', response.content.decode())


def _query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# Home


def test_home_counts_exclude_drafts(client):
    factories.EventFactory(attendance_total=50, attendance_women=22, attendance_men=28)
    draft = factories.DraftEventFactory(attendance_total=900, attendance_women=800)
    factories.ProposalFactory(event=draft)

    response = client.get("/en/")

    stats = response.context["stats"]
    assert (stats.events, stats.content["proposals"], stats.participants) == (1, 0, 50)
    content = response.content.decode()
    assert "<dd>44%</dd>" in content
    assert "<dd>900</dd>" not in content


def test_home_women_share_over_events_reporting_women(client):
    factories.EventFactory(attendance_total=50, attendance_women=22, attendance_men=28)
    factories.EventFactory(attendance_total=30, attendance_women=18)
    factories.EventFactory(attendance_total=100)

    response = client.get("/en/")

    assert response.context["stats"].participants == 180
    assert "<dd>50%</dd>" in response.content.decode()


def test_home_lists_latest_published_events(client):
    events = [factories.EventFactory(date=datetime.date(2021, 1, day)) for day in range(1, 8)]
    draft = factories.DraftEventFactory(date=datetime.date(2022, 1, 1))

    response = client.get("/ky/")

    assert _slugs_in(response) == [e.slug for e in reversed(events)][:5]
    assert draft.slug not in response.content.decode()


def test_home_has_intro_and_page_structure(client):
    response = client.get("/en/")

    content = response.content.decode()
    assert '<html lang="en">' in content
    assert 'class="skip-link" href="#main"' in content
    assert '<main id="main"' in content
    assert "<h1" in content and "Maek keeps the records" in content


# Event list


def test_event_list_newest_first(client):
    old = factories.EventFactory(date=datetime.date(2020, 1, 1))
    new = factories.EventFactory(date=datetime.date(2023, 1, 1))
    middle = factories.EventFactory(date=datetime.date(2021, 6, 1))

    response = client.get("/en/events/")

    assert _slugs_in(response) == [new.slug, middle.slug, old.slug]


def test_event_list_paginates_twenty_a_page(client):
    events = [
        factories.EventFactory(date=datetime.date(2020, 1, 1) + datetime.timedelta(days=n)) for n in range(23)
    ]

    first = client.get("/en/events/")
    second = client.get("/en/events/?page=2")

    assert len(first.context["object_list"]) == 20
    assert _slugs_in(second) == [e.slug for e in events[:3][::-1]]
    assert "Page 1 of 2" in first.content.decode()
    assert 'href="?page=2" rel="next"' in first.content.decode()


def test_event_list_page_links_keep_the_filters(client):
    for n in range(21):
        factories.EventFactory(date=datetime.date(2021, 1, 1) + datetime.timedelta(days=n))

    response = client.get("/en/events/?year=2021&region=KG-B")

    assert 'href="?year=2021&amp;region=KG-B&amp;page=2"' in response.content.decode()


@pytest.mark.parametrize(("page", "shown"), [("999", 2), ("0", 2), ("-1", 2), ("abc", 1), ("", 1)])
def test_event_list_bad_page_number_shows_first_or_last_page(client, page, shown):
    for n in range(21):
        factories.EventFactory(date=datetime.date(2021, 1, 1) + datetime.timedelta(days=n))

    response = client.get(f"/en/events/?page={page}")

    # Not a number: the first page; out of range: the last page.
    assert response.status_code == 200
    assert response.context["page_obj"].number == shown


def test_event_list_filters_by_region(client):
    naryn = factories.EventFactory(region=factories.region("KG-N"))
    factories.EventFactory(region=factories.region("KG-B"))

    response = client.get("/en/events/?region=KG-N")

    assert _slugs_in(response) == [naryn.slug]


def test_event_list_filters_by_year(client):
    factories.EventFactory(date=datetime.date(2021, 7, 8))
    recent = factories.EventFactory(date=datetime.date(2023, 3, 1))

    response = client.get("/en/events/?year=2023")

    assert _slugs_in(response) == [recent.slug]


def test_event_list_filters_by_format(client):
    hearing = factories.EventFactory(format=factories.event_format("public-hearing"))
    factories.EventFactory()

    response = client.get("/en/events/?format=public-hearing")

    assert _slugs_in(response) == [hearing.slug]


def test_event_list_filters_by_topic(client):
    media = factories.EventFactory()
    media.topics.add(factories.topic("media"))
    factories.EventFactory().topics.add(factories.topic("economy"))

    response = client.get("/en/events/?topic=media")

    assert _slugs_in(response) == [media.slug]


@pytest.mark.parametrize(
    ("query", "language"),
    [("Өзгөчө статус", "ky"), ("Особый статус", "ru"), ("special STATUS", "en")],
)
def test_event_list_searches_titles_in_every_language(client, query, language):
    event = batken_event_write()
    factories.EventFactory()

    for page_language in ("ky", "ru", "en"):
        response = client.get(f"/{page_language}/events/", {"q": query})
        assert _slugs_in(response) == [event.slug], (language, page_language)


def test_event_list_searches_goals(client):
    event = factories.EventFactory(goal_ru="Развитие свободного информационного пространства")
    factories.EventFactory()

    response = client.get("/ky/events/", {"q": "информационного"})

    assert _slugs_in(response) == [event.slug]


def test_event_list_search_matching_only_a_proposal_text(client):
    event = factories.EventFactory()
    factories.ProposalFactory(event=event, text_ky="Жөлөкпулдарды жогорулатуу маселесин кароо")
    factories.EventFactory()

    response = client.get("/ky/events/", {"q": "жөлөкпулдарды"})

    assert _slugs_in(response) == [event.slug]


def test_event_list_search_is_case_insensitive_for_cyrillic(client):
    event = factories.EventFactory(title_ky="Баткен облусунун өзгөчө статусу", title_ru="", title_en="")
    factories.EventFactory()

    response = client.get("/ky/events/", {"q": "БАТКЕН"})

    assert _slugs_in(response) == [event.slug]


def test_event_list_never_shows_drafts(client):
    draft = factories.DraftEventFactory(title_ru="Черновик")

    response = client.get("/ru/events/", {"q": "черновик"})

    assert _slugs_in(response) == []
    assert draft.slug not in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "region=XX",
        "year=abc",
        "year=99999999999999999999",
        "format=nope",
        "q=" + "x" * 500,
        "q=%21%21%21",  # "!!!": no word to search for
    ],
)
def test_event_list_bad_filter_values_are_ignored_with_a_message(client, query):
    event = factories.EventFactory()

    response = client.get(f"/en/events/?{query}")

    assert response.status_code == 200
    content = response.content.decode()
    assert "Some filters could not be used and were ignored" in content
    assert _slugs_in(response) == [event.slug]


@pytest.mark.parametrize("query", ["region=KG-N&region=KG-B", "page=1e9", "year=", "q=%20%20"])
def test_event_list_odd_but_harmless_values_show_results(client, query):
    event = factories.EventFactory()

    response = client.get(f"/en/events/?{query}")

    assert response.status_code == 200
    assert "were ignored" not in response.content.decode()
    assert _slugs_in(response) == [event.slug]


def test_event_list_search_without_a_word_says_what_to_type(client):
    response = client.get("/ru/events/?q=%C2%AB%E2%80%94%C2%BB")  # «—»

    assert "Введите слово для поиска: буквы или цифры." in response.content.decode()


def test_event_list_unknown_region_message_names_the_code(client):
    response = client.get("/en/events/?region=KG-ZZ")

    assert "There is no region with the code KG-ZZ." in response.content.decode()


def test_event_list_filter_inputs_have_labels(client):
    factories.EventFactory()

    content = client.get("/en/events/").content.decode()

    for name in ("q", "region", "year", "format", "topic"):
        assert f'<label for="id_{name}">' in content
        assert f'id="id_{name}" name="{name}"' in content


# Event detail


def test_event_detail_shows_every_section_in_report_order(client):
    event = batken_event_write()
    # The report names no other speaker, presenter, organiser or partner: added here, so that
    # every section of the page shows.
    factories.ParticipationFactory(
        event=event,
        person=factories.PersonFactory(full_name_en="Other Speaker"),
        role=Participation.Role.SPEAKER,
        position_en="Journalist",
        order=len(batken.PARTICIPATIONS) + 1,
    )
    event.presentations.get(order=1).presenters.set(
        [factories.PersonFactory(full_name_en="Presenter Person")]
    )
    event.organizers.set([factories.OrganizationFactory(name_en="Organising body")])
    event.partners.set([factories.OrganizationFactory(name_en="Partner project")])
    moderator, *welcome = batken.PARTICIPATIONS
    first_category = ParticipantCategory.objects.filter(slug__in=batken.EVENT["participant_categories"])[0]
    with translation.override("en"):
        date = formats.date_format(batken.EVENT["date"])

    response = client.get(f"/en/events/{event.slug}/")

    def en(text: dict[str, str]) -> str:
        return escape(text["en"])

    content = response.content.decode()
    in_order = [
        "Open dialogue platform",
        en(batken.EVENT["title"]),
        "Participants",
        escape(first_category.name_en),
        "Goal",
        en(batken.EVENT["goal"]),
        "Moderator",
        en(moderator["person"]["full_name"]),
        en(moderator["position"]),
        en(moderator["person"]["honorific"]),
        "Date and venue",
        date,
        en(batken.EVENT["locality"]),
        en(batken.EVENT["venue"]),
        "Batken Region",
        "Attendance",
        f"<dd>{batken.EVENT['attendance_total']}</dd>",
        f"<dd>{batken.EVENT['attendance_women']}</dd>",
        f"<dd>{batken.EVENT['attendance_men']}</dd>",
        "Topics discussed",
        *(en(item) for item in batken.AGENDA_ITEMS),
        "Summary of the discussion",
        en(batken.EVENT["summary"]),
        "Welcome speeches",
        *(en(text) for row in welcome for text in (row["person"]["full_name"], row["position"])),
        "Other speakers",
        "Other Speaker",
        "Presentations",
        en(batken.PRESENTATIONS[0]),
        "Presenter Person",
        *(en(title) for title in batken.PRESENTATIONS[1:]),
        "Proposals received",
        *(
            text
            for proposal in batken.PROPOSALS
            for text in (
                en(proposal["text"]),
                *(en(batken.ORGANIZATIONS[key]["name"]) for key in proposal["addressees"]),
            )
        ),
        "Organisers",
        "Organising body",
        "Partners and funders",
        "Partner project",
    ]
    position = content.index("<main")
    for text in in_order:
        position = content.find(text, position)
        assert position != -1, f"{text!r} missing or out of order"


def test_event_detail_numbers_proposals_with_anchors_status_and_reference(client):
    event = batken_event_write()
    first = event.proposals.get(number=1)

    content = client.get(f"/en/events/{event.slug}/").content.decode()

    for number in range(1, len(batken.PROPOSALS) + 1):
        assert f'id="proposal-{number}"' in content
        assert f"No. {number}</a>" in content
    assert first.reference in content
    assert '<span class="status status-received">Received</span>' in content


def test_event_detail_shows_translated_status_label(client):
    proposal = factories.ProposalFactory(status="partly_implemented")

    content = client.get(f"/en/events/{proposal.event.slug}/").content.decode()

    assert "Partly implemented" in content


def test_event_detail_shows_unspecified_attendance(client):
    event = factories.EventFactory(attendance_total=60, attendance_women=22, attendance_men=28)

    content = client.get(f"/en/events/{event.slug}/").content.decode()

    assert "<dt>Not specified</dt><dd>10</dd>" in content


def test_event_detail_without_attendance_says_so(client):
    event = factories.EventFactory()

    content = client.get(f"/en/events/{event.slug}/").content.decode()

    assert "does not give the number of participants" in content


def test_event_detail_lists_several_moderators(client):
    event = factories.EventFactory()
    for name in ("First Moderator", "Second Moderator"):
        factories.ParticipationFactory(
            event=event, person=factories.PersonFactory(full_name_en=name), role=Participation.Role.MODERATOR
        )

    content = client.get(f"/en/events/{event.slug}/").content.decode()

    assert "Moderators</h2>" in content
    assert content.index("First Moderator") < content.index("Second Moderator")


def test_event_detail_draft_is_404(client):
    draft = factories.DraftEventFactory()

    response = client.get(f"/en/events/{draft.slug}/")

    assert response.status_code == 404


def test_event_detail_unknown_slug_is_404_with_friendly_page(client):
    response = client.get("/ru/events/no-such-event/")

    assert response.status_code == 404
    content = response.content.decode()
    assert '<html lang="ru">' in content
    assert 'href="/ru/"' in content
    assert 'rel="alternate"' not in content


def test_event_detail_meta_description_is_the_goal(client):
    event = batken_event_write()

    content = client.get(f"/en/events/{event.slug}/").content.decode()

    goal = escape(Truncator(batken.EVENT["goal"]["en"]).words(40))
    assert f'<meta name="description" content="{goal}">' in content
    assert f"<title>{escape(batken.EVENT['title']['en'])} · " in content


# Query counts: bounded, and the same whatever the amount of data.


def test_public_pages_query_count_does_not_grow(client, django_assert_max_num_queries):
    def urls(events):
        return {
            "home": "/ky/",
            "event list": "/ky/events/?q=a&topic=economy&page=2",
            "event detail": f"/ky/events/{events[-1].slug}/",
        }

    small = bulk_events(2, proposals=1)
    small_counts = {}
    for page, url in urls(small).items():
        with django_assert_max_num_queries(MAX_QUERIES):
            small_counts[page] = _query_count(client, url)

    large = bulk_events(22, proposals=6, start=datetime.date(2023, 1, 1))
    large_counts = {}
    for page, url in urls(large).items():
        with django_assert_max_num_queries(MAX_QUERIES):
            large_counts[page] = _query_count(client, url)

    assert small_counts == large_counts


def test_event_list_full_page_with_stylesheet_weighs_under_100_kb(client):
    css = (Path(settings.BASE_DIR) / "static" / "css" / "maek.css").stat().st_size
    for n in range(20):
        factories.EventFactory(
            date=datetime.date(2021, 1, 1) + datetime.timedelta(days=n),
            title_ky="Баткен облусунун өзгөчө статусу темасындагы ачык маектешүү аянтчасы " * 2,
        )

    response = client.get("/ky/events/")

    assert len(response.context["object_list"]) == 20
    assert len(response.content) + css < 100 * 1024


def test_event_search_paginates_in_date_order_with_proposal_counts(client):
    # A search reads the matching ids once and loads each page's cards by id.
    matching = [
        factories.EventFactory(
            title_en=f"Water forum {n}", date=datetime.date(2020, 1, 1) + datetime.timedelta(days=n)
        )
        for n in range(23)
    ]
    factories.EventFactory(title_en="Roads", date=datetime.date(2024, 1, 1))
    for _ in range(3):
        factories.ProposalFactory(event=matching[0])

    first = client.get("/en/events/?q=water")
    second = client.get("/en/events/?q=water&page=2")

    assert _slugs_in(first) == [e.slug for e in matching[::-1][:20]]
    assert _slugs_in(second) == [e.slug for e in matching[:3][::-1]]
    assert "Page 2 of 2" in second.content.decode()
    cards = {e.pk: e.proposal_count for e in second.context["object_list"]}
    assert cards == {matching[2].pk: 0, matching[1].pk: 0, matching[0].pk: 3}


def test_event_list_cards_count_their_proposals_on_every_page(client):
    events = [
        factories.EventFactory(date=datetime.date(2020, 1, 1) + datetime.timedelta(days=n)) for n in range(21)
    ]
    factories.ProposalFactory(event=events[0])
    factories.ProposalFactory(event=events[0])
    factories.ProposalFactory(event=events[20])

    first = client.get("/en/events/")
    second = client.get("/en/events/?page=2")

    assert first.context["object_list"][0].proposal_count == 1
    assert [e.proposal_count for e in second.context["object_list"]] == [2]
    assert "2 proposals" in second.content.decode()
