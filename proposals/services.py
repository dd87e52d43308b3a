"""Writes to proposals. Every rule lives here, inside a transaction.

Numbers are 1..n within an event. They are assigned under a row lock on the
event (``select_for_update``), so two people adding proposals to the same event
at once get different numbers; the unique constraint (event, number) is the
last line of defence, never the mechanism.
"""

import datetime
from collections.abc import Iterable, Mapping, Sequence

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from dialogues.models import Event

from .models import Proposal

# Renumbering moves rows out of the way first so that the unique constraint
# never sees two rows with the same number, on databases without deferrable
# constraints (SQLite) as well.
_RENUMBER_OFFSET = 1_000_000


def _lock_event(event: Event) -> Event:
    return Event.objects.select_for_update().only("pk").get(pk=event.pk)


def proposal_next_number(*, event: Event) -> int:
    """The next free number of ``event``. Call inside a transaction holding the event lock."""
    current = Proposal.objects.filter(event_id=event.pk).aggregate(top=Max("number"))["top"]
    return (current or 0) + 1


def proposal_status_change(
    *,
    proposal: Proposal,
    previous_status: str | None,
    previous_date: datetime.date | None,
) -> bool:
    """Apply the status-date rule to ``proposal`` before it is saved; True when it moved the date.

    The rule, the same whoever writes (the proposal's page, the event's inline, the
    Excel import): when the status differs from the stored one (``previous_status``)
    and the person did not give the status date another day than the stored one
    (``previous_date``), the status changed today, in Asia/Bishkek. A date typed with
    the change (in the form or the file) is kept: staff record answers days late.
    New proposals (``previous_status`` None) keep their own date.
    """
    if previous_status is None or proposal.status == previous_status:
        return False
    if proposal.status_changed_on != previous_date:
        return False
    proposal.status_changed_on = timezone.localdate()
    return True


@transaction.atomic
def proposal_create(
    *,
    event: Event,
    text_ky: str = "",
    text_ru: str = "",
    text_en: str = "",
    status: str = Proposal.Status.RECEIVED,
    topics: Iterable = (),
    addressees: Iterable = (),
) -> Proposal:
    """Create the next numbered proposal of ``event`` after validating it."""
    _lock_event(event)
    proposal = Proposal(
        event=event,
        number=proposal_next_number(event=event),
        text_ky=text_ky,
        text_ru=text_ru,
        text_en=text_en,
        status=status,
    )
    proposal.full_clean()
    proposal.save()
    if topics:
        proposal.topics.set(topics)
    if addressees:
        proposal.addressees.set(addressees)
    return proposal


@transaction.atomic
def proposal_assign_number(*, proposal: Proposal) -> Proposal:
    """Give an unsaved proposal the next number of its event, under the event lock.

    Used by the admin, whose formset saves the row itself afterwards in the same
    transaction.
    """
    _lock_event(proposal.event)
    proposal.number = proposal_next_number(event=proposal.event)
    return proposal


@transaction.atomic
def proposals_renumber(*, event: Event, order: Sequence[int] | None = None) -> list[Proposal]:
    """Number the proposals of ``event`` 1..n without gaps, in one transaction.

    ``order`` lists proposal ids in their new order; proposals it leaves out
    follow in their current order. Without ``order`` the current order is kept
    and only gaps (after a deletion) are closed.
    """
    _lock_event(event)
    proposals = list(Proposal.objects.filter(event_id=event.pk).order_by("number", "pk"))
    if order:
        position = {pk: index for index, pk in enumerate(order)}
        proposals.sort(key=lambda p: (position.get(p.pk, len(position)), p.number, p.pk))
    changed = [p for index, p in enumerate(proposals, start=1) if p.number != index]
    if not changed:
        return proposals
    ids = [p.pk for p in changed]
    for p in changed:
        Proposal.objects.filter(pk=p.pk).update(number=p.number + _RENUMBER_OFFSET)
    for index, p in enumerate(proposals, start=1):
        if p.pk in ids:
            p.number = index
            Proposal.objects.filter(pk=p.pk).update(number=index)
    return proposals


@transaction.atomic
def proposals_move(*, event: Event, moves: Mapping[int, int]) -> list[Proposal]:
    """Put each proposal of ``moves`` (id -> wanted number) at that number, then number 1..n.

    The proposals not moved keep their order around the moved ones; a wanted
    number past the end means the end. Two proposals wanting the same number
    follow each other in the order ``moves`` gives them.
    """
    _lock_event(event)
    current = list(
        Proposal.objects.filter(event_id=event.pk).order_by("number", "pk").values_list("pk", flat=True)
    )
    present = set(current)
    moved = [(pk, max(int(target), 1)) for pk, target in moves.items() if pk in present]
    order = [pk for pk in current if pk not in moves]
    previous = -1
    for pk, target in sorted(moved, key=lambda item: item[1]):
        previous = max(min(target - 1, len(order)), previous + 1)
        order.insert(previous, pk)
    return proposals_renumber(event=event, order=order)


@transaction.atomic
def proposal_delete(*, proposal: Proposal) -> None:
    """Delete a proposal and close the gap it leaves in its event's numbering."""
    event = proposal.event
    _lock_event(event)
    proposal.delete()
    proposals_renumber(event=event)
