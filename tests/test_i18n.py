import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from tests import factories

pytestmark = pytest.mark.django_db


def _language_links(content: str) -> dict[str, str]:
    nav = re.search(r'<nav class="languages".*?</nav>', content, re.S).group(0)
    return dict(
        (code, href.replace("&amp;", "&"))
        for href, code in re.findall(r'<a href="([^"]+)" lang="(\w+)" hreflang="\w+"', nav)
    )


# "/" and the language in the address


def test_root_redirects_to_kyrgyz_by_default(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/ky/"


def test_root_redirects_by_accept_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9,en;q=0.8")

    assert response["Location"] == "/ru/"
    assert "Accept-Language" in response["Vary"]


def test_root_redirect_ignores_languages_we_do_not_have(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE,fr;q=0.8")

    assert response["Location"] == "/ky/"


def test_address_without_language_redirects_to_a_prefixed_one(client):
    response = client.get("/events/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 302
    assert response["Location"] == "/en/events/"


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_pages_set_html_lang_to_the_language_in_the_address(client, language):
    event = factories.EventFactory()

    for url in (f"/{language}/", f"/{language}/events/", f"/{language}/proposals/", event.get_absolute_url()):
        url = url.replace("/ky/", f"/{language}/", 1)
        content = client.get(url).content.decode()
        assert f'<html lang="{language}">' in content, url


# Language switcher


def test_language_switcher_keeps_path_and_query(client):
    event = factories.EventFactory(slug="batken-2021")

    list_links = _language_links(
        client.get("/ru/events/", {"region": "KG-B", "q": "баткен", "page": 1}).content.decode()
    )
    raw_links = _language_links(client.get("/ru/events/?region=KG-B&q=баткен&page=1").content.decode())
    detail_links = _language_links(client.get(f"/en/events/{event.slug}/").content.decode())

    assert list_links == {
        "ky": "/ky/events/?region=KG-B&q=%D0%B1%D0%B0%D1%82%D0%BA%D0%B5%D0%BD&page=1",
        "ru": "/ru/events/?region=KG-B&q=%D0%B1%D0%B0%D1%82%D0%BA%D0%B5%D0%BD&page=1",
        "en": "/en/events/?region=KG-B&q=%D0%B1%D0%B0%D1%82%D0%BA%D0%B5%D0%BD&page=1",
    }
    assert raw_links == list_links
    assert detail_links == {
        "ky": "/ky/events/batken-2021/",
        "ru": "/ru/events/batken-2021/",
        "en": "/en/events/batken-2021/",
    }


def test_language_switcher_marks_current_language(client):
    content = client.get("/ru/proposals/").content.decode()

    assert '<a href="/ru/proposals/" lang="ru" hreflang="ru" aria-current="true">Русский</a>' in content
    assert '<a href="/ky/proposals/" lang="ky" hreflang="ky">Кыргызча</a>' in content
    assert '<a href="/en/proposals/" lang="en" hreflang="en">English</a>' in content


def test_language_switcher_on_404_page_swaps_the_prefix(client):
    response = client.get("/en/no/such/page/?x=1")

    assert response.status_code == 404
    assert _language_links(response.content.decode())["ru"] == "/ru/no/such/page/?x=1"


def test_pages_link_to_other_languages_as_alternates(client):
    content = client.get("/ky/events/").content.decode()

    assert '<link rel="alternate" hreflang="ru" href="http://testserver/ru/events/">' in content


# Fallback: text missing in the page's language, shown with its real language


def test_fallback_ru_title_in_kyrgyz_page_carries_lang_ru(client):
    event = factories.EventFactory(title_ky="", title_ru="Особый статус Баткенской области", title_en="")

    content = client.get(f"/ky/events/{event.slug}/").content.decode()

    assert '<h1 lang="ru">Особый статус Баткенской области</h1>' in content
    assert '<html lang="ky">' in content


def test_fallback_english_reader_gets_russian_before_kyrgyz(client):
    event = factories.EventFactory(
        title_ky="Баткен облусунун статусу", title_ru="Статус Баткена", title_en=""
    )

    content = client.get(f"/en/events/{event.slug}/").content.decode()

    assert '<h1 lang="ru">Статус Баткена</h1>' in content
    assert "Баткен облусунун статусу" not in content


def test_fallback_russian_reader_gets_kyrgyz_before_english(client):
    event = factories.EventFactory(title_ky="Баткен облусунун статусу", title_ru="", title_en="Batken status")

    content = client.get(f"/ru/events/{event.slug}/").content.decode()

    assert '<h1 lang="ky">Баткен облусунун статусу</h1>' in content


def test_fallback_in_lists_and_nested_objects(client):
    event = factories.EventFactory(title_ky="", title_ru="", title_en="Only English", goal_en="", goal_ru="")
    person = factories.PersonFactory(full_name_ky="", full_name_ru="Улан Шамшиев", full_name_en="")
    factories.ParticipationFactory(
        event=event, person=person, position_ky="", position_ru="", position_en="Expert"
    )
    factories.ProposalFactory(event=event, text_ky="", text_ru="", text_en="English proposal")

    detail = client.get(f"/ky/events/{event.slug}/").content.decode()
    events = client.get("/ky/events/").content.decode()
    proposals = client.get("/ky/proposals/").content.decode()

    assert '<strong lang="ru">Улан Шамшиев</strong>' in detail
    assert '<p lang="en">Expert</p>' in detail
    assert '<p class="proposal-text" lang="en">English proposal</p>' in detail
    assert 'lang="en">Only English</a>' in events
    assert 'lang="en">Only English</a>' in proposals
    assert '<p class="proposal-text" lang="en">English proposal</p>' in proposals


def test_tr_tag_returns_text_and_language():
    event = factories.EventFactory(title_ky="", title_ru="Статус", title_en="Status")
    template = Template('{% load maek %}{% tr event "title" as t %}<h1 lang="{{ t.lang }}">{{ t }}</h1>')

    with translation.override("en"):
        english = template.render(Context({"event": event}))
    with translation.override("ky"):
        kyrgyz = template.render(Context({"event": event}))

    assert english == '<h1 lang="en">Status</h1>'
    assert kyrgyz == '<h1 lang="ru">Статус</h1>'


def test_tr_tag_escapes_text():
    event = factories.EventFactory(title_ky="<script>alert(1)</script>")
    template = Template('{% load maek %}{% tr event "title" as t %}{{ t.text }}')

    with translation.override("ky"):
        assert template.render(Context({"event": event})) == "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_language_links_tag_without_resolvable_path():
    request = RequestFactory().get("/ky/unknown/")
    template = Template(
        "{% load maek %}{% language_links as links %}{% for l in links %}{{ l.url }} {% endfor %}"
    )

    with translation.override("ky"):
        rendered = template.render(Context({"request": request}))

    assert rendered == "/ky/unknown/ /ru/unknown/ /en/unknown/ "


PUBLIC_TEMPLATES = ["base.html", "404.html", "includes", "dialogues", "proposals"]


def _public_templates():
    root = Path(settings.BASE_DIR) / "templates"
    for entry in PUBLIC_TEMPLATES:
        path = root / entry
        yield from sorted(path.rglob("*.html")) if path.is_dir() else [path]


@pytest.mark.parametrize("path", list(_public_templates()), ids=lambda p: p.name)
def test_public_templates_wrap_every_visible_string(path):
    source = path.read_text()
    source = re.sub(r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}", "", source, flags=re.S)
    source = re.sub(r"{#.*?#}", "", source, flags=re.S)
    attributes = re.findall(r'(?:aria-label|title|alt|placeholder)="([^"]*)"', source)
    source = re.sub(r"{%.*?%}|{{.*?}}", "", source, flags=re.S)
    text = re.sub(r"<[^>]*>", " ", source)

    leftover = re.sub(r"[\s·—–,:;()«»%.\-]+", "", text)
    assert leftover == "", f"unwrapped text in {path.name}: {text.split()}"
    for value in attributes:
        assert re.fullmatch(r"\s*({%.*?%}|{{.*?}})?\s*", value), (
            f"unwrapped attribute in {path.name}: {value}"
        )
