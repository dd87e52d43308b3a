"""Shared fixtures. Reference data (regions, formats, topics) comes from migrations."""

import pytest
from django.utils import translation

from tests import factories


@pytest.fixture(autouse=True)
def _default_language():
    # Each test starts in the default language, whatever the previous one activated.
    with translation.override("ky"):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    # Cached public pages are keyed by the content version, which is the same
    # ("initial") in every test that has changed no content yet, whatever other
    # data it made: each test starts with an empty cache.
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True, scope="session")
def _download_cache_folder(tmp_path_factory):
    # Public downloads are cached as files (pagecache/downloads.py); each run keeps its
    # own folder rather than the machine's shared <temp dir>/maek-downloads.
    from django.test import override_settings

    with override_settings(MAEK_DOWNLOAD_CACHE_DIR=str(tmp_path_factory.mktemp("downloads"))):
        yield


@pytest.fixture
def superuser(db):
    return factories.SuperuserFactory(username="superuser")


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def event(db):
    return factories.EventFactory()


@pytest.fixture
def is_postgres():
    from django.db import connection

    return connection.vendor == "postgresql"
