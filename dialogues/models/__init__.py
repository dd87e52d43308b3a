"""The record of a civic dialogue event: who met, where, when, who spoke, and about what.

Human text is translated with django-modeltranslation (see translation.py); slugs,
codes and numbers are not. Rules a database can hold are named constraints.

- ``reference``: the lists staff choose from (regions, formats, topics, participant categories);
- ``people``: organisations and people;
- ``events``: the event and its rows (participations, presentations, agenda items).
"""

from .events import (
    PRESENTATION_EXTENSIONS,
    REPORT_EXTENSIONS,
    AgendaItem,
    Event,
    EventQuerySet,
    Participation,
    Presentation,
)
from .people import Organization, Person
from .reference import EventFormat, ParticipantCategory, Region, Topic

__all__ = [
    "PRESENTATION_EXTENSIONS",
    "REPORT_EXTENSIONS",
    "AgendaItem",
    "Event",
    "EventFormat",
    "EventQuerySet",
    "Organization",
    "ParticipantCategory",
    "Participation",
    "Person",
    "Presentation",
    "Region",
    "Topic",
]
