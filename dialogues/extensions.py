"""What the apps above ``dialogues`` show with each event, without ``dialogues`` importing them.

The event pages show more than events: each card counts the event's proposals, a
search finds an event by its proposals' words, the event page lists them and the
home page counts them. ``dialogues`` sits below ``proposals`` (the import contract in
pyproject.toml), so ``proposals`` registers those parts here from its
``AppConfig.ready()`` and the selectors of ``dialogues`` ask this registry. A later
app that shows records with their event (responses, documents) adds itself the same way.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Expression, Prefetch, QuerySet


@dataclass(frozen=True)
class EventContent:
    """Records of another app that belong to an event and are shown with it."""

    # Key of the published total in ``SiteStatistics.content`` ("proposals").
    name: str
    # Attribute set on every event card with the number of its records ("proposal_count").
    count_attribute: str
    # That number as a subquery on ``OuterRef("pk")``, for a queryset of events.
    count_subquery: Callable[[], Expression]
    # The same numbers for a list of event ids, in one query: {event id: number}.
    counts_by_event: Callable[[list[int]], dict[int, int]]
    # The ids of events (``order_by().values("event_id")``: unordered, for a UNION) whose
    # records have the folded words.
    matching_event_ids: Callable[[str], QuerySet]
    # What the event page loads of these records.
    event_page_prefetch: Callable[[], Prefetch]
    # How many records published events have (cached by the caller).
    published_count: Callable[[], int]


_registered: dict[str, EventContent] = {}


def register_event_content(content: EventContent) -> None:
    """Add ``content`` to the event pages; registering the same name again replaces it."""
    _registered[content.name] = content


def event_contents() -> tuple[EventContent, ...]:
    return tuple(_registered.values())
