"""A reader on the public site: languages, filters, search, and the way from a proposal to its event."""

import datetime

import pytest

from tests import factories

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NARYN_2023 = {
    "ky": "Нарындын жашыл экономикасы боюнча форум",
    "ru": "Форум о зелёной экономике Нарына",
    "en": "Forum on the green economy of Naryn",
}
# The word the reader searches is in this proposal and nowhere else.
GREENHOUSES = {
    "ky": "Нарын шаарында жашылча күнөсканаларын курууну колдоо",
    "ru": "Поддержать строительство овощных теплиц в Нарыне",
    "en": "Support building vegetable greenhouses in Naryn",
}


def _event(*, titles, region, date, **extra):
    return factories.EventFactory(
        title_ky=titles["ky"],
        title_ru=titles["ru"],
        title_en=titles["en"],
        region=factories.region(region),
        date=date,
        **extra,
    )


@pytest.fixture
def site():
    """Events in two regions and two years, with proposals; one proposal mentions greenhouses."""
    naryn_2023 = _event(titles=NARYN_2023, region="KG-N", date=datetime.date(2023, 9, 14))
    factories.ProposalFactory(
        event=naryn_2023,
        text_ky="Жайыттарды пайдалануу боюнча жергиликтүү кеңештерди түзүү",
        text_ru="Создать местные советы по пользованию пастбищами",
        text_en="Set up local councils on the use of pastures",
    )
    factories.ProposalFactory(
        event=naryn_2023, text_ky=GREENHOUSES["ky"], text_ru=GREENHOUSES["ru"], text_en=GREENHOUSES["en"]
    )
    naryn_2022 = _event(
        titles={
            "ky": "Нарын облусундагы эмгек миграциясы",
            "ru": "Трудовая миграция в Нарынской области",
            "en": "Labour migration in Naryn region",
        },
        region="KG-N",
        date=datetime.date(2022, 4, 20),
    )
    factories.ProposalFactory(event=naryn_2022)
    osh_2023 = _event(
        titles={
            "ky": "Ош шаарындагы жарандык кеңештер",
            "ru": "Общественные советы города Ош",
            "en": "Public councils of Osh city",
        },
        region="KG-GO",
        date=datetime.date(2023, 3, 2),
    )
    factories.ProposalFactory(event=osh_2023)
    _event(
        titles={"ky": "Долбоор: жарыяланбаган", "ru": "Черновик", "en": "Draft, not published"},
        region="KG-N",
        date=datetime.date(2023, 10, 1),
        status="draft",
    )
    return {"naryn_2023": naryn_2023}


def _card_titles(page):
    return page.locator(".cards .card-title").all_inner_texts()


def test_reader_switches_language_filters_searches_and_opens_the_event(site, visit, live_server, artifacts):
    page = visit().page
    page.goto("/ky/")
    expect(page.locator("html")).to_have_attribute("lang", "ky")
    headings = {"ky": page.locator("h1").inner_text()}

    page.locator('nav.languages a[hreflang="ru"]').click()
    expect(page).to_have_url(f"{live_server.url}/ru/")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator('nav.languages a[aria-current="true"]')).to_have_attribute("hreflang", "ru")
    headings["ru"] = page.locator("h1").inner_text()

    page.locator('nav.languages a[hreflang="en"]').click()
    expect(page).to_have_url(f"{live_server.url}/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Civic dialogues of Kyrgyzstan and what they asked for")
    headings["en"] = page.locator("h1").inner_text()
    assert len(set(headings.values())) == 3, headings

    # Events of Naryn region in 2023: one published (the draft stays hidden).
    page.locator("nav.site-nav").get_by_role("link", name="Events").click()
    expect(page).to_have_url(f"{live_server.url}/en/events/")
    page.select_option("#id_region", "KG-N")
    page.select_option("#id_year", "2023")
    page.locator("form.filters button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/en/events/?q=&region=KG-N&year=2023&format=&topic=")
    expect(page.locator(".cards .card-title")).to_have_text([NARYN_2023["en"]])
    expect(page.locator("#id_region")).to_have_value("KG-N")
    expect(page.locator("#id_year")).to_have_value("2023")
    page.screenshot(path=artifacts / "reader-events-filtered-en.png", full_page=True)

    # Switching language keeps the filters.
    page.locator('nav.languages a[hreflang="ru"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator(".cards .card-title")).to_have_text([NARYN_2023["ru"]])
    expect(page.locator("#id_region")).to_have_value("KG-N")
    page.locator('nav.languages a[hreflang="en"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # Search a word that only a proposal contains.
    page.locator("nav.site-nav").get_by_role("link", name="Proposals").click()
    expect(page).to_have_url(f"{live_server.url}/en/proposals/")
    page.fill("#id_q", "greenhouses")
    page.press("#id_q", "Enter")
    results = page.locator("ul.proposals > li.proposal")
    expect(results).to_have_count(1)
    expect(results.locator(".proposal-text")).to_have_text(GREENHOUSES["en"])
    page.screenshot(path=artifacts / "reader-proposal-search-en.png", full_page=True)

    # ... and open the proposal's event: the page scrolls to the proposal.
    results.get_by_role("link", name=NARYN_2023["en"]).click()
    event = site["naryn_2023"]
    expect(page).to_have_url(f"{live_server.url}/en/events/{event.slug}/#proposal-2")
    expect(page.locator("h1")).to_have_text(NARYN_2023["en"])
    target = page.locator(":target")
    expect(target).to_have_attribute("id", "proposal-2")
    expect(target.locator(".proposal-text")).to_have_text(GREENHOUSES["en"])
    expect(target).to_be_in_viewport()

    # The events list finds the event by the same word, in Kyrgyz too.
    page.goto("/en/events/?q=greenhouses")
    assert _card_titles(page) == [NARYN_2023["en"]]
    page.goto("/ky/events/?q=күнөскана")
    assert _card_titles(page) == [NARYN_2023["ky"]]
