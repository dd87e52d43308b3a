import datetime

import pytest

from dialogues.models import Participation
from dialogues.selectors import (
    event_get_published,
    event_latest,
    event_list,
    event_people,
    filter_options,
    site_statistics,
)
from proposals.models import Proposal
from proposals.selectors import proposal_list
from tests import factories

pytestmark = pytest.mark.django_db


def test_site_statistics_excludes_drafts():
    published = factories.EventFactory(attendance_total=50, attendance_women=22, attendance_men=28)
    draft = factories.DraftEventFactory(attendance_total=1000, attendance_women=900)
    factories.ProposalFactory(event=published)
    factories.ProposalFactory(event=draft)
    factories.ProposalFactory(event=draft)

    stats = site_statistics()

    assert (stats.events, stats.content["proposals"], stats.participants) == (1, 1, 50)
    assert (stats.women, stats.women_base, stats.women_percent) == (22, 50, 44)


def test_site_statistics_women_share_counts_only_events_reporting_women():
    factories.EventFactory(attendance_total=50, attendance_women=22, attendance_men=28)
    factories.EventFactory(attendance_total=30, attendance_women=18)
    # A total without a gender split counts as participants, not in the share.
    factories.EventFactory(attendance_total=100)
    factories.EventFactory()  # no attendance at all

    stats = site_statistics()

    assert stats.events == 4
    assert stats.participants == 180
    assert stats.events_with_attendance == 3
    assert (stats.women, stats.women_base, stats.events_with_women) == (40, 80, 2)
    assert stats.women_share == pytest.approx(0.5)
    assert stats.women_percent == 50


def test_site_statistics_without_data_has_no_women_share():
    factories.EventFactory(attendance_total=10)

    stats = site_statistics()

    assert stats.women_share is None
    assert stats.women_percent is None


def test_event_list_newest_first_and_only_published():
    old = factories.EventFactory(date=datetime.date(2020, 1, 1))
    new = factories.EventFactory(date=datetime.date(2023, 1, 1))
    factories.DraftEventFactory(date=datetime.date(2024, 1, 1))

    assert list(event_list()) == [new, old]


def test_event_list_counts_proposals():
    event = factories.EventFactory()
    factories.ProposalFactory(event=event)
    factories.ProposalFactory(event=event)
    empty = factories.EventFactory()

    counts = {e.pk: e.proposal_count for e in event_list()}

    assert counts == {event.pk: 2, empty.pk: 0}


def test_event_list_filters_by_region_year_format_and_topic():
    target = factories.EventFactory(
        region=factories.region("KG-N"),
        date=datetime.date(2022, 5, 1),
        format=factories.event_format("round-table"),
    )
    target.topics.add(factories.topic("media"))
    factories.EventFactory(region=factories.region("KG-B"), date=datetime.date(2021, 5, 1))

    assert list(event_list(filters={"region": "KG-N"})) == [target]
    assert list(event_list(filters={"year": 2022})) == [target]
    assert list(event_list(filters={"format": "round-table"})) == [target]
    assert list(event_list(filters={"topic": "media"})) == [target]
    assert list(event_list(filters={"region": "KG-N", "year": 2021})) == []


def test_event_list_search_is_case_insensitive_for_cyrillic():
    event = factories.EventFactory(title_ky="Баткен облусунун өзгөчө статусу")
    factories.EventFactory(title_ky="Нарын", title_ru="Нарын", title_en="Naryn")

    assert list(event_list(filters={"q": "БАТКЕН"})) == [event]
    assert list(event_list(filters={"q": "ӨЗГӨЧӨ статусу"})) == [event]


def test_event_list_search_finds_published_proposal_text():
    event = factories.EventFactory()
    factories.ProposalFactory(event=event, text_ru="Повысить пенсии в приграничье")
    draft = factories.DraftEventFactory()
    factories.ProposalFactory(event=draft, text_ru="Повысить пенсии в приграничье")

    assert list(event_list(filters={"q": "пенсии"})) == [event]


def test_event_latest_limits_and_orders():
    events = [factories.EventFactory(date=datetime.date(2021, 1, day)) for day in range(1, 8)]

    latest = event_latest(limit=5)

    assert latest == list(reversed(events))[:5]


def test_event_get_published_refuses_drafts():
    draft = factories.DraftEventFactory()

    with pytest.raises(type(draft).DoesNotExist):
        event_get_published(slug=draft.slug)


def test_event_people_groups_roles_and_skips_listed_presenters():
    event = factories.EventFactory()
    moderator = factories.ParticipationFactory(event=event, role=Participation.Role.MODERATOR)
    welcome = factories.ParticipationFactory(event=event, role=Participation.Role.WELCOME)
    speaker = factories.ParticipationFactory(event=event, role=Participation.Role.SPEAKER)
    presenter = factories.ParticipationFactory(event=event, role=Participation.Role.PRESENTER)
    unlisted_presenter = factories.ParticipationFactory(event=event, role=Participation.Role.PRESENTER)
    presentation = factories.PresentationFactory(event=event)
    presentation.presenters.add(presenter.person)

    people = event_people(event=event_get_published(slug=event.slug))

    assert people.moderators == [moderator]
    assert people.welcome_speeches == [welcome]
    assert people.other_speakers == [speaker, unlisted_presenter]


def test_filter_options_lists_years_of_published_events_only():
    factories.EventFactory(date=datetime.date(2021, 7, 8))
    factories.EventFactory(date=datetime.date(2023, 2, 1))
    factories.DraftEventFactory(date=datetime.date(2019, 1, 1))

    options = filter_options()

    assert options.years == [2023, 2021]
    assert len(options.regions) == 9


def test_proposal_list_topic_falls_back_to_event_topics():
    event = factories.EventFactory()
    event.topics.add(factories.topic("migration"))
    untagged = factories.ProposalFactory(event=event)
    tagged_other = factories.ProposalFactory(event=event)
    tagged_other.topics.add(factories.topic("security"))

    assert list(proposal_list(filters={"topic": "migration"})) == [untagged]
    assert list(proposal_list(filters={"topic": "security"})) == [tagged_other]


def test_proposal_list_search_matches_reference():
    proposal = factories.ProposalFactory(status=Proposal.Status.ACCEPTED)
    factories.ProposalFactory()

    assert list(proposal_list(filters={"q": proposal.reference.lower()})) == [proposal]
