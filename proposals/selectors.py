"""Reads of the public proposals list: proposals of published events only."""

from collections.abc import Mapping
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from dialogues.models import Event
from dialogues.selectors import Listing, in_order, published_proposal_count
from dialogues.text import normalize_search

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
