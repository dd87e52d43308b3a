"""Reads of the public proposals list: proposals of published events only."""

from collections.abc import Mapping
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from core.listing import Listing, in_order
from core.text import normalize_search
from dialogues.extensions import EventContent
from dialogues.models import Event, Organization, Topic
from pagecache.selectors import remember

from .models import Proposal

PROPOSAL_LIST_PAGE_SIZE = 50


def proposal_search_condition(*, q: str) -> Q:
    """Proposals whose text (in any language) has the words of ``q``, or whose reference is ``q``."""
    needle = normalize_search(q)
    if not needle:
        return Q()
    # References are stored in capitals (MK-2021-7KQ2M): an exact match on the
    # upper-cased query uses the unique index, where iexact would read every row.
    return Q(search_text__words=needle) | Q(reference=q.strip().upper())


def proposal_topic_condition(*, slug: str) -> Q:
    """Proposals about topic ``slug``.

    A proposal's own topics decide; a proposal with no topics of its own takes its
    event's, so an untagged proposal of a migration dialogue is found under migration.
    """
    own = Proposal.topics.through.objects.filter(proposal=OuterRef("pk"))
    event_tagged = Event.topics.through.objects.filter(event=OuterRef("event_id"), topic__slug=slug)
    return Q(Exists(own.filter(topic__slug=slug))) | (~Q(Exists(own)) & Q(Exists(event_tagged)))


def proposal_list(*, filters: Mapping[str, Any] | None = None) -> QuerySet[Proposal]:
    """Proposals of published events, newest event first, then by number.

    ``filters`` keys (all optional, empty values ignored): ``q`` (text or reference),
    ``region`` (ISO code), ``year`` (int, the event's year), ``topic`` (slug),
    ``status`` (a ``Proposal.Status`` value), ``event`` (a published ``Event``).
    """
    filters = filters or {}
    queryset = Proposal.objects.published()
    if filters.get("event"):
        queryset = queryset.filter(event=filters["event"])
    if filters.get("region"):
        queryset = queryset.filter(event__region__code=filters["region"])
    if filters.get("year"):
        queryset = queryset.filter(event__date__year=filters["year"])
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("topic"):
        queryset = queryset.filter(proposal_topic_condition(slug=filters["topic"]))
    if filters.get("q"):
        queryset = queryset.filter(proposal_search_condition(q=filters["q"]))
    return queryset.select_related("event", "event__region", "event__format").order_by(
        "-event__date", "-event_id", "number"
    )


def _proposal_rows() -> QuerySet[Proposal]:
    return Proposal.objects.select_related("event", "event__region", "event__format")


def proposal_listing(*, filters: Mapping[str, Any] | None = None) -> Listing:
    """The public proposals list, as ``proposal_list`` orders it, for ``ListingPaginator``.

    A search reads the matching ids once, in order, and the page's proposals by id
    (counting the matches and then fetching a page would search twice); the
    unfiltered list takes its count from the cache until the content changes.
    """
    filters = filters or {}
    queryset = proposal_list(filters=filters)
    if filters.get("q"):
        ids = list(queryset.values_list("pk", flat=True))
        return Listing(rows=ids, count=len(ids), load=lambda page: in_order(_proposal_rows(), page))
    if not any(filters.values()):
        return Listing(rows=queryset, count=published_proposal_count())
    return Listing(rows=queryset)


# What proposals add to the event pages (dialogues.extensions) --------------------------


def published_proposal_count() -> int:
    """The number of proposals of published events, kept until the content changes."""
    return remember("published-proposals", Proposal.objects.published().count)


def proposal_count_subquery() -> Coalesce:
    """The number of an event's proposals, as a subquery evaluated only for the rows returned."""
    counts = (
        Proposal.objects.filter(event=OuterRef("pk"))
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def proposal_counts_by_event(event_ids: list[int]) -> dict[int, int]:
    """{event id: number of proposals} for ``event_ids``, in one query."""
    return dict(
        Proposal.objects.filter(event_id__in=event_ids)
        .order_by()
        .values("event_id")
        .annotate(n=Count("pk"))
        .values_list("event_id", "n")
    )


def events_with_matching_proposals(needle: str) -> QuerySet:
    """``values("event_id")`` of the proposals that have the folded words ``needle``."""
    return Proposal.objects.filter(search_text__words=needle).order_by().values("event_id")


def event_page_proposals() -> Prefetch:
    """An event's proposals as its public page shows them: in order, with topics and addressees."""
    proposals = Proposal.objects.order_by("number").prefetch_related(
        Prefetch("topics", queryset=Topic.objects.order_by("slug")),
        Prefetch("addressees", queryset=Organization.objects.order_by("pk")),
    )
    return Prefetch("proposals", queryset=proposals)


EVENT_PROPOSALS = EventContent(
    name="proposals",
    count_attribute="proposal_count",
    count_subquery=proposal_count_subquery,
    counts_by_event=proposal_counts_by_event,
    matching_event_ids=events_with_matching_proposals,
    event_page_prefetch=event_page_proposals,
    published_count=published_proposal_count,
)
