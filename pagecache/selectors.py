"""Reads of the page cache."""

from .models import ContentChange

# The version before any change was recorded: the data the migrations loaded.
INITIAL_VERSION = "initial"


def content_version() -> str:
    """The token of the newest committed content change; one indexed query."""
    token = ContentChange.objects.order_by("-pk").values_list("token", flat=True).first()
    return token or INITIAL_VERSION
