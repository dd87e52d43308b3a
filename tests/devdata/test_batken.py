"""``batken_event_write``: the seed report's event as the tests ask for it (status, languages, slug)."""

import pytest

from devdata import batken
from devdata.demo import batken_event_write
from dialogues.models import Event, Organization, Person
from proposals.models import Proposal

pytestmark = pytest.mark.django_db


def test_batken_event_write_makes_the_whole_record_published_in_three_languages():
    event = batken_event_write()

    assert event.slug == batken.EVENT_SLUG
    assert event.is_published and event.published_at is not None
    assert (event.title_ky, event.title_ru, event.title_en) == tuple(batken.EVENT["title"].values())
    assert event.participations.count() == len(batken.PARTICIPATIONS)
    assert event.presentations.count() == len(batken.PRESENTATIONS)
    assert event.agenda_items.count() == len(batken.AGENDA_ITEMS)
    assert list(event.proposals.order_by("number").values_list("text_en", flat=True)) == [
        p["text"]["en"] for p in batken.PROPOSALS
    ]
    assert (Person.objects.count(), Organization.objects.count()) == (
        len(batken.PARTICIPATIONS),
        len(batken.ORGANIZATIONS),
    )


def test_batken_event_write_draft_is_not_public_and_can_be_published_later():
    draft = batken_event_write(status=Event.Status.DRAFT)

    assert draft.status == Event.Status.DRAFT and draft.published_at is None
    assert not Event.objects.published().exists()
    assert not Proposal.objects.published().exists()

    published = batken_event_write()

    assert published.pk == draft.pk and published.is_published


def test_batken_event_write_fills_only_the_languages_asked_for():
    event = batken_event_write(languages=("ky",))

    assert event.title_ky == batken.EVENT["title"]["ky"]
    assert event.title_ru == event.title_en == event.goal_ru == event.venue_en == ""
    moderator = event.participations.order_by("order").first()
    assert moderator.position_ky == batken.PARTICIPATIONS[0]["position"]["ky"]
    assert moderator.position_ru == moderator.person.full_name_en == moderator.organization.name_ru == ""
    assert set(event.proposals.values_list("text_ru", "text_en")) == {("", "")}
    assert set(event.agenda_items.values_list("text_en", flat=True)) == {""}
    assert set(event.presentations.values_list("title_ru", flat=True)) == {""}


def test_batken_event_write_under_another_slug_shares_people_and_organisations():
    first = batken_event_write()
    second = batken_event_write(slug="batken-open-dialogue-copy")

    assert second.pk != first.pk and second.slug == "batken-open-dialogue-copy"
    assert Event.objects.count() == 2
    assert Person.objects.count() == len(batken.PARTICIPATIONS)
    assert Organization.objects.count() == len(batken.ORGANIZATIONS)
    assert second.proposals.count() == first.proposals.count() == len(batken.PROPOSALS)


def test_batken_event_write_refuses_a_language_it_does_not_have():
    with pytest.raises(ValueError, match="languages"):
        batken_event_write(languages=("de",))

    assert not Event.objects.exists()
