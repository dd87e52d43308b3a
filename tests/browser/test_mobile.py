"""The public pages on a 375-pixel-wide phone: no horizontal scroll, nothing cut off; screenshots kept."""

import pytest

from .helpers import LANGUAGES, PHONE, layout_overflow

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _phone_pages(language: str, event) -> dict[str, str]:
    return {
        "home": f"/{language}/",
        "events": f"/{language}/events/",
        "events-filtered": f"/{language}/events/?region={event.region.code}&year={event.date.year}",
        "event": f"/{language}/events/{event.slug}/",
        "proposals": f"/{language}/proposals/",
        "proposals-of-event": f"/{language}/proposals/?event={event.slug}",
        "bad-filters": f"/{language}/events/?region=XX&year=abc",
        "not-found": f"/{language}/events/no-such-event/",
    }


def test_public_pages_fit_a_375px_phone(published_site, visit, artifacts):
    page = visit(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2).page
    problems = {}
    pages = [
        (lang, name, url) for lang in LANGUAGES for name, url in _phone_pages(lang, published_site).items()
    ]
    for language, name, url in pages:
        response = page.goto(url)
        assert response.status == (404 if name == "not-found" else 200), url
        expect(page.locator("main h1")).to_be_visible()
        layout = layout_overflow(page)
        assert layout["innerWidth"] == PHONE["width"]
        if layout["scrollWidth"] > layout["innerWidth"]:
            problems[url] = [f"scrolls sideways: {layout['scrollWidth']} px wide"] + layout["problems"]
        elif layout["problems"]:
            problems[url] = layout["problems"]
        page.screenshot(path=artifacts / f"phone-{language}-{name}.png", full_page=True)
    assert not problems, problems


def test_public_pages_screenshots_on_a_desktop(published_site, visit, artifacts):
    page = visit().page
    for name, url in _phone_pages("ky", published_site).items():
        page.goto(url)
        layout = layout_overflow(page)
        assert layout["scrollWidth"] <= layout["innerWidth"], (url, layout)
        page.screenshot(path=artifacts / f"desktop-ky-{name}.png", full_page=True)


def test_layout_overflow_reports_what_sticks_out_or_is_cut_off(visit):
    # The check above is only as good as its detector: show it a too-wide table and a clipped box.
    page = visit(viewport=PHONE).page
    page.goto("/en/")
    assert layout_overflow(page)["problems"] == []
    page.evaluate(
        """() => {
          const wide = document.createElement('table');
          wide.id = 'too-wide';
          wide.insertRow().insertCell().textContent = 'W'.repeat(150);
          document.querySelector('main').append(wide);
          const box = document.createElement('p');
          box.id = 'clipped';
          box.style.overflow = 'hidden';
          box.style.height = '1em';
          box.textContent = 'Participants '.repeat(40);
          document.querySelector('main').append(box);
        }"""
    )
    layout = layout_overflow(page)
    assert layout["scrollWidth"] > PHONE["width"]
    assert any(problem.startswith("table#too-wide") for problem in layout["problems"]), layout
    assert any(problem.startswith("p#clipped") for problem in layout["problems"]), layout
