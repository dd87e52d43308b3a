"""Whole-page caching of the public pages, keyed by the version of the content.

A cached page is stored under the newest content change's token, the language and
the full path with its query string. Any change to public content records a new
token (pagecache.signals), so the next request of every page misses and renders
the current data: a published change shows at once, in every server process,
whichever cache backend is configured. The version costs one indexed query per
request; a hit costs no other.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import get_language

from .selectors import content_version, content_version_for_request

DEFAULT_SECONDS = 600


def page_cache_seconds() -> int:
    """How long a page may stay cached; 0 turns the cache off (MAEK_PAGE_CACHE_SECONDS)."""
    return getattr(settings, "MAEK_PAGE_CACHE_SECONDS", DEFAULT_SECONDS)


def page_key(request, version: str) -> str:
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:40]
    return f"maek:page:{version}:{get_language()}:{digest}"


def _cacheable(response) -> bool:
    # Only complete, ordinary pages: no errors or redirects, nothing personal
    # (a page that sets a cookie is someone's), nothing streamed.
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def _stored(response) -> tuple[bytes, list[tuple[str, str]]]:
    return response.content, list(response.headers.items())


def _restored(stored) -> HttpResponse:
    content, headers = stored
    response = HttpResponse(content)
    for name, value in headers:
        response.headers[name] = value
    return response


def cache_public_page(view):
    """Serve GET requests of ``view`` from the page cache, rendering and storing on a miss.

    Middleware still runs on a cached page, so its security headers are those of
    a fresh one.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        seconds = page_cache_seconds()
        if request.method != "GET" or seconds <= 0:
            return view(request, *args, **kwargs)
        version = content_version()
        key = page_key(request, version)
        stored = cache.get(key)
        if stored is not None:
            return _restored(stored)
        with content_version_for_request(version):
            # What the view reads through pagecache.selectors.remember() is keyed by
            # the same version as the page: one lookup of it per request.
            response = view(request, *args, **kwargs)

        def store(rendered):
            if _cacheable(rendered):
                cache.set(key, _stored(rendered), seconds)

        if callable(getattr(response, "add_post_render_callback", None)) and not response.is_rendered:
            response.add_post_render_callback(store)
        else:
            store(response)
        return response

    return wrapped
