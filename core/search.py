"""Word search over the stored ``search_text`` columns, the same on SQLite and PostgreSQL.

``search_text`` holds every language column of a record as case-folded words one
space apart (``core.text.normalize_search``). A query matches a record when
each of its words begins a word of the record, in any order and any language:
"мектеп" finds "мектептерде" and "Мектеп", "border area" finds "areas near the
border". A word's middle does not match ("ектеп" finds nothing), as in any search
engine; that is what lets PostgreSQL answer from a word index.

- PostgreSQL: ``to_tsvector('simple', search_text) @@ 'w1':* & 'w2':*`` against a
  GIN index on that same expression (migrations dialogues 0006, proposals 0005).
  With the text already reduced to plain words, the parser makes exactly one
  lexeme of each, so a prefix query means what the SQLite condition means. A word
  index costs a fraction of a trigram index to keep up to date, which is what
  an import of ten thousand proposals spends most of its time on.
- Elsewhere (SQLite): ``(search_text LIKE 'w1%' OR search_text LIKE '% w1%') AND ...``;
  words hold no ``%`` or ``_``, so nothing needs escaping.
"""

from django.db.models import Lookup

# A query of more words than this uses the first ones only: enough for any real
# search, and it bounds the work a single request can ask of the database.
MAX_QUERY_WORDS = 8
# A query word longer than this is cut to its beginning, which it is still matched by.
# PostgreSQL refuses a tsquery word over 2,047 bytes (an error, not an empty result)
# and indexes no longer word; no word of a report comes near 100 letters.
MAX_WORD_LENGTH = 100

# The expression the PostgreSQL indexes are built on; a query must repeat it exactly.
PG_VECTOR = "to_tsvector('simple'::regconfig, {column})"


def query_words(needle: str) -> list[str]:
    """The words of an already normalised query: at most ``MAX_QUERY_WORDS`` of them,
    each at most ``MAX_WORD_LENGTH`` letters long."""
    return list(dict.fromkeys(word[:MAX_WORD_LENGTH] for word in needle.split()))[:MAX_QUERY_WORDS]


class WordPrefixes(Lookup):
    """``search_text__words="w1 w2"``: every word begins a word of the text."""

    lookup_name = "words"
    prepare_rhs = False

    def _words(self) -> list[str]:
        words = query_words(str(self.rhs))
        if not words:
            raise ValueError("search_text__words needs at least one word")
        return words

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        conditions, params = [], []
        for word in self._words():
            conditions.append(f"({lhs} LIKE %s OR {lhs} LIKE %s)")
            params += [*lhs_params, f"{word}%", *lhs_params, f"% {word}%"]
        return " AND ".join(conditions), params

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        query = " & ".join(f"'{word}':*" for word in self._words())
        return f"{PG_VECTOR.format(column=lhs)} @@ %s::tsquery", [*lhs_params, query]


def register(field) -> None:
    """Give one model field (a ``search_text`` column) the ``words`` lookup."""
    field.register_lookup(WordPrefixes)


def create_index_sql(table: str, index: str) -> str:
    return (
        f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin ({PG_VECTOR.format(column='search_text')})"
    )


def swap_search_index(schema_editor, *, table: str, drop: str, create: str, words: bool) -> None:
    """For migrations: on PostgreSQL, replace index ``drop`` of ``table.search_text`` by
    ``create``, a word index (``words``) or the pg_trgm trigram index it replaced."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {drop}")
    if words:
        schema_editor.execute(create_index_sql(table, create))
    else:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {create} ON {table} USING gin (search_text gin_trgm_ops)"
        )


def refill_search_text(model, fields: tuple[str, ...], *, batch: int = 2000) -> None:
    """Fill ``search_text`` of every row of ``model`` again from its language columns.

    For data migrations (it works on their historical models) when the way the
    text is stored changes.
    """
    from .text import LANGUAGE_CODES, search_document

    columns = [f"{field}_{code}" for field in fields for code in LANGUAGE_CODES]
    manager = model._default_manager
    last = 0
    while True:
        rows = list(manager.filter(pk__gt=last).order_by("pk").only("pk", *columns)[:batch])
        if not rows:
            return
        for row in rows:
            row.search_text = search_document(row, fields)
        manager.bulk_update(rows, ["search_text"])
        last = rows[-1].pk
