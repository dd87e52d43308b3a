"""Realistic, translated records in bulk: for benchmarks, load tests and demos at national scale.

``generate_data(events=N)`` writes N dialogue events spread over ten years and all nine
regions, with about ten proposals, five participations, two presentations and three
agenda items each; people and organisations are drawn from a shared pool, as in life.
Most events are published, some are drafts; most reports are in all three languages,
some only in Kyrgyz or Russian, so pages exercise the language fallback.

This is a generator, not an editor: it writes with ``bulk_create`` in batches and so
does by hand what ``save()`` and the numbering service would do — unique slugs made
like ``Event._unique_slug``, ``search_text`` from ``core.text.search_document``,
proposal numbers 1..n per event, unique references — because nothing else writes to
these events while it runs. The same ``seed`` gives the same data.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.test.utils import override_settings
from django.utils import translation
from simple_history.models import HistoricalRecords

from dialogues.models import AgendaItem, Event, Organization, Participation, Person, Presentation
from pagecache.services import content_changed
from proposals.models import Proposal

from .base import DEFAULT_UNTIL, EventShape, GenerationReport
from .generator import Generator

__all__ = [
    "DEFAULT_UNTIL",
    "EventShape",
    "GenerationReport",
    "clear_generated_data",
    "generate_data",
    "generate_events",
]


def generate_data(
    *,
    events: int,
    seed: int = 1,
    until: datetime.date = DEFAULT_UNTIL,
    batch_size: int = 500,
    history: bool = True,
) -> GenerationReport:
    """Write ``events`` realistic events over the ten years up to ``until``, in one transaction.

    With ``history`` each record gets its "created" history entry, as when entered by hand.
    """
    if events < 1:
        raise ValueError("The number of events must be at least 1.")
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        generator = Generator(seed=seed, until=until, batch_size=batch_size, history=history)
        report = generator.build(generator.random_shapes(events))
        # bulk_create sends no signals: tell the page cache ourselves.
        content_changed()
        return report


def generate_events(
    *,
    shapes: Sequence[EventShape],
    seed: int = 1,
    until: datetime.date = DEFAULT_UNTIL,
    batch_size: int = 500,
    history: bool = True,
) -> GenerationReport:
    """Write one event per ``shape`` (e.g. one with exactly 30 proposals for a benchmark)."""
    if not shapes:
        raise ValueError("Give at least one event shape.")
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        generator = Generator(seed=seed, until=until, batch_size=batch_size, history=history)
        people = max(60, max(shape.participations for shape in shapes))
        report = generator.build(list(shapes), people_count=people)
        content_changed()
        return report


def clear_generated_data() -> dict[str, int]:
    """Delete every event, proposal, person and organisation: the tables the generator fills.

    Their history goes too: a benchmark database starts from nothing. Reference data
    (regions, formats, topics, categories) and users stay.
    """
    # Without this, every deleted row would first write a "deleted" history entry,
    # only for the history to be emptied below.
    with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
        counts = {
            "proposals": Proposal.objects.all().delete()[0],
            "events": Event.objects.all().delete()[0],
            "people": Person.objects.all().delete()[0],
            "organizations": Organization.objects.all().delete()[0],
        }
        for model in (Proposal, Event, Participation, Presentation, AgendaItem, Person, Organization):
            history = getattr(model, "history", None)
            if history is None:
                continue
            for m2m_field in getattr(history.model, "_history_m2m_fields", ()):
                HistoricalRecords.m2m_models[m2m_field].objects.all().delete()
            history.model.objects.all().delete()
        content_changed()
        return counts
