"""WCAG 2.1 AA with axe-core on the public pages in ky, ru and en; the whole site by keyboard alone."""

import json

import pytest

from .helpers import LANGUAGES, axe_audit, keyboard_targets, tab_walk

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _public_pages(language: str, event) -> dict[str, str]:
    return {
        "home": f"/{language}/",
        "events list": f"/{language}/events/",
        "event detail": f"/{language}/events/{event.slug}/",
        "proposals list": f"/{language}/proposals/",
    }


def _all_public_pages(event) -> list[tuple[str, str, str]]:
    return [
        (language, name, url)
        for language in LANGUAGES
        for name, url in _public_pages(language, event).items()
    ]


def test_public_pages_have_no_wcag21_aa_violations(published_site, visit):
    # axe is injected as a script; the public pages' CSP rightly forbids that.
    page = visit(bypass_csp=True).page
    found = {}
    for language, name, url in _all_public_pages(published_site):
        assert page.goto(url).status == 200, url
        expect(page.locator("html")).to_have_attribute("lang", language)
        result = axe_audit(page)
        # The audit really ran the rules that matter for these pages.
        applied = set(result["passes"] + result["incomplete"])
        expected = {"color-contrast", "document-title", "html-has-lang", "link-name", "list"}
        if name.endswith("list"):
            expected |= {"label", "select-name"}
        assert expected <= applied, (url, sorted(applied))
        if result["violations"]:
            found[url] = result["violations"]
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


def test_public_pages_keyboard_reaches_language_switcher_filters_and_every_link(published_site, visit):
    page = visit().page
    for _language, name, url in _all_public_pages(published_site):
        page.goto(url)
        targets = keyboard_targets(page)
        walk = tab_walk(page, limit=len(targets) + 5)
        reached = {stop["index"] for stop in walk}
        missed = [target["label"] for target in targets if target["index"] not in reached]
        assert not missed, f"{name} ({url}): Tab never reaches {missed}"
        # The first stop is the skip link; every stop shows where focus is.
        assert walk[0]["tag"] == "a" and walk[0]["key"] == 'a[href="#main"]', walk[0]
        unmarked = [stop["key"] for stop in walk if not stop["outline"]]
        assert not unmarked, f"{name}: no visible focus on {unmarked}"
        languages = [target for target in targets if target["language"]]
        assert len(languages) == len(LANGUAGES), languages
        if name.endswith("list"):
            filters = {target["label"].split(" ")[0] for target in targets if target["filter"]}
            assert {
                "input#id_q",
                "select#id_region",
                "select#id_year",
                "select#id_topic",
                "button",
            } <= filters


def _tab_to(page, element_id: str, *, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return
    pytest.fail(f"Tab never reached #{element_id}")


def test_filter_form_works_with_the_keyboard_alone(published_site, visit):
    page = visit().page
    page.goto("/en/events/")
    # The skip link comes first and takes focus past the menus to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # Tab to the region filter, choose with the arrow keys, Tab to "Show", press Enter.
    _tab_to(page, "id_region")
    page.keyboard.press("ArrowDown")
    chosen = page.locator("#id_region").input_value()
    assert chosen, "the arrow key did not choose a region"
    page.locator("form.filters button[type=submit]").evaluate("(button) => { button.id = 'show-button'; }")
    _tab_to(page, "show-button")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/en/events/?*region={chosen}*")
    expect(page.locator("#id_region")).to_have_value(chosen)
