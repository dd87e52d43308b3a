"""Deployment hardening: production settings, login throttling, passwords, the admin's language."""

import datetime
import json
import os
import secrets
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import get_default_password_validators, validate_password
from django.core.exceptions import ValidationError
from django.test import RequestFactory, override_settings
from django.utils import timezone, translation

from accounts.roles import COORDINATOR, EDITOR, PUBLISHER
from accounts.security import client_ip
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def production_env(**overrides) -> dict:
    """The environment of a production start: no test flag, no DEBUG."""
    env = {key: value for key, value in os.environ.items() if key not in {"MAEK_TESTING", "DEBUG"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="maek.example.org",
        DATABASE_URL="sqlite:///:memory:",
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run_python(code: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# Production settings


def test_check_deploy_with_production_settings_is_clean():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_notices_a_weak_secret_key():
    """The clean result above means something: a weak key is reported."""
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(SECRET_KEY="short"))
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_production_refuses_to_start_without_secret_key():
    result = manage("check", env=production_env(SECRET_KEY=None))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = manage("check", env=production_env(ALLOWED_HOSTS=None))
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_production_sends_hsts_and_secure_httponly_cookies():
    code = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
# No collectstatic here: serve admin CSS names unhashed, as a dev server would.
settings.STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
response = Client().get("/admin/login/", secure=True, headers={"host": "maek.example.org"})
insecure = Client().get("/admin/login/", headers={"host": "maek.example.org"})
csrf = response.cookies.get(settings.CSRF_COOKIE_NAME)
print(json.dumps({
    "status": response.status_code,
    "hsts": response.get("Strict-Transport-Security"),
    "csp": response.get("Content-Security-Policy"),
    "csrf_secure": bool(csrf and csrf["secure"]),
    "csrf_httponly": bool(csrf and csrf["httponly"]),
    "session_secure": settings.SESSION_COOKIE_SECURE,
    "session_httponly": settings.SESSION_COOKIE_HTTPONLY,
    "redirect": insecure.status_code,
    "redirect_to": insecure.get("Location"),
}))
"""
    result = run_python(code, production_env())
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout.strip().splitlines()[-1])
    assert facts["status"] == 200
    assert facts["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert "'unsafe-inline'" in facts["csp"]  # the admin's relaxed policy, sent in production too
    assert facts["csrf_secure"] and facts["csrf_httponly"]
    assert facts["session_secure"] and facts["session_httponly"]
    assert facts["redirect"] == 301
    assert facts["redirect_to"] == "https://maek.example.org/admin/login/"


# Passwords


def test_password_validators_refuse_short_and_common_passwords():
    user = factories.UserFactory(username="aibek.batken")
    for weak in ("Batken2021", "password1234", "123456789012", "aibek.batken1"):
        with pytest.raises(ValidationError):
            validate_password(weak, user=user)


def test_password_validators_accept_a_long_passphrase():
    passphrase, user = "тоо-суу-жайлоо-2021", factories.UserFactory()
    validators = get_default_password_validators()
    refused_by = []
    for validator in validators:
        try:
            validator.validate(passphrase, user)
        except ValidationError:
            refused_by.append(type(validator).__name__)

    assert validators and refused_by == []


def test_password_minimum_length_is_twelve():
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        validate_password("kX9#mQ2$vL7")  # 11 characters, otherwise strong
    assert "at least 12 characters" in " ".join(caught.value.messages)


# Login throttling (django-axes) through the admin login


def attempt(client, username, password, ip="203.0.113.5"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


@override_settings(AXES_ENABLED=True)
def test_axes_locks_the_admin_login_after_five_failures(client):
    user = factories.staff_with_role(EDITOR, "KG-B", username="editor.batken")

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = attempt(client, user.username, "wrong-password")
        assert response.status_code == 200  # the login form again, with its error

    response = attempt(client, user.username, "wrong-password")
    assert response.status_code == 429
    assert "accounts/lockout.html" in [t.name for t in response.templates]

    # Even the right password is refused while the lock lasts.
    response = attempt(client, user.username, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@override_settings(AXES_ENABLED=True)
def test_axes_lockout_message_is_translated(client):
    user = factories.staff_with_role(EDITOR, "KG-O", username="editor.osh")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, user.username, "wrong-password")

    def locked_page(language):
        response = client.post(
            "/admin/login/?next=/admin/",
            {"username": user.username, "password": "wrong-password"},
            REMOTE_ADDR="203.0.113.5",
            HTTP_ACCEPT_LANGUAGE=language,
        )
        assert response.status_code == 429
        return response.content.decode()

    english = locked_page("en")
    assert '<html lang="en"' in english
    assert "Sign-in has failed 5 times in a row" in english
    assert "signing in is blocked for 30 minutes" in english

    # The page goes through gettext and follows the reader's language.
    assert '<html lang="ru"' in locked_page("ru")
    kyrgyz = locked_page("ky")
    assert '<html lang="ky"' in kyrgyz
    with translation.override("ky"):
        title = str(translation.gettext("Sign-in temporarily blocked"))
    assert title in kyrgyz


@override_settings(AXES_ENABLED=True)
def test_axes_locks_username_and_address_together(client):
    user = factories.staff_with_role(PUBLISHER, "KG-N", username="publisher.naryn")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, user.username, "wrong-password", ip="198.51.100.7")

    # The same person from another address still gets in: an attacker cannot
    # lock a colleague out of the admin from elsewhere.
    response = attempt(client, user.username, PASSWORD, ip="192.0.2.44")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@override_settings(AXES_ENABLED=True)
def test_axes_lock_ends_after_the_cool_off(client):
    user = factories.staff_with_role(EDITOR, "KG-T", username="editor.talas")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, user.username, "wrong-password")
    assert attempt(client, user.username, PASSWORD).status_code == 429

    long_ago = timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(minutes=1)
    AccessAttempt.objects.filter(username=user.username).update(attempt_time=long_ago)

    response = attempt(client, user.username, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_axes_settings_lock_username_with_address_and_cool_off():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_COOLOFF_TIME == datetime.timedelta(minutes=30)


def test_client_ip_trusts_forwarded_for_only_from_our_proxies(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.9")

    settings.MAEK_TRUSTED_PROXIES = 0
    assert client_ip(request) == "10.0.0.2"

    settings.MAEK_TRUSTED_PROXIES = 1
    assert client_ip(request) == "203.0.113.9"  # the spoofable left part is ignored


# The admin opens in the user's preferred language


def test_admin_opens_in_the_users_preferred_language(client):
    user = factories.staff_with_role(COORDINATOR, username="coordinator.ru", preferred_language="ru")
    client.force_login(user)

    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response["Content-Language"] == "ru"
    assert '<html lang="ru"' in response.content.decode()


def test_admin_language_follows_each_users_choice(client):
    user = factories.staff_with_role(COORDINATOR, username="coordinator.en", preferred_language="en")
    client.force_login(user)

    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="ru")

    assert response["Content-Language"] == "en"


def test_public_site_keeps_the_language_of_its_url(client):
    user = factories.staff_with_role(COORDINATOR, username="coordinator.ky", preferred_language="en")
    client.force_login(user)

    response = client.get("/ru/events/")

    assert response["Content-Language"] == "ru"


def test_repository_commands_run_without_production_configuration():
    """makemigrations --check works in a bare checkout; serving commands still refuse."""
    env = production_env(SECRET_KEY=None, ALLOWED_HOSTS=None, DEBUG=None)
    result = manage("makemigrations", "--check", "--dry-run", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout
