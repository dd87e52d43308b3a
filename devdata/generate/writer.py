"""Writing planned events in bulk, with the history entries save() would have written."""

from __future__ import annotations

from simple_history.models import HistoricalRecords

from dialogues.models import (
    AgendaItem,
    Event,
    Participation,
    Presentation,
)
from proposals.models import Proposal

from .base import GenerationReport


class Writer:
    """Inserts batches of planned events; mixed into the generator."""

    report: GenerationReport
    batch_size: int
    history: bool

    def write_history(self, model, objects: list, links: dict[str, list] | None = None) -> None:
        """The "created" history entry of each object and its many-to-many sets, as save() writes."""
        history = getattr(model, "history", None)
        if not self.history or history is None or not objects:
            return
        records = history.bulk_history_create(objects, batch_size=self.batch_size, default_date=self.now)
        by_object = {record.id: record for record in records}
        for m2m_field in getattr(history.model, "_history_m2m_fields", ()):
            m2m_history = HistoricalRecords.m2m_models[m2m_field]
            source = f"{m2m_field.m2m_field_name()}_id"
            columns = [f.attname for f in m2m_field.remote_field.through._meta.concrete_fields]
            rows = [
                m2m_history(history=by_object[getattr(row, source)], **{c: getattr(row, c) for c in columns})
                for row in (links or {}).get(m2m_field.name, ())
            ]
            m2m_history.objects.bulk_create(rows, batch_size=self.batch_size)

    def write(self, plans: list[dict]) -> None:
        """Insert one batch of planned events and everything they hold."""
        size = self.batch_size
        events = Event.objects.bulk_create([plan["event"] for plan in plans], batch_size=size)
        self.report.events += len(events)
        self.report.published += sum(1 for e in events if e.status == Event.Status.PUBLISHED)
        self.report.event_ids.extend(e.pk for e in events)

        through = {
            "topics": Event.topics.through,
            "categories": Event.participant_categories.through,
            "organizers": Event.organizers.through,
            "partners": Event.partners.through,
        }
        target = {
            "topics": "topic_id",
            "categories": "participantcategory_id",
            "organizers": "organization_id",
            "partners": "organization_id",
        }
        links = {key: [] for key in through}
        participations, presentations, agenda_items, proposals = [], [], [], []
        for plan in plans:
            event = plan["event"]
            for key in through:
                links[key].extend(
                    through[key](event_id=event.pk, **{target[key]: obj.pk}) for obj in plan[key]
                )
            for participation in plan["participations"]:
                participation.event = event
                participations.append(participation)
            for presentation, _presenters in plan["presentations"]:
                presentation.event = event
                presentations.append(presentation)
            for item in plan["agenda_items"]:
                item.event = event
                agenda_items.append(item)
            for proposal, _topics, _addressees in plan["proposals"]:
                proposal.event = event
                proposals.append(proposal)
        for key, rows in links.items():
            through[key].objects.bulk_create(rows, batch_size=size)
        Participation.objects.bulk_create(participations, batch_size=size)
        AgendaItem.objects.bulk_create(agenda_items, batch_size=size)
        Presentation.objects.bulk_create(presentations, batch_size=size)
        Proposal.objects.bulk_create(proposals, batch_size=size)

        presenter_links = [
            Presentation.presenters.through(presentation_id=presentation.pk, person_id=person.pk)
            for plan in plans
            for presentation, presenters in plan["presentations"]
            for person in presenters
        ]
        Presentation.presenters.through.objects.bulk_create(presenter_links, batch_size=size)
        proposal_topics, proposal_addressees = [], []
        for plan in plans:
            for proposal, topics, orgs in plan["proposals"]:
                proposal_topics.extend(
                    Proposal.topics.through(proposal_id=proposal.pk, topic_id=topic.pk) for topic in topics
                )
                proposal_addressees.extend(
                    Proposal.addressees.through(proposal_id=proposal.pk, organization_id=org.pk)
                    for org in orgs
                )
        Proposal.topics.through.objects.bulk_create(proposal_topics, batch_size=size)
        Proposal.addressees.through.objects.bulk_create(proposal_addressees, batch_size=size)

        self.write_history(
            Event,
            events,
            {
                "topics": links["topics"],
                "participant_categories": links["categories"],
                "organizers": links["organizers"],
                "partners": links["partners"],
            },
        )
        self.write_history(Participation, participations)
        self.write_history(AgendaItem, agenda_items)
        self.write_history(Presentation, presentations, {"presenters": presenter_links})
        self.write_history(
            Proposal, proposals, {"topics": proposal_topics, "addressees": proposal_addressees}
        )

        self.report.participations += len(participations)
        self.report.presentations += len(presentations)
        self.report.agenda_items += len(agenda_items)
        self.report.proposals += len(proposals)
