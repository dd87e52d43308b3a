"""Malformed requests answer 400 or 404 with the site's page, never 500 (config.middleware)."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    # A 500 comes back as a response to assert on, not as an exception in the test.
    return Client(raise_request_exception=False)


@pytest.fixture
def stored_report(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    event = factories.EventFactory()
    event.report_file.save("report.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    return event


def is_bad_request_page(response, language: str = "ky") -> bool:
    page = response.content.decode()
    return response.status_code == 400 and f'<html lang="{language}">' in page and "<h1>" in page


@pytest.mark.parametrize(
    "path",
    ["/media/x%00", "/media/{name}%00.html", "/media/%00", "/media/{name}?download=%00"],
)
def test_bad_request_nul_in_a_media_address_is_refused_with_a_page(client, stored_report, path):
    response = client.get(path.format(name=stored_report.report_file.name))
    assert is_bad_request_page(response)


def test_bad_request_media_file_is_still_served(client, stored_report):
    response = client.get(f"/media/{stored_report.report_file.name}")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    "url",
    [
        # A NUL never reaches the public filters: refused before them, whatever the view.
        "/en/events/?q=%00",
        "/en/events/?topic=%00",
        "/en/proposals/?event=%00",
        "/en/proposals/?region=KG-B&status=%00",
        "/en/events/?%00=1",
        "/en/events/x%00/",
    ],
)
def test_bad_request_page_speaks_the_language_of_the_address(client, url):
    response = client.get(url)
    assert is_bad_request_page(response, "en")
    assert "Bad request" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/dialogues/event/1%00/history/",
        "/admin/dialogues/event/1/history/%00/",
        "/admin/dialogues/person/?gender__exact=%00",
        "/admin/dialogues/event/?q=%00",
    ],
)
def test_bad_request_nul_in_admin_addresses_is_refused(client, event, url):
    client.force_login(factories.SuperuserFactory())
    assert client.get(url).status_code == 400


def test_bad_request_nul_in_the_event_autocomplete_term_is_refused(client, event):
    client.force_login(factories.SuperuserFactory())
    query = {"app_label": "proposals", "model_name": "proposal", "field_name": "event"}

    refused = client.get(reverse("admin:autocomplete"), {**query, "term": "\x00"})
    found = client.get(reverse("admin:autocomplete"), {**query, "term": event.title_ky[:6]})

    assert refused.status_code == 400
    assert [row["id"] for row in found.json()["results"]] == [str(event.pk)]


def test_bad_request_session_cookie_with_nul_is_ignored(client, event):
    # A quoted cookie may spell NUL as \000; Django's cookie parser decodes it.
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"

    response = client.get(reverse("dialogues:home"))

    # The home page, as to any reader without a session: no error, nobody signed in.
    assert response.status_code == 200
    assert "dialogues/home.html" in [template.name for template in response.templates]
    assert response.wsgi_request.user.is_anonymous
    assert event.get_absolute_url() in response.content.decode()


def test_bad_request_other_cookie_with_nul_leaves_the_sign_in_alone(client):
    user = factories.SuperuserFactory()
    client.force_login(user)
    client.cookies["django_language"] = "en\x00"

    response = client.get(reverse("admin:index"))

    # Still signed in: the admin index itself, not the login page it would redirect to.
    assert response.status_code == 200
    assert response.wsgi_request.user == user
    assert response.context["user"] == user


def test_bad_request_handlers_own_400_uses_the_same_page(client, settings):
    settings.ALLOWED_HOSTS = ["maek.example.kg"]
    response = client.get("/ky/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    assert "<h1>" in response.content.decode()
