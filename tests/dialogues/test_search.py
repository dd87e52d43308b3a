"""Word search (core.search): the same answers on SQLite and PostgreSQL."""

import pytest

from core.search import MAX_QUERY_WORDS, MAX_WORD_LENGTH, query_words, refill_search_text
from core.text import normalize_search, search_words
from dialogues.models import Event
from dialogues.selectors import event_list
from proposals.models import Proposal
from proposals.selectors import proposal_list
from tests import factories

pytestmark = pytest.mark.django_db


def found(text: str, query: str) -> bool:
    """Whether a published proposal with ``text`` (Kyrgyz) is found by ``query``."""
    Proposal.objects.all().delete()
    Event.objects.all().delete()
    proposal = factories.ProposalFactory(
        event=factories.EventFactory(), text_ky=text, text_ru="", text_en="Schools in the border areas"
    )
    return proposal in proposal_list(filters={"q": query})


def test_stored_search_text_is_the_case_folded_words():
    assert (
        normalize_search("«Баткен» облусу, 2021-ж. (ӨКМӨТ) — it's_ok!")
        == "баткен облусу 2021 ж өкмөт it s ok"
    )
    assert search_words("  ") == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("мектеп", True),  # the word itself
        ("МЕКТЕП", True),  # Cyrillic case folds on SQLite too
        ("мектептер", True),  # the beginning of "мектептерде"
        ("ектеп", False),  # the middle of a word is not a word
        ("айыл мектеп", True),  # every word, in any order
        ("мектеп шаар", False),  # ... and every word is needed
        ("«мектеп»,", True),  # punctuation in the query is ignored
        ("school мектеп", True),  # words of two languages of the same proposal
        ("border area", True),
        ("2021", True),
        ("202", True),
    ],
)
def test_a_query_finds_the_words_it_begins(query, expected):
    assert found("Айылдардагы мектептерде 2021-жылы ремонт жасоо", query) is expected


def test_a_query_of_many_words_uses_the_first_distinct_ones():
    distinct = ["a", "b", "c", "d", "e", "f", "g", "h", "zzz"]
    assert len(distinct) == MAX_QUERY_WORDS + 1
    assert found(" ".join(distinct[:MAX_QUERY_WORDS]), " ".join(distinct))  # "zzz" is left out
    # A repeated word counts once, so it does not push a later word out.
    assert not found("мектеп", " ".join(["мектеп"] * MAX_QUERY_WORDS + ["zzz"]))


def test_a_very_long_query_word_is_cut_to_its_beginning_not_an_error(client, superuser_client):
    assert query_words("ж" * 5000) == ["ж" * MAX_WORD_LENGTH]
    # PostgreSQL refuses a tsquery word over 2,047 bytes: no page may pass one on.
    assert found("ж" * 150, "ж" * 3000)
    assert superuser_client.get("/admin/dialogues/event/", {"q": "ж" * 3000}).status_code == 200
    assert client.get("/ru/events/", {"q": "ж" * 190}).status_code == 200


def test_event_search_finds_own_words_or_a_proposal_with_all_of_them():
    by_title = factories.EventFactory(title_ky="Миграция жана эмгек", title_en="")
    by_proposal = factories.EventFactory(title_ky="Жаштар форуму", title_en="Youth forum")
    factories.ProposalFactory(event=by_proposal, text_ky="Эмгек миграциясы боюнча маалымат борбору")
    factories.EventFactory(title_ky="Суу", title_en="Water")

    assert set(event_list(filters={"q": "миграц"})) == {by_title, by_proposal}
    assert set(event_list(filters={"q": "эмгек миграц"})) == {by_title, by_proposal}
    assert set(event_list(filters={"q": "форум миграц"})) == set()  # title word + proposal word: not one text


def test_words_lookup_refuses_an_empty_query():
    with pytest.raises(ValueError):
        list(Event.objects.filter(search_text__words=""))


def test_refill_search_text_rewrites_the_stored_text_of_every_row():
    event = factories.EventFactory(title_ky="«Баткен» облусу", title_en="")
    proposal = factories.ProposalFactory(event=event, text_ky="Жол, көпүрө!", text_ru="", text_en="")
    Event.objects.update(search_text="old")
    Proposal.objects.update(search_text="old")

    refill_search_text(Event, Event.SEARCHED_FIELDS, batch=1)
    refill_search_text(Proposal, ("text",))

    event.refresh_from_db()
    proposal.refresh_from_db()
    assert event.search_text.startswith("баткен облусу")
    assert proposal.search_text == "жол көпүрө"
