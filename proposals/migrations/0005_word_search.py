"""Search by words for proposals, as for events (dialogues 0006): the search text
filled again as plain words and, on PostgreSQL, a GIN word index instead of the
trigram index of 0003."""

from django.db import migrations

from core.search import refill_search_text, swap_search_index

TABLE = "proposals_proposal"
OLD_INDEX = "proposal_search_text_trgm_idx"
INDEX = "proposal_search_words_idx"


def forwards(apps, schema_editor):
    refill_search_text(apps.get_model("proposals", "Proposal"), ("text",))
    swap_search_index(schema_editor, table=TABLE, drop=OLD_INDEX, create=INDEX, words=True)


def backwards(apps, schema_editor):
    swap_search_index(schema_editor, table=TABLE, drop=INDEX, create=OLD_INDEX, words=False)


class Migration(migrations.Migration):
    dependencies = [("dialogues", "0006_word_search"), ("proposals", "0004_fewer_indexes")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
