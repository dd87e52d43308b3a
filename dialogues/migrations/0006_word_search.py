"""Search by words: the stored search text becomes plain words, indexed by word.

``search_text`` is filled again (``core.text.search_document``: case-folded
words one space apart, punctuation dropped), and on PostgreSQL the trigram index
of 0004 gives way to a GIN index of those words (``core.search``), which costs
far less to keep up to date.
"""

from django.db import migrations

from core.search import refill_search_text, swap_search_index

TABLE = "dialogues_event"
OLD_INDEX = "event_search_text_trgm_idx"
INDEX = "event_search_words_idx"


def forwards(apps, schema_editor):
    refill_search_text(apps.get_model("dialogues", "Event"), ("title", "goal", "summary"))
    swap_search_index(schema_editor, table=TABLE, drop=OLD_INDEX, create=INDEX, words=True)


def backwards(apps, schema_editor):
    swap_search_index(schema_editor, table=TABLE, drop=INDEX, create=OLD_INDEX, words=False)


class Migration(migrations.Migration):
    dependencies = [("dialogues", "0005_ordering_with_language_fallback")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
