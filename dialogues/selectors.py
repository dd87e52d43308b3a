"""Reads of the public site. Only published events, and nothing of drafts, ever leave here.

Queries name the language columns (``title_ky``, ...) or the stored, case-folded
``search_text`` columns, never a bare translated field, which would silently
mean "the active language only".
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum

from core.listing import Listing, in_order
from core.text import normalize_search, translated_value
from pagecache.selectors import remember

from .extensions import event_contents
from .models import (
    Event,
    EventFormat,
    Organization,
    ParticipantCategory,
    Participation,
    Presentation,
    Region,
    Topic,
)

EVENT_LIST_PAGE_SIZE = 20
LATEST_EVENTS = 5


def published_events() -> QuerySet[Event]:
    return Event.objects.published()


def event_search_condition(*, q: str) -> Q:
    """Events whose title, goal or summary, or one of whose proposals, has the words of ``q``.

    Every language is searched: the stored ``search_text`` columns hold all of them
    as case-folded words, so "БАТКЕН" finds "Баткен" on SQLite as well, and each
    word of ``q`` finds the words it begins (``core.search``). The records shown
    with an event (its proposals) are searched through ``dialogues.extensions``.
    """
    needle = normalize_search(q)
    if not needle:
        return Q()
    # One set of ids from index lookups (GIN word indexes on every search_text
    # column on PostgreSQL): "own text OR EXISTS(proposal)" would make the database
    # test the text of every published event instead.
    own = Event.objects.filter(search_text__words=needle).order_by().values("pk")
    related = [content.matching_event_ids(needle) for content in event_contents()]
    return Q(pk__in=own.union(*related) if related else own)


def _event_cards(queryset: QuerySet[Event]) -> QuerySet[Event]:
    """What an event card shows: format, region and the number of its proposals."""
    counts = {content.count_attribute: content.count_subquery() for content in event_contents()}
    return queryset.select_related("format", "region").annotate(**counts)


def with_content_counts(events: list[Event]) -> list[Event]:
    """Set ``proposal_count`` (and the like) on each of ``events`` (one page of cards), one query each.

    Counting in the list query itself would count for every row the database
    skips to reach page 50 as well.
    """
    ids = [event.pk for event in events]
    for content in event_contents():
        counts = content.counts_by_event(ids) if ids else {}
        for event in events:
            setattr(event, content.count_attribute, counts.get(event.pk, 0))
    return events


def _filtered_events(filters: Mapping[str, Any]) -> QuerySet[Event]:
    queryset = published_events()
    if filters.get("region"):
        queryset = queryset.filter(region__code=filters["region"])
    if filters.get("year"):
        queryset = queryset.filter(date__year=filters["year"])
    if filters.get("format"):
        queryset = queryset.filter(format__slug=filters["format"])
    if filters.get("topic"):
        tagged = Event.topics.through.objects.filter(event=OuterRef("pk"), topic__slug=filters["topic"])
        queryset = queryset.filter(Exists(tagged))
    if filters.get("q"):
        queryset = queryset.filter(event_search_condition(q=filters["q"]))
    return queryset.order_by("-date", "-pk")


def event_list(*, filters: Mapping[str, Any] | None = None) -> QuerySet[Event]:
    """Published events, newest first, narrowed by ``filters``, as cards.

    ``filters`` keys (all optional, empty values ignored): ``q`` (text), ``region``
    (ISO 3166-2 code), ``year`` (int), ``format`` (slug), ``topic`` (slug).
    """
    return _event_cards(_filtered_events(filters or {}))


def _event_cards_by_pk(ids: list[int]) -> list[Event]:
    return with_content_counts(in_order(Event.objects.select_related("format", "region"), ids))


def event_listing(*, filters: Mapping[str, Any] | None = None) -> Listing:
    """The public event list, as ``event_list`` orders it, for ``ListingPaginator``.

    A search reads the matching ids once, in order, and the page's events by id:
    counting the matches and then fetching a page would search twice.
    """
    filters = filters or {}
    queryset = _filtered_events(filters)
    if filters.get("q"):
        ids = list(queryset.values_list("pk", flat=True))
        return Listing(rows=ids, count=len(ids), load=_event_cards_by_pk)
    return Listing(rows=queryset.select_related("format", "region"), load=with_content_counts)


def event_latest(*, limit: int = LATEST_EVENTS) -> list[Event]:
    """The ``limit`` most recent published events, for the home page."""
    return list(_event_cards(published_events()).order_by("-date", "-pk")[:limit])


def event_get_published(*, slug: str) -> Event:
    """The whole public record of one published event, in a fixed number of queries.

    Raises ``Event.DoesNotExist`` for an unknown slug and for a draft alike.
    """
    participations = Participation.objects.select_related("person", "organization").order_by("order", "pk")
    return (
        published_events()
        .select_related("format", "region")
        .prefetch_related(
            Prefetch("topics", queryset=Topic.objects.order_by("slug")),
            Prefetch(
                "participant_categories", queryset=ParticipantCategory.objects.order_by("order", "slug")
            ),
            Prefetch("organizers", queryset=Organization.objects.order_by("pk")),
            Prefetch("partners", queryset=Organization.objects.order_by("pk")),
            Prefetch("participations", queryset=participations),
            Prefetch(
                "presentations",
                queryset=Presentation.objects.order_by("order", "pk").prefetch_related("presenters"),
            ),
            "agenda_items",
            *(content.event_page_prefetch() for content in event_contents()),
        )
        .get(slug=slug)
    )


@dataclass(frozen=True)
class EventPeople:
    """The people of an event grouped as the organisers' report lists them."""

    moderators: list[Participation]
    welcome_speeches: list[Participation]
    other_speakers: list[Participation]


def event_people(*, event: Event) -> EventPeople:
    """Group the (prefetched) participations of ``event`` by role, in their order.

    Presenters of a listed presentation appear with it, not again among the speakers.
    """
    presenting = {person.pk for item in event.presentations.all() for person in item.presenters.all()}
    moderators, welcome, others = [], [], []
    for participation in event.participations.all():
        if participation.role == Participation.Role.MODERATOR:
            moderators.append(participation)
        elif participation.role == Participation.Role.WELCOME:
            welcome.append(participation)
        elif participation.role == Participation.Role.PRESENTER and participation.person_id in presenting:
            continue
        else:
            others.append(participation)
    return EventPeople(moderators=moderators, welcome_speeches=welcome, other_speakers=others)


@dataclass(frozen=True)
class SiteStatistics:
    """Totals over published events.

    ``participants`` adds up ``attendance_total`` where a report gives it. The share of
    women is ``women / women_base``: women over the totals of only those events that
    report both a total and the number of women, so an event that gives a total but no
    gender split neither dilutes nor inflates it.
    """

    events: int
    participants: int
    events_with_attendance: int
    women: int
    women_base: int
    events_with_women: int
    # The published records shown with events, by ``EventContent.name``: {"proposals": 2722}.
    content: dict[str, int]

    @property
    def women_share(self) -> float | None:
        if not self.women_base:
            return None
        return self.women / self.women_base

    @property
    def women_percent(self) -> int | None:
        share = self.women_share
        return None if share is None else round(share * 100)


def site_statistics() -> SiteStatistics:
    """Counts of published events, their participants and proposals. Drafts never count.

    Kept until the content changes (``pagecache.selectors.remember``).
    """
    return remember("site-statistics", _site_statistics)


def _site_statistics() -> SiteStatistics:
    women_known = Q(attendance_women__isnull=False, attendance_total__gt=0)
    totals = published_events().aggregate(
        events=Count("pk"),
        participants=Sum("attendance_total"),
        events_with_attendance=Count("pk", filter=Q(attendance_total__isnull=False)),
        women=Sum("attendance_women", filter=women_known),
        women_base=Sum("attendance_total", filter=women_known),
        events_with_women=Count("pk", filter=women_known),
    )
    return SiteStatistics(
        events=totals["events"],
        participants=totals["participants"] or 0,
        events_with_attendance=totals["events_with_attendance"],
        women=totals["women"] or 0,
        women_base=totals["women_base"] or 0,
        events_with_women=totals["events_with_women"],
        content={content.name: content.published_count() for content in event_contents()},
    )


@dataclass(frozen=True)
class FilterOptions:
    """The choices of the public filters: regions, formats, topics and years with events."""

    regions: list[Region]
    formats: list[EventFormat]
    topics: list[Topic]
    years: list[int]


def filter_options(*, formats: bool = True) -> FilterOptions:
    """Reference data for the filter forms: one query each, kept until the content changes."""
    regions, all_formats, topics, years = remember("filter-choices", _filter_choices)
    return FilterOptions(
        regions=regions,
        formats=all_formats if formats else [],
        # Sorted as the reader sees them, not by their (English) slugs.
        topics=sorted(topics, key=lambda t: translated_value(t, "name")[0].casefold()),
        years=years,
    )


def _filter_choices() -> tuple[list[Region], list[EventFormat], list[Topic], list[int]]:
    years = [day.year for day in published_events().dates("date", "year", order="DESC")]
    return (
        list(Region.objects.order_by("order", "code")),
        list(EventFormat.objects.order_by("order", "slug")),
        list(Topic.objects.order_by("slug")),
        years,
    )
