"""Every public page loads from Maek alone and weighs under 100 KB, measured from the browser's request log."""

import pytest

from .helpers import LANGUAGES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# HTML + CSS + JS + fonts as transferred (headers and body); images are not counted.
WEIGHT_LIMIT = 100 * 1000


def _public_pages(language: str, event) -> list[str]:
    return [
        f"/{language}/",
        f"/{language}/events/",
        f"/{language}/events/?page=2",
        f"/{language}/events/?q=migration&region={event.region.code}&year={event.date.year}",
        f"/{language}/events/{event.slug}/",
        f"/{language}/proposals/",
        f"/{language}/proposals/?page=2",
        f"/{language}/proposals/?event={event.slug}",
        f"/{language}/proposals/?status=received&topic=migration",
        f"/{language}/events/no-such-event/",
    ]


def test_public_pages_stay_on_maek_and_under_100_kb(published_site, visit, live_server):
    server = live_server.url.split("://", 1)[1]
    urls = ["/", *(url for language in LANGUAGES for url in _public_pages(language, published_site))]
    weights, problems = {}, []
    for url in urls:
        # A fresh context each time: an empty cache, as for a first-time reader.
        visit_ = visit()
        # goto() returns after the load event: the stylesheet and any script or font have arrived.
        visit_.page.goto(url)
        requests = [r for r in visit_.requests if not r.url.startswith("data:")]
        elsewhere = [r.url for r in requests if r.host != server]
        if elsewhere:
            problems.append(f"{url} asked another host for {elsewhere}")
        failed = [r.url for r in requests if r.failure]
        if failed:
            problems.append(f"{url}: failed requests {failed}")
        # A CSP refusal or a script error shows here; the 404 page's own status is expected.
        errors = [e for e in visit_.console_errors if not (url.endswith("/no-such-event/") and "404" in e)]
        if errors:
            problems.append(f"{url}: console errors {errors}")
        counted = [r for r in requests if not r.is_image]
        assert {"document", "stylesheet"} <= {r.resource_type for r in counted}, (url, requests)
        weights[url] = weight = sum(r.transferred for r in counted)
        if weight >= WEIGHT_LIMIT:
            problems.append(f"{url} weighs {weight:,} bytes: {[(r.url, r.transferred) for r in counted]}")
    print("\nTransferred per page, images excluded:")
    for url, weight in weights.items():
        print(f"  {weight:>7,} B  {url}")
    assert not problems, "\n".join(problems)
