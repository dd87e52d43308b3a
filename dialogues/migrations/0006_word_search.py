"""Search by words: the stored search text becomes plain words, indexed by word.

``search_text`` is filled again (``dialogues.text.search_document``: case-folded
words one space apart, punctuation dropped), and on PostgreSQL the trigram index
of 0004 gives way to a GIN index of those words (``dialogues.search``), which costs
far less to keep up to date.
"""

from django.db import migrations

from dialogues.search import create_index_sql, refill_search_text

OLD_INDEX = "event_search_text_trgm_idx"
INDEX = "event_search_words_idx"


def forwards(apps, schema_editor):
    refill_search_text(apps.get_model("dialogues", "Event"), ("title", "goal", "summary"))
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")
        schema_editor.execute(create_index_sql("dialogues_event", INDEX))


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON dialogues_event USING gin (search_text gin_trgm_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [("dialogues", "0005_ordering_with_language_fallback")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
