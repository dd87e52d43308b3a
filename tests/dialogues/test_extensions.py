"""dialogues.extensions: what a higher app adds to the event pages, without dialogues importing it."""

import pytest
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce

from dialogues import extensions
from dialogues.models import Event, Participation
from dialogues.selectors import event_get_published, event_latest, event_list, site_statistics
from tests import factories

pytestmark = pytest.mark.django_db


def test_extensions_proposals_register_themselves():
    assert [content.name for content in extensions.event_contents()] == ["proposals"]


@pytest.fixture
def speakers_content():
    """A made-up content: an event's participations, registered as a higher app would."""

    def subquery():
        counts = (
            Participation.objects.filter(event=OuterRef("pk"))
            .order_by()
            .values("event")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))

    def by_event(ids):
        rows = Participation.objects.filter(event_id__in=ids).values("event_id").annotate(n=Count("pk"))
        return {row["event_id"]: row["n"] for row in rows}

    content = extensions.EventContent(
        name="speakers",
        count_attribute="speaker_count",
        count_subquery=subquery,
        counts_by_event=by_event,
        matching_event_ids=lambda needle: (
            Participation.objects.filter(position_en__icontains=needle).order_by().values("event_id")
        ),
        event_page_prefetch=lambda: Prefetch("participations", to_attr="speakers"),
        published_count=lambda: Participation.objects.filter(event__status=Event.Status.PUBLISHED).count(),
    )
    before = dict(extensions._registered)
    extensions.register_event_content(content)
    yield content
    extensions._registered.clear()
    extensions._registered.update(before)


def test_extensions_registered_content_reaches_cards_search_page_and_totals(speakers_content):
    event = factories.EventFactory(title_en="Water")
    factories.ParticipationFactory(event=event, position_en="hydrologist")
    factories.ParticipationFactory(event=event, position_en="mayor")

    assert [e.speaker_count for e in event_list()] == [2]
    assert [e.speaker_count for e in event_latest()] == [2]
    assert list(event_list(filters={"q": "hydrologist"})) == [event]
    assert len(event_get_published(slug=event.slug).speakers) == 2
    assert site_statistics().content["speakers"] == 2
