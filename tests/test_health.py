"""The liveness probe: answers without the database, the ceiling of the page benchmark."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"].startswith("text/plain")


def test_healthz_refuses_writes(client):
    assert client.post(reverse("healthz")).status_code == 405


def test_production_settings_exempt_healthz_from_the_https_redirect():
    """Probes over plain HTTP get 200 where every other page redirects to HTTPS."""
    env = {
        k: v for k, v in os.environ.items() if k not in {"MAEK_TESTING", "DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(DJANGO_SETTINGS_MODULE="config.settings", SECRET_KEY="x" * 50, ALLOWED_HOSTS="testserver")
    code = (
        "import django; django.setup();"
        "from django.test import Client;"
        "c = Client();"
        "print(c.get('/healthz').status_code, c.get('/ky/').status_code)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.stdout.split()[-2:] == ["200", "301"], result.stderr[-2000:]
