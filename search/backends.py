"""The site search's SQL, one class per database: the match, the counts, the ranking and the guard
against slow queries. Everything a visitor typed reaches the database as parameters; the match
expressions are built from words of letters and digits only (search/morphology.py), each quoted.

A search is two statements: the matches counted per kind (and how many match in the title), then
the page of results ranked; when that page lies among the title matches, only those are ranked.
Ranking, the same on both databases:

1. every word in the title (as written or in any form) before anything else;
2. then every word as typed (not only through a base form, stem or compound part);
3. among title matches, the shorter title first (the page called "Työnohjaus" before
   "Työnohjaus muutoksen keskellä");
4. then the database's relevance: FTS5's bm25 with the title and the words as written weighted over
   the forms, PostgreSQL's ts_rank with the tsvector's weights A–D. The score is computed for every
   match, so with more than RELEVANCE_LIMIT matches it is left out and the newest page comes first
   instead: a search for the commonest word costs what a rare one does.

Rules 1 and 2 read the index (FTS5 matches; GIN-indexed title and words tsvectors), never a page's
stored vector row by row.
"""

import contextlib
import json
import time

from django.conf import settings
from django.db import OperationalError, connection
from django.db.models.expressions import RawSQL

TABLE = "search_searchentry"
RELEVANCE_LIMIT = 1000


class SearchTimeout(Exception):
    """The search took longer than settings.SEARCH_TIMEOUT_MS and was stopped."""


def _terms(word, expansions):
    """(exact terms, prefix terms) a word matches anywhere: as typed, its forms, stored forms that
    hold its stem."""
    exact = sorted({word.exact} | set(word.forms) | set(expansions))
    prefixes = sorted(({word.exact} if word.exact_prefix else set()) | set(word.prefixes))
    return exact, prefixes


class SQLiteSearch:
    """FTS5: `search_index` holds the four columns title_words, title_forms, body_words, body_forms."""

    WEIGHTS = "10.0, 5.0, 2.0, 1.0"

    @staticmethod
    def _word(word, expansions, columns=""):
        exact, prefixes = _terms(word, expansions)
        phrases = " OR ".join([f'"{term}"' for term in exact] + [f'"{term}"*' for term in prefixes])
        return f"({columns} : ({phrases}))" if columns else f"({phrases})"

    def _expression(self, query, columns=""):
        return " AND ".join(
            self._word(word, query.expansions.get(word.exact, set()), columns) for word in query.words
        )

    def _as_typed(self, query):
        return " AND ".join(f'({{title_words body_words}} : ("{word.exact}"))' for word in query.words)

    def counts(self, query, locale_id):
        sql = (
            "SELECT e.kind, count(*), sum(f.rowid IN (SELECT rowid FROM search_index WHERE search_index MATCH %s))"
            f' FROM search_index AS f CROSS JOIN "{TABLE}" AS e ON e.page_id = f.rowid'
            " WHERE f.search_index MATCH %s AND e.locale_id = %s GROUP BY e.kind"
        )
        params = [self._expression(query, "{title_words title_forms}"), self._expression(query), locale_id]
        return {kind: (count, in_title) for kind, count, in_title in _fetch(sql, params)}

    def ranked(self, query, locale_id, kind, offset, limit, relevance, title_only):
        title_expression = self._expression(query, "{title_words title_forms}")
        in_title = "(f.rowid IN (SELECT rowid FROM search_index WHERE search_index MATCH %s))"
        as_typed = "(f.rowid IN (SELECT rowid FROM search_index WHERE search_index MATCH %s))"
        last = f"bm25(f.search_index, {self.WEIGHTS})" if relevance else "-e.page_id"
        if title_only:
            # The page of results lies among the title matches: only they are sorted. The unary +
            # keeps SQLite from driving the FTS match row by row from the subquery's ids.
            where, order = f" AND +{in_title}", f"{as_typed} DESC, length(e.title), {last}, e.page_id"
        else:
            where, order = (
                "",
                f"{in_title} DESC, {as_typed} DESC, {in_title} * length(e.title), {last}, e.page_id",
            )
        sql = (
            f'SELECT e.page_id, e.kind FROM search_index AS f CROSS JOIN "{TABLE}" AS e ON e.page_id = f.rowid'
            " WHERE f.search_index MATCH %s AND e.locale_id = %s"
            + (" AND e.kind = %s" if kind else "")
            + where
            + f" ORDER BY {order} LIMIT %s OFFSET %s"
        )
        params = [self._expression(query), locale_id, *([kind] if kind else [])]
        if title_only:
            params += [title_expression, self._as_typed(query)]
        else:
            params += [title_expression, self._as_typed(query), title_expression]
        return _fetch(sql, [*params, limit, offset])

    def matching_ids(self, query, kinds):
        sql = (
            f'SELECT e.page_id FROM search_index AS f CROSS JOIN "{TABLE}" AS e ON e.page_id = f.rowid '
            f"WHERE f.search_index MATCH %s AND e.kind IN ({', '.join(['%s'] * len(kinds))})"
        )
        return [row[0] for row in _fetch(sql, [self._expression(query), *kinds])]

    def forms_containing(self, core, limit):
        sql = "SELECT form FROM search_searchterm WHERE form LIKE %s ORDER BY length(form), form LIMIT %s"
        return [row[0] for row in _fetch(sql, [f"%{core}%", limit])]

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
    """Generated tsvectors (migration 0002): `match_document`, `title_document` and `words_document`
    with GIN indexes, `document` (weights A–D) for ts_rank."""

    @staticmethod
    def _word(word, expansions, weights=""):
        exact, prefixes = _terms(word, expansions)
        items = [f"'{term}'" + (f":{weights}" if weights else "") for term in exact]
        items += [f"'{term}':*{weights}" for term in prefixes]
        return "(" + " | ".join(items) + ")"

    def _expression(self, query):
        return " & ".join(self._word(word, query.expansions.get(word.exact, set())) for word in query.words)

    def _as_typed(self, query):
        return " & ".join(f"'{word.exact}'" for word in query.words)

    def counts(self, query, locale_id):
        sql = (
            "SELECT kind, count(*), count(*) FILTER (WHERE page_id IN"
            f' (SELECT page_id FROM "{TABLE}" WHERE title_document @@ %s::tsquery))'
            f' FROM "{TABLE}" WHERE match_document @@ %s::tsquery AND locale_id = %s GROUP BY kind'
        )
        every = self._expression(query)
        return {
            kind: (count, in_title) for kind, count, in_title in self._fetch(sql, [every, every, locale_id])
        }

    def ranked(self, query, locale_id, kind, offset, limit, relevance, title_only):
        every = self._expression(query)
        in_title = f'(e.page_id IN (SELECT page_id FROM "{TABLE}" WHERE title_document @@ %s::tsquery))'
        as_typed = f'(e.page_id IN (SELECT page_id FROM "{TABLE}" WHERE words_document @@ %s::tsquery))'
        last = "ts_rank(e.document, %s::tsquery) DESC" if relevance else "e.page_id DESC"
        if title_only:  # the page of results lies among the title matches: only they are sorted
            where, order = (
                " AND title_document @@ %s::tsquery",
                f"{as_typed} DESC, length(e.title), {last}, e.page_id",
            )
        else:
            where = ""
            order = (
                f"{in_title} DESC, {as_typed} DESC, CASE WHEN {in_title} THEN length(e.title) ELSE 0 END,"
                f" {last}, e.page_id"
            )
        sql = (
            f'SELECT e.page_id, e.kind FROM (SELECT page_id, kind, title, document FROM "{TABLE}"'
            " WHERE match_document @@ %s::tsquery AND locale_id = %s"
            + (" AND kind = %s" if kind else "")
            + where
            + f") AS e ORDER BY {order} LIMIT %s OFFSET %s"
        )
        params = [every, locale_id, *([kind] if kind else [])]
        if title_only:
            params += [every, self._as_typed(query)]
        else:
            params += [every, self._as_typed(query), every]
        params += [every] if relevance else []
        return self._fetch(sql, [*params, limit, offset])

    def matching_ids(self, query, kinds):
        sql = f'SELECT page_id FROM "{TABLE}" WHERE match_document @@ %s::tsquery AND kind = ANY(%s)'
        return [row[0] for row in self._fetch(sql, [self._expression(query), list(kinds)])]

    def forms_containing(self, core, limit):
        sql = "SELECT form FROM search_searchterm WHERE form LIKE %s ORDER BY length(form), form LIMIT %s"
        return [row[0] for row in self._fetch(sql, [f"%{core}%", limit])]

    @staticmethod
    def id_subquery(ids):
        return RawSQL("SELECT unnest(%s::integer[])", [list(ids)])

    @contextlib.contextmanager
    def guard(self):
        try:
            yield
        except OperationalError as error:
            if "statement timeout" in str(error):
                raise SearchTimeout from error
            raise

    @staticmethod
    def _fetch(sql, params):
        """Run one search statement with a statement timeout, and with the GIN indexes always: for a
        word in nearly every page the planner would rather scan the table, testing each page's
        tsvector (40 ms for 10,000), where the index gives the same pages without reading one (5 ms).

        The settings travel in the statement's own message (its parameters inlined by psycopg's own
        quoting), so SET LOCAL holds for that implicit transaction alone and costs no round trip."""
        from psycopg import ClientCursor

        timeout = int(settings.SEARCH_TIMEOUT_MS)
        connection.ensure_connection()
        statement = ClientCursor(connection.connection).mogrify(sql, params)
        script = (
            f"SET LOCAL statement_timeout = {timeout}; SET LOCAL enable_seqscan = off; {statement}; "
            "SET LOCAL statement_timeout = DEFAULT; SET LOCAL enable_seqscan = DEFAULT"
        )
        with connection.cursor() as cursor:
            cursor.execute(script)
            raw = cursor.cursor
            while raw.description is None and raw.nextset():
                pass
            return raw.fetchall()


def _fetch(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def backend():
    if connection.vendor == "postgresql":
        return PostgreSQLSearch()
    if connection.vendor == "sqlite":
        return SQLiteSearch()
    raise NotImplementedError(f"The site search supports SQLite and PostgreSQL, not {connection.vendor}.")
