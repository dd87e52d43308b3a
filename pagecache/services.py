"""Writes of the page cache: record that public content changed."""

import secrets

from .models import ContentChange

# Keep the table small: every PRUNE_EVERY changes, drop all but the newest KEEP rows.
PRUNE_EVERY = 200
KEEP = 20


def content_changed() -> None:
    """Invalidate every cached public page once the current transaction commits.

    Called by the signals of every model of the apps the public pages show, and by
    code that writes without signals (``bulk_create``, ``QuerySet.update``).
    """
    change = ContentChange.objects.create(token=secrets.token_hex(16))
    if change.pk % PRUNE_EVERY == 0:
        ContentChange.objects.filter(pk__lte=change.pk - KEEP).delete()
