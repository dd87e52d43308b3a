"""Security headers on every response: CSP, nosniff, referrer policy, frame denial, HSTS."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def directives(header: str) -> dict[str, list[str]]:
    """A CSP header as {directive: [sources]}."""
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def public_urls():
    event = factories.EventFactory()
    return [
        "/ky/",
        "/ru/events/",
        f"/en/events/{event.slug}/",
        "/ky/proposals/",
    ]


def test_public_pages_send_a_strict_content_security_policy(client):
    for url in public_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        policy = directives(response["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'"], url
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
        assert "'unsafe-eval'" not in response["Content-Security-Policy"], url
        assert policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"]


def test_public_pages_send_the_other_security_headers(client):
    for url in public_urls():
        response = client.get(url)
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url
        assert response["X-Frame-Options"] == "DENY", url
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", url


def test_public_pages_load_scripts_and_styles_only_from_the_site(client):
    """The policy would block inline code, so pages must carry none."""
    for url in public_urls():
        html = client.get(url).content.decode()
        assert "<script" not in html, url
        assert " style=" not in html, url
        assert "<style" not in html, url
        assert "https://" not in html.split("<body", 1)[0], url  # no CDN in <head>


def test_not_found_page_has_the_headers_too(client):
    response = client.get("/ky/events/no-such-event/")
    assert response.status_code == 404
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_admin_csp_allows_inline_code_the_admin_needs(superuser_client):
    response = superuser_client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    # Everything else stays as strict as on the public site.
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"


def test_admin_login_page_has_the_security_headers(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in response


def test_session_and_csrf_cookies_are_httponly(client, superuser):
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": superuser.username, "password": "correct-horse-battery"},
    )
    assert response.status_code == 302
    assert response.cookies["sessionid"]["httponly"]
