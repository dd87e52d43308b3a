"""Proposal numbering: 1..n per event, assigned under the event lock, contiguous after every change."""

import pytest
from django.core.exceptions import ValidationError

from proposals.models import Proposal
from proposals.services import (
    proposal_assign_number,
    proposal_create,
    proposal_delete,
    proposal_next_number,
    proposals_move,
    proposals_renumber,
)
from tests import factories

pytestmark = pytest.mark.django_db


def numbered(event) -> list[tuple[int, str]]:
    return list(Proposal.objects.filter(event=event).order_by("number").values_list("number", "text_en"))


def make(event, *texts) -> list[Proposal]:
    return [proposal_create(event=event, text_en=text) for text in texts]


def test_proposal_create_numbers_each_event_from_one(event):
    other = factories.EventFactory()

    make(event, "a", "b", "c")
    make(other, "x")

    assert numbered(event) == [(1, "a"), (2, "b"), (3, "c")]
    assert numbered(other) == [(1, "x")]


def test_proposal_create_continues_after_the_highest_number(event):
    factories.ProposalFactory(event=event, number=7, text_en="old")

    proposal = proposal_create(event=event, text_ru="Новое")

    assert proposal.number == 8


def test_proposal_create_saves_topics_addressees_and_a_reference(event):
    ministry = factories.OrganizationFactory()

    proposal = proposal_create(
        event=event, text_ky="Кадр маселесин көтөрүү", topics=[factories.topic()], addressees=[ministry]
    )

    assert list(proposal.topics.all()) == [factories.topic()]
    assert list(proposal.addressees.all()) == [ministry]
    assert proposal.reference.startswith("MK-2021-")


def test_proposal_create_refuses_a_text_empty_in_every_language_and_writes_nothing(event):
    with pytest.raises(ValidationError) as error:
        proposal_create(event=event, text_ky=" ", text_ru="", text_en="")

    assert "text_ky" in error.value.message_dict
    assert not Proposal.objects.exists()


def test_proposal_next_number_is_one_for_an_event_without_proposals(event):
    assert proposal_next_number(event=event) == 1


def test_proposal_assign_number_gives_an_unsaved_proposal_the_next_number(event):
    make(event, "a", "b")
    proposal = Proposal(event=event, text_en="c")

    proposal_assign_number(proposal=proposal)

    assert proposal.number == 3
    assert proposal.pk is None


def test_proposals_renumber_closes_gaps_keeping_the_order(event):
    for number, text in [(2, "a"), (5, "b"), (9, "c")]:
        factories.ProposalFactory(event=event, number=number, text_en=text)

    proposals_renumber(event=event)

    assert numbered(event) == [(1, "a"), (2, "b"), (3, "c")]


def test_proposals_renumber_follows_the_given_order(event):
    a, b, c, d = make(event, "a", "b", "c", "d")

    result = proposals_renumber(event=event, order=[c.pk, a.pk])

    assert numbered(event) == [(1, "c"), (2, "a"), (3, "b"), (4, "d")]
    assert [(p.pk, p.number) for p in result] == [(c.pk, 1), (a.pk, 2), (b.pk, 3), (d.pk, 4)]


def test_proposals_renumber_leaves_other_events_alone(event):
    make(event, "a", "b")
    other = factories.EventFactory()
    x, y = make(other, "x", "y")

    proposals_renumber(
        event=event, order=list(reversed([p.pk for p in Proposal.objects.filter(event=event)]))
    )

    assert numbered(other) == [(1, "x"), (2, "y")]


def test_proposal_delete_closes_the_gap(event):
    proposals = make(event, "1", "2", "3", "4", "5")

    proposal_delete(proposal=proposals[1])

    assert numbered(event) == [(1, "1"), (2, "3"), (3, "4"), (4, "5")]


@pytest.mark.parametrize(
    ("moves", "expected"),
    [
        ({"d": 1}, "dabce"),  # up
        ({"a": 4}, "bcdae"),  # down
        ({"a": 99}, "bcdea"),  # past the end means the end
        ({"e": 1, "a": 5}, "ebcda"),  # a swap of the ends
        ({"b": 2}, "abcde"),  # already there
        ({"c": 1, "d": 1}, "cdabe"),  # the same place: in the given order
        ({}, "abcde"),
    ],
)
def test_proposals_move_puts_proposals_where_asked_and_numbers_the_rest_around_them(event, moves, expected):
    by_text = {p.text_en: p for p in make(event, *"abcde")}

    proposals_move(event=event, moves={by_text[text].pk: target for text, target in moves.items()})

    assert "".join(text for _number, text in numbered(event)) == expected
    assert [number for number, _text in numbered(event)] == [1, 2, 3, 4, 5]


def test_proposals_move_closes_gaps_too(event):
    for number, text in [(1, "a"), (3, "b"), (6, "c")]:
        factories.ProposalFactory(event=event, number=number, text_en=text)
    c = Proposal.objects.get(text_en="c")

    proposals_move(event=event, moves={c.pk: 1})

    assert numbered(event) == [(1, "c"), (2, "a"), (3, "b")]


def test_proposals_move_ignores_proposals_of_other_events(event):
    make(event, "a", "b")
    [stranger] = make(factories.EventFactory(), "x")

    proposals_move(event=event, moves={stranger.pk: 1})

    assert numbered(event) == [(1, "a"), (2, "b")]
    stranger.refresh_from_db()
    assert stranger.number == 1
