"""Text search within the archive, as a subquery of publication ids.

Both fast paths read the site's Wagtail search index (title, authors, abstract, venue, topics, body),
which Wagtail keeps up to date when pages are published; they only query it in a way that uses its
indexes, so that filters, counts and pagination stay cheap with 10,000 publications:

* SQLite (FTS5): Wagtail's query joins the index the slow way round (one FTS lookup per indexed object,
  ~200 ms with 10,000 publications); matching the FTS table first takes ~1 ms. Every term is also a
  prefix, so "lastensuojelu" finds "lastensuojelun" although SQLite has no Finnish stemmer.
* PostgreSQL: Wagtail matches `title || body` row by row (a sequential scan); here the GIN indexes on
  `title` and `body` first pick the entries holding any of the words, and only those are matched
  exactly. Stemming uses the backend's configuration ('finnish'): "työryhmissä" finds "työryhmät".

Any other backend falls back to Wagtail's own `.search()`.
"""

import re

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models.expressions import RawSQL
from wagtail.search.backends import get_search_backend

WORD = re.compile(r"\w+", flags=re.UNICODE)
MAX_TERMS = 20


def _backend_name():
    backend = get_search_backend()
    module = type(backend).__module__
    if connection.vendor == "sqlite" and module.endswith("sqlite.sqlite"):
        return "sqlite"
    if connection.vendor == "postgresql" and module.endswith("postgres.postgres"):
        return "postgresql"
    return ""


def words(query):
    return WORD.findall(query)[:MAX_TERMS]


def fts5_match(query):
    """'dialoginen työ' → '{title body} : ("dialoginen"* AND "työ"*)' (words only: nothing to escape)."""
    return "{title body} : (" + " AND ".join(f'"{word}"*' for word in words(query)) + ")"


def matching_ids(model, query):
    """A subquery (or queryset) of the ids of `model` objects matching every word of `query`;
    None when the query has no words, so nothing can match."""
    if not words(query):
        return None
    content_type = ContentType.objects.get_for_model(model).pk
    backend = _backend_name()
    if backend == "sqlite":
        from wagtail.search.models import IndexEntry, SQLiteFTSIndexEntry

        entries, fts = IndexEntry._meta.db_table, SQLiteFTSIndexEntry._meta.db_table
        sql = (
            f'SELECT "entry"."object_id" FROM "{fts}" CROSS JOIN "{entries}" AS "entry" '  # noqa: S608
            f'ON "entry"."id" = "{fts}"."rowid" WHERE "{fts}" MATCH %s AND "entry"."content_type_id" = %s'
        )
        return RawSQL(sql, [fts5_match(query), content_type])
    if backend == "postgresql":
        from wagtail.search.models import IndexEntry

        config = get_search_backend().config or "simple"
        every_word = " & ".join(f"{word}:*" for word in words(query))
        any_word = " | ".join(f"{word}:*" for word in words(query))
        sql = (
            f'SELECT "entry"."object_id"::integer FROM "{IndexEntry._meta.db_table}" AS "entry" '  # noqa: S608
            'WHERE "entry"."content_type_id" = %s '
            'AND ("entry"."title" @@ to_tsquery(%s::regconfig, %s) OR "entry"."body" @@ to_tsquery(%s::regconfig, %s)) '
            'AND ("entry"."title" || "entry"."body") @@ to_tsquery(%s::regconfig, %s)'
        )
        return RawSQL(sql, [content_type, config, any_word, config, any_word, config, every_word])
    results = model.objects.search(query, operator="and", order_by_relevance=False)
    return [result.pk for result in results]
