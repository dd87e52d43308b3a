"""Every public page runs a small, fixed number of SQL queries, whatever the data size.

Each page is rendered at two sizes (3 and 30 events, the larger with an event of 30
proposals) and must stay within 15 queries at both, with the same count: a query per
event or per proposal (N+1) would show as growth. The cache is emptied before each
request so that the count is the one of a real render, not of a cached copy.
"""

import pytest
from django.core.cache import cache
from django.db.models import Count
from django.urls import reverse

from devdata.generate import EventShape, generate_data, generate_events
from dialogues.models import Event

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 15


def busiest_event() -> Event:
    return Event.objects.published().annotate(n=Count("proposals")).order_by("-n", "pk").first()


def some_event() -> Event:
    return Event.objects.published().order_by("pk").first()


def some_topic() -> str:
    return some_event().topics.order_by("slug").first().slug


def some_proposal_word() -> str:
    """A word of a published proposal's Russian text, so that the search finds something."""
    text = some_event().proposals.exclude(text_ru="").order_by("number").first().text_ru
    return max(text.split(), key=len)[:6]


PAGES = {
    "home": lambda: reverse("dialogues:home"),
    "event list": lambda: reverse("dialogues:event-list"),
    "event list, last page": lambda: reverse("dialogues:event-list") + "?page=last",
    "event list, page out of range": lambda: reverse("dialogues:event-list") + "?page=50",
    "event list, filtered": lambda: (
        reverse("dialogues:event-list")
        + f"?region={some_event().region.code}&year={some_event().date.year}&format={some_event().format.slug}"
    ),
    "event list, by topic": lambda: reverse("dialogues:event-list") + f"?topic={some_topic()}",
    "event list, search": lambda: reverse("dialogues:event-list") + "?q=миграция",
    "event list, search in English": lambda: reverse("dialogues:event-list") + "?q=migration",
    "event detail": lambda: busiest_event().get_absolute_url(),
    "proposals": lambda: reverse("proposals:proposal-list"),
    "proposals, last page": lambda: reverse("proposals:proposal-list") + "?page=last",
    "proposals, filtered": lambda: (
        reverse("proposals:proposal-list") + f"?region={some_event().region.code}&topic={some_topic()}"
    ),
    "proposals of one event": lambda: reverse("proposals:proposal-list") + f"?event={busiest_event().slug}",
    "proposals, search": lambda: reverse("proposals:proposal-list") + f"?q={some_proposal_word()}",
}


def queries_of(client, url: str, django_assert_max_num_queries) -> int:
    cache.clear()
    with django_assert_max_num_queries(QUERY_BUDGET) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("page", PAGES)
def test_public_page_queries_stay_within_budget_and_do_not_grow(client, page, django_assert_max_num_queries):
    generate_data(events=3, seed=1, history=False)
    small = queries_of(client, PAGES[page](), django_assert_max_num_queries)

    generate_data(events=26, seed=2, history=False)
    generate_events(shapes=[EventShape(proposals=30, participations=8, presentations=4, agenda_items=5)])
    assert Event.objects.count() == 30
    large = queries_of(client, PAGES[page](), django_assert_max_num_queries)

    assert large == small, f"{page}: {small} queries with 3 events, {large} with 30"


def test_event_detail_queries_do_not_depend_on_the_number_of_proposals(client, django_assert_max_num_queries):
    report = generate_events(
        shapes=[
            EventShape(proposals=1, participations=1, presentations=1, agenda_items=1),
            EventShape(proposals=100, participations=30, presentations=6, agenda_items=8),
        ],
        history=False,
    )
    small, large = Event.objects.filter(pk__in=report.event_ids).annotate(n=Count("proposals")).order_by("n")

    assert queries_of(client, small.get_absolute_url(), django_assert_max_num_queries) == queries_of(
        client, large.get_absolute_url(), django_assert_max_num_queries
    )


def test_search_uses_the_word_indexes_on_postgresql():
    from django.db import connection

    from proposals.models import Proposal

    if connection.vendor != "postgresql":
        pytest.skip("word indexes exist on PostgreSQL only; SQLite scans the stored search text")
    generate_data(events=5, seed=1, history=False)
    with connection.cursor() as cursor:
        # On a table this small the planner would rightly prefer a scan; forbid it
        # to see that the index answers a search for the beginnings of words.
        cursor.execute("SET LOCAL enable_seqscan = off")
    plans = [
        Event.objects.filter(search_text__words="миграц").order_by().values("pk").explain(),
        Proposal.objects.filter(search_text__words="школ сел").order_by().values("pk").explain(),
    ]

    assert "event_search_words_idx" in plans[0]
    assert "proposal_search_words_idx" in plans[1]
