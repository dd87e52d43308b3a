"""Data many pages share is cached under the content version: reused on a page miss,
worked out again the moment the content changes."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dialogues.services import event_unpublish
from pagecache.selectors import remember
from proposals.services import proposal_create
from tests import factories

pytestmark = pytest.mark.django_db


def test_remember_computes_once_per_content_version():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert remember("answer", compute) == 1
    assert remember("answer", compute) == 1
    factories.EventFactory()  # a content change: a new version
    assert remember("answer", compute) == 2
    assert len(calls) == 2


def test_remember_can_be_turned_off(settings):
    settings.MAEK_DATA_CACHE_SECONDS = 0
    calls = []
    remember("answer", lambda: calls.append(1))
    remember("answer", lambda: calls.append(1))
    assert len(calls) == 2


def totals(client) -> str:
    html = client.get("/en/").content.decode()
    return re.sub(r"\s+", " ", re.search(r'<dl class="stats".*?</dl>', html, re.S).group(0))


def test_home_totals_change_at_once_with_only_the_data_cache(client, settings):
    # Whole pages uncached: every request renders, and the totals come from the data cache.
    settings.MAEK_PAGE_CACHE_SECONDS = 0
    event = factories.EventFactory(attendance_total=50, attendance_women=22, attendance_men=28)
    factories.ProposalFactory(event=event)
    before = totals(client)
    assert before == totals(client)

    proposal_create(event=event, text_ky="Экинчи сунуш")
    after_proposal = totals(client)
    assert after_proposal != before

    event_unpublish(event=event, user=factories.SuperuserFactory())
    assert totals(client) != after_proposal


def test_a_page_miss_reuses_the_shared_data(client):
    factories.ProposalFactory(text_en="Roads to the border villages")
    client.get("/en/proposals/?q=roads")  # fills the data cache
    with CaptureQueriesContext(connection) as first_search:
        client.get("/en/proposals/?q=border")
    # A new search word misses the page cache but not the filter choices.
    sql = " ".join(q["sql"] for q in first_search.captured_queries)
    assert 'FROM "dialogues_region"' not in sql and 'FROM "dialogues_topic"' not in sql
