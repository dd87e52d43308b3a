"""Writes to events with rules: publishing and unpublishing."""

from django.db import transaction
from django.utils import timezone

from .models import Event


@transaction.atomic
def event_publish(*, event: Event, user=None) -> Event:
    """Make ``event`` public, recording when (the first time) and by whom."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status != Event.Status.PUBLISHED:
        event.status = Event.Status.PUBLISHED
        event.published_at = timezone.now()
        if user is not None and user.is_authenticated:
            event.updated_by = user
        event.full_clean()
        event.save()
    return event


@transaction.atomic
def event_unpublish(*, event: Event, user=None) -> Event:
    """Take ``event`` off the public site; its URL answers 404 again."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status != Event.Status.DRAFT:
        event.status = Event.Status.DRAFT
        event.published_at = None
        if user is not None and user.is_authenticated:
            event.updated_by = user
        event.save()
    return event
