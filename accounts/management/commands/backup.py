"""``python manage.py backup PATH``: a consistent copy of the database (and, on request, of uploads).

PostgreSQL is dumped with ``pg_dump`` (one snapshot, so the copy is consistent
while the site keeps running); SQLite is copied with sqlite3's online backup
API, never by copying the file under a live connection. Restoring is described
in docs/operations.md.
"""

import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext as _


def postgres_dump_command(settings_dict: dict, output: Path, *, plain: bool) -> tuple[list[str], dict]:
    """The pg_dump command line and environment for one Django database."""
    command = [
        "pg_dump",
        "--no-owner",
        "--no-privileges",
        "--format=plain" if plain else "--format=custom",
        f"--file={output}",
    ]
    if settings_dict.get("HOST"):
        command.append(f"--host={settings_dict['HOST']}")
    if settings_dict.get("PORT"):
        command.append(f"--port={settings_dict['PORT']}")
    if settings_dict.get("USER"):
        command.append(f"--username={settings_dict['USER']}")
    command.append(settings_dict["NAME"])
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        # The password goes through the environment, never the command line (ps shows that).
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return command, env


def backup_postgresql(connection, output: Path, *, plain: bool) -> None:
    if shutil.which("pg_dump") is None:
        raise CommandError(_("pg_dump is not installed; install the PostgreSQL client tools."))
    command, env = postgres_dump_command(connection.settings_dict, output, plain=plain)
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        output.unlink(missing_ok=True)
        raise CommandError(_("pg_dump failed: %(error)s") % {"error": result.stderr.strip()})


def backup_sqlite(connection, output: Path) -> None:
    if connection.in_atomic_block:
        # SQLite's backup waits for the source's own open write transaction: it would never end.
        raise CommandError(_("Cannot back up an SQLite database from inside a transaction."))
    connection.ensure_connection()
    target = sqlite3.connect(output)
    try:
        # The online backup copies page by page under SQLite's own locking, so
        # the copy is one consistent state even while others write.
        with target:
            connection.connection.backup(target)
    finally:
        target.close()


def backup_media(output: Path) -> Path | None:
    """Pack MEDIA_ROOT next to the database copy; None when there are no uploads."""
    media_root = Path(settings.MEDIA_ROOT)
    if not media_root.is_dir():
        return None
    archive = output.with_name(output.name + ".media.tar.gz")
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(media_root, arcname="media")
    return archive


class Command(BaseCommand):
    help = (
        "Write a consistent copy of the database to PATH: a pg_dump archive on PostgreSQL "
        "(plain SQL when PATH ends in .sql), an SQLite file on SQLite. "
        "Restore recipes: docs/operations.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Where to write the copy.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias (default: default).")
        parser.add_argument(
            "--media",
            action="store_true",
            help="Also pack the uploaded files (MEDIA_ROOT) into PATH.media.tar.gz.",
        )
        parser.add_argument("--overwrite", action="store_true", help="Replace PATH if it exists.")

    def handle(self, *args, path, database, media, overwrite, **options):
        output = Path(path).expanduser().resolve()
        if output.exists() and not overwrite:
            raise CommandError(
                _("%(path)s already exists; choose another path or pass --overwrite.") % {"path": output}
            )
        if not output.parent.is_dir():
            raise CommandError(_("The folder %(folder)s does not exist.") % {"folder": output.parent})
        if output.exists():
            output.unlink()

        connection = connections[database]
        if connection.vendor == "postgresql":
            backup_postgresql(connection, output, plain=output.suffix == ".sql")
        elif connection.vendor == "sqlite":
            backup_sqlite(connection, output)
        else:
            raise CommandError(
                _("Backups of %(vendor)s databases are not supported.") % {"vendor": connection.vendor}
            )
        self.stdout.write(_("Database copied to %(path)s.") % {"path": output})

        if media:
            archive = backup_media(output)
            if archive is None:
                self.stdout.write(_("No uploaded files to copy."))
            else:
                self.stdout.write(_("Uploaded files packed into %(path)s.") % {"path": archive})
