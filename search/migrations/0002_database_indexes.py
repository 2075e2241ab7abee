"""The full-text indexes of the search entries, in each database's own terms.

SQLite: an FTS5 table over the four words/forms columns (for the match and bm25), reading its content
from search_searchentry and kept in step with it by triggers, so any write to the entries, the ORM's
or a raw one, updates it.

PostgreSQL: generated tsvectors, each for one question: `match_document` (every word and form,
without positions: small, so the match reads little) and `title_document` and `words_document` for
the ranking's "in the title" and "as typed", each with a GIN index; `document` (title words A, title
forms B, text words C, text forms D) for ts_rank on the matches only, so without an index. And a
pg_trgm index on the stored forms (SearchTerm), for looking stems up inside them."""

from django.db import migrations

TABLE = "search_searchentry"
COLUMNS = ("title_words", "title_forms", "body_words", "body_forms")


def _values(prefix, columns):
    return ", ".join(f"{prefix}.{column}" for column in columns)


def _sqlite_forward():
    words = ", ".join(COLUMNS)
    insert = f"INSERT INTO search_index(rowid, {words}) VALUES (new.page_id, {_values('new', COLUMNS)});"
    delete = (
        f"INSERT INTO search_index(search_index, rowid, {words}) "
        f"VALUES ('delete', old.page_id, {_values('old', COLUMNS)});"
    )
    return [
        f"CREATE VIRTUAL TABLE search_index USING fts5({words}, content='{TABLE}', content_rowid='page_id', "
        "tokenize='unicode61 remove_diacritics 0')",
        f"CREATE TRIGGER search_entry_inserted AFTER INSERT ON {TABLE} BEGIN {insert} END",
        f"CREATE TRIGGER search_entry_deleted AFTER DELETE ON {TABLE} BEGIN {delete} END",
        f"CREATE TRIGGER search_entry_updated AFTER UPDATE ON {TABLE} BEGIN {delete} {insert} END",
        # Entries written before this migration (none in a new database).
        "INSERT INTO search_index(search_index) VALUES ('rebuild')",
    ]


SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_entry_inserted",
    "DROP TRIGGER IF EXISTS search_entry_deleted",
    "DROP TRIGGER IF EXISTS search_entry_updated",
    "DROP TABLE IF EXISTS search_index",
]

_VECTOR = " || ".join(
    f"setweight(to_tsvector('simple'::regconfig, {column}), '{weight}')"
    for column, weight in zip(COLUMNS, "ABCD", strict=True)
)
_TITLE = "to_tsvector('simple'::regconfig, title_words || ' ' || title_forms)"
_WORDS = "to_tsvector('simple'::regconfig, title_words || ' ' || body_words)"
_MATCH = "strip(to_tsvector('simple'::regconfig, " + " || ' ' || ".join(COLUMNS) + "))"
POSTGRESQL_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"ALTER TABLE {TABLE} ADD COLUMN document tsvector GENERATED ALWAYS AS ({_VECTOR}) STORED",
    f"ALTER TABLE {TABLE} ADD COLUMN title_document tsvector GENERATED ALWAYS AS ({_TITLE}) STORED",
    f"ALTER TABLE {TABLE} ADD COLUMN words_document tsvector GENERATED ALWAYS AS ({_WORDS}) STORED",
    f"ALTER TABLE {TABLE} ADD COLUMN match_document tsvector GENERATED ALWAYS AS ({_MATCH}) STORED",
    f"CREATE INDEX search_entry_match_document ON {TABLE} USING gin (match_document)",
    f"CREATE INDEX search_entry_title_document ON {TABLE} USING gin (title_document)",
    f"CREATE INDEX search_entry_words_document ON {TABLE} USING gin (words_document)",
    "CREATE INDEX search_term_form_trigrams ON search_searchterm USING gin (form gin_trgm_ops)",
]
POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS search_term_form_trigrams",
    "DROP INDEX IF EXISTS search_entry_words_document",
    "DROP INDEX IF EXISTS search_entry_title_document",
    "DROP INDEX IF EXISTS search_entry_match_document",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS match_document",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS words_document",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS title_document",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS document",
]


def run(statements_for):
    def operation(apps, schema_editor):
        statements = statements_for.get(schema_editor.connection.vendor, [])
        for statement in statements() if callable(statements) else statements:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"sqlite": _sqlite_forward, "postgresql": POSTGRESQL_FORWARD}),
            run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}),
        )
    ]
