"""Trigram index on the events' search text, on PostgreSQL.

Search is ``search_text LIKE '%word%'`` on a stored, case-folded column holding all
three languages. Without an index PostgreSQL reads every event for each search;
pg_trgm's GIN index answers a LIKE with a leading wildcard from the index. SQLite
has no such index and keeps the plain scan, which is correct, only slower.
"""

from django.db import migrations

INDEX = "event_search_text_trgm_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON dialogues_event USING gin (search_text gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("dialogues", "0003_history_uploads_publish_permission")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
