"""Reads of the page cache, and the cache of data shared by many pages."""

from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache

from .models import ContentChange

T = TypeVar("T")
_MISSING = object()

# The version before any change was recorded: the data the migrations loaded.
INITIAL_VERSION = "initial"


def content_version() -> str:
    """The token of the newest committed content change; one indexed query."""
    token = ContentChange.objects.order_by("-pk").values_list("token", flat=True).first()
    return token or INITIAL_VERSION


_request_version: ContextVar[str | None] = ContextVar("maek_content_version", default=None)


def current_content_version() -> str:
    """The content version for this request: the one the page cache read, or a fresh read."""
    return _request_version.get() or content_version()


@contextmanager
def content_version_for_request(version: str):
    """Let what a view reads share the version the page cache already looked up."""
    token = _request_version.set(version)
    try:
        yield
    finally:
        _request_version.reset(token)


def data_cache_seconds() -> int:
    """How long shared data may stay cached; 0 turns it off (MAEK_DATA_CACHE_SECONDS)."""
    return getattr(settings, "MAEK_DATA_CACHE_SECONDS", 600)


def remember(name: str, compute: Callable[[], T]) -> T:
    """``compute()``, kept in the cache until the content changes.

    For what many pages show whatever their filters (the home page's totals, the
    filters' choices, the number of published proposals): after a miss of a page
    (a new search word) they are read from the cache instead of being worked out
    again. Keyed by the content version like the pages, so a change shows at once.
    """
    seconds = data_cache_seconds()
    if seconds <= 0:
        return compute()
    key = f"maek:data:{current_content_version()}:{name}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, seconds)
    return value
