"""Bulk events for the public-site tests (the seed report's event is ``devdata.demo.batken_event_write``)."""

import datetime

from dialogues.models import ParticipantCategory, Participation
from proposals.models import Proposal
from tests import factories


def bulk_events(count: int, *, proposals: int = 3, start: datetime.date = datetime.date(2022, 1, 1)):
    """``count`` published events, each with people, agenda, presentations and proposals."""
    events = []
    topic = factories.topic("economy")
    organization = factories.OrganizationFactory()
    for index in range(count):
        event = factories.EventFactory(
            date=start + datetime.timedelta(days=index), attendance_total=40, attendance_women=20
        )
        event.topics.add(topic)
        event.organizers.add(organization)
        event.participant_categories.add(ParticipantCategory.objects.first())
        factories.ParticipationFactory(event=event, role=Participation.Role.MODERATOR)
        factories.ParticipationFactory(event=event, role=Participation.Role.WELCOME)
        factories.AgendaItemFactory(event=event)
        presentation = factories.PresentationFactory(event=event)
        presentation.presenters.add(factories.PersonFactory())
        for _ in range(proposals):
            proposal = factories.ProposalFactory(event=event, status=Proposal.Status.FORWARDED)
            proposal.topics.add(topic)
            proposal.addressees.add(organization)
        events.append(event)
    return events
