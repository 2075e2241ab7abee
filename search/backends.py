"""The site search's SQL, one class per database: the match, the ranking and the guard against slow
queries. Everything a visitor typed reaches the database as parameters; the match expressions are
built from words of letters and digits only (search/morphology.py), each one quoted.

Ranking, the same on both: results whose title holds every word come first, then those holding
every word as typed (not only a base form, stem or compound part), then among title matches the
shorter title (the page called "Työnohjaus" before "Työnohjaus muutoksen keskellä"), then the database's relevance
(FTS5's bm25 with the title and the words as written weighted over the forms; PostgreSQL's ts_rank
with the tsvector's weights A–D). Counts per kind come from the same statement (window sums), so a
search is one ranked query and one for the rows shown."""

import contextlib
import json
import time

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models.expressions import RawSQL

from .kinds import result_kinds

TABLE = "search_searchentry"


class SearchTimeout(Exception):
    """The search took longer than settings.SEARCH_TIMEOUT_MS and was stopped."""


def _quoted(word):
    return f'"{word}"'


class SQLiteSearch:
    """FTS5: `search_index` holds the four columns title_words, title_forms, body_words, body_forms."""

    WEIGHTS = "10.0, 5.0, 2.0, 1.0"

    @staticmethod
    def _word(word, expansions, title_only=False, exact_only=False):
        words_columns = "{title_words}" if title_only else "{title_words body_words}"
        forms_columns = "{title_forms}" if title_only else "{title_forms body_forms}"
        exact = [_quoted(word.exact)] + ([_quoted(word.exact) + "*"] if word.exact_prefix else [])
        if exact_only:
            return f"({words_columns} : ({_quoted(word.exact)}))"
        forms = sorted(word.forms | expansions)
        forms = [_quoted(form) for form in forms] + [_quoted(prefix) + "*" for prefix in sorted(word.prefixes)]
        return f"({words_columns} : ({' OR '.join(exact)}) OR {forms_columns} : ({' OR '.join(forms)}))"

    def expression(self, query, **options):
        return " AND ".join(self._word(word, query.expansions.get(word.exact, set()), **options) for word in query.words)

    def ranked(self, query, locale_id, kind, offset, limit):
        kinds = [item.name for item in result_kinds()]
        # FTS5's bm25() cannot be called beside window functions: the hits are ranked in a
        # materialised step first, counted in the second.
        sql = (
            "WITH hits AS MATERIALIZED (SELECT e.page_id, e.kind, length(e.title_words) AS title_length"
            + ", (f.rowid IN (SELECT rowid FROM search_index WHERE search_index MATCH %s)) AS in_title"
            + ", (f.rowid IN (SELECT rowid FROM search_index WHERE search_index MATCH %s)) AS as_typed"
            + f", bm25(f.search_index, {self.WEIGHTS}) AS score"
            + f' FROM search_index AS f CROSS JOIN "{TABLE}" AS e ON e.page_id = f.rowid'
            + " WHERE f.search_index MATCH %s AND e.locale_id = %s)"
            + " SELECT page_id, kind, total, " + ", ".join(f"count_{index}" for index in range(len(kinds)))
            + " FROM (SELECT page_id, kind, in_title, as_typed, title_length, score, count(*) OVER () AS total, "
            + ", ".join(f"sum(kind = %s) OVER () AS count_{index}" for index in range(len(kinds)))
            + " FROM hits)"
            + (" WHERE kind = %s" if kind else "")
            + " ORDER BY in_title DESC, as_typed DESC, in_title * title_length, score, page_id LIMIT %s OFFSET %s"
        )
        params = [
            self.expression(query, title_only=True),
            self.expression(query, exact_only=True),
            self.expression(query),
            locale_id,
            *kinds,
            *([kind] if kind else []),
            limit,
            offset,
        ]
        return _ranked_rows(sql, params, kinds)

    def matching_ids(self, query, kinds):
        sql = (
            f'SELECT e.page_id FROM search_index AS f CROSS JOIN "{TABLE}" AS e ON e.page_id = f.rowid '
            f"WHERE f.search_index MATCH %s AND e.kind IN ({', '.join(['%s'] * len(kinds))})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.expression(query), *kinds])
            return [row[0] for row in cursor.fetchall()]

    def forms_containing(self, core, limit):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT form FROM search_searchterm WHERE form LIKE %s ORDER BY length(form), form LIMIT %s",
                [f"%{core}%", limit],
            )
            return [row[0] for row in cursor.fetchall()]

    @staticmethod
    def id_subquery(ids):
        return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)])

    @contextlib.contextmanager
    def guard(self):
        """SQLite has no statement timeout: a progress handler, called every few thousand virtual
        machine steps, interrupts the statement once the time is up."""
        connection.ensure_connection()
        raw = connection.connection
        deadline = time.monotonic() + settings.SEARCH_TIMEOUT_MS / 1000
        raw.set_progress_handler(lambda: time.monotonic() > deadline, 10_000)
        try:
            yield
        except OperationalError as error:
            if "interrupted" in str(error):
                raise SearchTimeout from error
            raise
        finally:
            raw.set_progress_handler(None, 0)


class PostgreSQLSearch:
    """A generated `document` tsvector: title words A, title forms B, text words C, text forms D."""

    @staticmethod
    def _lexeme(word, flags):
        return f"'{word}':{flags}"

    def _word(self, word, expansions, title_only=False, exact_only=False):
        words_weights, forms_weights = ("A", "B") if title_only else ("AC", "BD")
        if exact_only:
            return self._lexeme(word.exact, words_weights)
        items = [self._lexeme(word.exact, words_weights)]
        if word.exact_prefix:
            items.append(self._lexeme(word.exact, "*" + words_weights))
        items += [self._lexeme(form, forms_weights) for form in sorted(word.forms | expansions)]
        items += [self._lexeme(prefix, "*" + forms_weights) for prefix in sorted(word.prefixes)]
        return "(" + " | ".join(items) + ")"

    def expression(self, query, **options):
        return " & ".join(self._word(word, query.expansions.get(word.exact, set()), **options) for word in query.words)

    def ranked(self, query, locale_id, kind, offset, limit):
        kinds = [item.name for item in result_kinds()]
        every = self.expression(query)
        sql = (
            "SELECT page_id, kind, total, " + ", ".join(f"count_{index}" for index in range(len(kinds)))
            + " FROM (SELECT e.page_id, e.kind, count(*) OVER () AS total, "
            + ", ".join(f"count(*) FILTER (WHERE e.kind = %s) OVER () AS count_{index}" for index in range(len(kinds)))
            + ", e.document @@ %s::tsquery AS in_title, e.document @@ %s::tsquery AS as_typed"
            + ", ts_rank(e.document, %s::tsquery) AS score, length(e.title_words) AS title_length"
            + f' FROM "{TABLE}" AS e WHERE e.document @@ %s::tsquery AND e.locale_id = %s) AS hits'
            + (" WHERE kind = %s" if kind else "")
            + " ORDER BY in_title DESC, as_typed DESC, CASE WHEN in_title THEN title_length ELSE 0 END,"
            + " score DESC, page_id LIMIT %s OFFSET %s"
        )
        params = [
            *kinds,
            self.expression(query, title_only=True),
            self.expression(query, exact_only=True),
            every,
            every,
            locale_id,
            *([kind] if kind else []),
            limit,
            offset,
        ]
        return _ranked_rows(sql, params, kinds)

    def matching_ids(self, query, kinds):
        sql = f'SELECT page_id FROM "{TABLE}" WHERE document @@ %s::tsquery AND kind = ANY(%s)'
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.expression(query), list(kinds)])
            return [row[0] for row in cursor.fetchall()]

    def forms_containing(self, core, limit):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT form FROM search_searchterm WHERE form LIKE %s ORDER BY length(form), form LIMIT %s",
                [f"%{core}%", limit],
            )
            return [row[0] for row in cursor.fetchall()]

    @staticmethod
    def id_subquery(ids):
        return RawSQL("SELECT unnest(%s::integer[])", [list(ids)])

    @contextlib.contextmanager
    def guard(self):
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL statement_timeout = %s", [int(settings.SEARCH_TIMEOUT_MS)])
            try:
                with transaction.atomic():
                    yield
            except OperationalError as error:
                if "statement timeout" in str(error):
                    raise SearchTimeout from error
                raise


def _ranked_rows(sql, params, kinds):
    """([(page_id, kind)] of the page asked for, {kind: count}, total)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return [], None, None
    first = rows[0]
    counts = {name: int(first[3 + index] or 0) for index, name in enumerate(kinds)}
    return [(row[0], row[1]) for row in rows], counts, int(first[2])


def backend():
    if connection.vendor == "postgresql":
        return PostgreSQLSearch()
    if connection.vendor == "sqlite":
        return SQLiteSearch()
    raise NotImplementedError(f"The site search supports SQLite and PostgreSQL, not {connection.vendor}.")
