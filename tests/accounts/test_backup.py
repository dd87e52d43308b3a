"""`manage.py backup`: the copy it writes can be restored and holds the records."""

import shutil
import sqlite3
import subprocess
import tarfile
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from tests import factories

# The copy is taken by another connection (pg_dump) or must not run inside the
# test's own transaction (SQLite's backup waits for it), so the rows are committed;
# serialized_rollback brings back the reference data that the flush removes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def make_records():
    event = factories.EventFactory(title_ky="Баткен — өлкөнүн борбору", title_ru="Баткен — центр страны")
    factories.ProposalFactory(event=event, text_ru="Разработать концепцию")
    return event


def test_backup_sqlite_copy_opens_with_the_rows(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite backup")
    event = make_records()
    target = tmp_path / "maek.sqlite3"

    call_command("backup", str(target))

    copy = sqlite3.connect(target)
    try:
        titles = copy.execute(
            "SELECT title_ky, title_ru FROM dialogues_event WHERE id = ?", [event.pk]
        ).fetchall()
        proposals = copy.execute(
            "SELECT text_ru FROM proposals_proposal WHERE event_id = ?", [event.pk]
        ).fetchall()
        history = copy.execute(
            "SELECT count(*) FROM dialogues_historicalevent WHERE id = ?", [event.pk]
        ).fetchone()
        regions = copy.execute("SELECT count(*) FROM dialogues_region").fetchone()
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        copy.close()
    assert titles == [("Баткен — өлкөнүн борбору", "Баткен — центр страны")]
    assert proposals == [("Разработать концепцию",)]
    assert history[0] >= 1
    assert regions[0] == 9


def test_backup_refuses_to_overwrite_an_existing_file(tmp_path):
    target = tmp_path / "maek.sqlite3"
    target.write_bytes(b"precious")

    with translation.override("en"), pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(target))

    assert target.read_bytes() == b"precious"


def test_backup_refuses_a_missing_folder(tmp_path):
    with translation.override("en"), pytest.raises(CommandError, match="does not exist"):
        call_command("backup", str(tmp_path / "nowhere" / "maek.dump"))


def test_backup_media_packs_uploaded_files(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "reports" / "2021").mkdir(parents=True)
    (tmp_path / "media" / "reports" / "2021" / "abc.pdf").write_bytes(b"%PDF-1.4 report")
    target = tmp_path / ("maek.sql" if connection.vendor == "postgresql" else "maek.sqlite3")

    call_command("backup", str(target), "--media")

    with tarfile.open(f"{target}.media.tar.gz") as tar:
        member = tar.extractfile("media/reports/2021/abc.pdf")
        assert member.read() == b"%PDF-1.4 report"


def test_backup_report_file_survives_with_its_event(tmp_path, settings):
    """The database copy keeps the stored name that the media archive holds."""
    settings.MEDIA_ROOT = tmp_path / "media"
    event = factories.EventFactory()
    event.report_file.save("report.pdf", ContentFile(b"%PDF-1.4 minimal"), save=True)
    target = tmp_path / ("maek.sql" if connection.vendor == "postgresql" else "maek.sqlite3")

    call_command("backup", str(target), "--media")

    with tarfile.open(f"{target}.media.tar.gz") as tar:
        assert f"media/{event.report_file.name}" in tar.getnames()


# PostgreSQL: pg_dump, then restore into a fresh database and read the rows back.


def _admin_connection():
    import psycopg2

    params = connection.settings_dict
    admin = psycopg2.connect(
        dbname="postgres",
        user=params.get("USER") or None,
        password=params.get("PASSWORD") or None,
        host=params.get("HOST") or None,
        port=params.get("PORT") or None,
    )
    admin.autocommit = True
    return admin


def _client_args():
    params = connection.settings_dict
    args = []
    if params.get("HOST"):
        args.append(f"--host={params['HOST']}")
    if params.get("PORT"):
        args.append(f"--port={params['PORT']}")
    if params.get("USER"):
        args.append(f"--username={params['USER']}")
    return args


@pytest.fixture
def fresh_database():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    name = f"maek_restore_{uuid.uuid4().hex[:10]}"
    admin = _admin_connection()
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()


def _rows_in(database: str, sql: str, params=()):
    import psycopg2

    settings_dict = connection.settings_dict
    restored = psycopg2.connect(
        dbname=database,
        user=settings_dict.get("USER") or None,
        password=settings_dict.get("PASSWORD") or None,
        host=settings_dict.get("HOST") or None,
        port=settings_dict.get("PORT") or None,
    )
    try:
        with restored.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    finally:
        restored.close()


def test_backup_postgresql_plain_dump_restores_with_psql(tmp_path, fresh_database):
    if shutil.which("psql") is None:
        pytest.skip("psql is not installed")
    event = make_records()
    target = tmp_path / "maek.sql"

    call_command("backup", str(target))
    subprocess.run(
        [
            "psql",
            "--quiet",
            "-v",
            "ON_ERROR_STOP=1",
            *_client_args(),
            "-d",
            fresh_database,
            "-f",
            str(target),
        ],
        check=True,
        capture_output=True,
    )

    assert _rows_in(fresh_database, "SELECT title_ru FROM dialogues_event WHERE id = %s", [event.pk]) == [
        ("Баткен — центр страны",)
    ]
    assert _rows_in(
        fresh_database, "SELECT text_ru FROM proposals_proposal WHERE event_id = %s", [event.pk]
    ) == [("Разработать концепцию",)]
    assert _rows_in(fresh_database, "SELECT count(*) FROM dialogues_region") == [(9,)]


def test_backup_postgresql_custom_dump_restores_with_pg_restore(tmp_path, fresh_database):
    if shutil.which("pg_restore") is None:
        pytest.skip("pg_restore is not installed")
    event = make_records()
    target = tmp_path / "maek.dump"

    call_command("backup", str(target))
    subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", *_client_args(), "-d", fresh_database, str(target)],
        check=True,
        capture_output=True,
    )

    assert _rows_in(fresh_database, "SELECT title_ky FROM dialogues_event WHERE id = %s", [event.pk]) == [
        ("Баткен — өлкөнүн борбору",)
    ]
    history = _rows_in(
        fresh_database, "SELECT count(*) FROM dialogues_historicalevent WHERE id = %s", [event.pk]
    )
    assert history[0][0] >= 1
