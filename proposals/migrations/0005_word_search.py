"""Search by words for proposals, as for events (dialogues 0006): the search text
filled again as plain words and, on PostgreSQL, a GIN word index instead of the
trigram index of 0003."""

from django.db import migrations

from dialogues.search import create_index_sql, refill_search_text

OLD_INDEX = "proposal_search_text_trgm_idx"
INDEX = "proposal_search_words_idx"


def forwards(apps, schema_editor):
    refill_search_text(apps.get_model("proposals", "Proposal"), ("text",))
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")
        schema_editor.execute(create_index_sql("proposals_proposal", INDEX))


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON proposals_proposal USING gin (search_text gin_trgm_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [("dialogues", "0006_word_search"), ("proposals", "0004_fewer_indexes")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
