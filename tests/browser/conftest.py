"""Maek in a real browser: Debian's Chromium driven by Playwright's sync API.

One Chromium serves every test of this folder; each visit gets a fresh browser
context (no cookies, no cache), so what a page weighs is what a first-time
reader downloads. Chromium is looked for at ``MAEK_CHROMIUM`` or
``/usr/bin/chromium``; without it every test here is skipped, and says why
(or fails, when ``MAEK_REQUIRE_BROWSER`` is set, as in CI).
"""

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connections

from .helpers import DESKTOP

CHROMIUM = Path(os.environ.get("MAEK_CHROMIUM", "/usr/bin/chromium"))
# Quiet and self-contained: no sync, no component updates, no background calls home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@dataclass
class RequestRecord:
    """One request the page made, with what came back."""

    url: str
    resource_type: str
    status: int | None = None
    content_type: str = ""
    transferred: int = 0
    failure: str | None = None

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc

    @property
    def is_image(self) -> bool:
        return self.resource_type == "image" or self.content_type.startswith("image/")


@dataclass
class Visit:
    """A page in its own browser context, and the log of everything it loaded."""

    page: object
    requests: list[RequestRecord] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def reset_log(self) -> None:
        self.requests.clear()
        self.console_errors.clear()


@pytest.fixture(scope="package")
def browser():
    """The Chromium of this test run, started once, closed when the browser tests end."""
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM}: browser tests skipped (apt-get install chromium)"
        if os.environ.get("MAEK_REQUIRE_BROWSER"):
            # CI installs Chromium; a run without it must not pass by skipping.
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API keeps an event loop running in this thread; Django
    # would take every ORM call made here (fixtures, assertions) for async code.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # While Playwright runs, Django's connection handler (an asgiref Local, kept in
    # context variables) hands this thread new connection objects. They must
    # know the reference data serialized when the test database was made, or
    # serialized_rollback could not bring regions, formats and topics back.
    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    playwright = sync_api.sync_playwright().start()
    try:
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        # Close the connections opened in Playwright's context, or PostgreSQL
        # would refuse to drop the test database at the end of the run.
        connections.close_all()
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def visit(browser, live_server):
    """``visit(viewport=..., **context_options)``: a new page in a fresh context on the live server.

    Every request, its transferred size (headers + body as sent over the wire)
    and every console error are logged on the returned ``Visit``. After the
    test, any request to a host other than the live server fails it.
    """
    contexts, visits = [], []

    def open_page(*, viewport=None, **options) -> Visit:
        context = browser.new_context(
            base_url=live_server.url, viewport=viewport or DESKTOP, accept_downloads=True, **options
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        record = Visit(page=page)
        visits.append(record)
        by_request = {}

        def on_request(request):
            entry = RequestRecord(url=request.url, resource_type=request.resource_type)
            by_request[request] = entry
            record.requests.append(entry)

        def on_finished(request):
            entry = by_request.get(request)
            if entry is None:
                return
            try:
                response = request.response()
                sizes = request.sizes()
            except Exception:  # noqa: BLE001 - the context closed while a late request finished
                return
            entry.transferred = sizes["responseHeadersSize"] + max(sizes["responseBodySize"], 0)
            if response is not None:
                entry.status = response.status
                entry.content_type = response.headers.get("content-type", "")

        def on_failed(request):
            entry = by_request.get(request)
            if entry is not None:
                entry.failure = request.failure or "failed"

        def on_console(message):
            if message.type == "error":
                record.console_errors.append(message.text)

        page.on("request", on_request)
        page.on("requestfinished", on_finished)
        page.on("requestfailed", on_failed)
        page.on("console", on_console)
        page.on("pageerror", lambda error: record.console_errors.append(str(error)))
        return record

    yield open_page
    for context in contexts:
        context.close()
    # Whatever a test does, no page of Maek (public or admin) may call another host.
    server = urlsplit(live_server.url).netloc
    elsewhere = sorted(
        {
            entry.url
            for visit_ in visits
            for entry in visit_.requests
            if entry.url.startswith(("http:", "https:", "ws:", "wss:")) and entry.host != server
        }
    )
    assert not elsewhere, f"requests to other hosts: {elsewhere}"


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test starts without cached pages: the database is emptied between these tests."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture
def artifacts():
    """The folder for screenshots people look at after a run (git-ignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def published_site(db):
    """A realistic public site: the complete demo event and 30 generated ones (most published).

    The demo event is the Batken open dialogue of 2021 in ky, ru and en; the
    generated ones vary in languages, so pages show fallback text too.
    """
    from devdata.demo import demo_load
    from devdata.generate import generate_data

    demo = demo_load(with_admin=False).event
    generate_data(events=30, seed=7)
    return demo
