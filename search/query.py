"""A visitor's query, bounded, and what the index answers to it.

Whatever is typed, a query is at most MAX_QUERY_LENGTH characters and MAX_WORDS words of letters and
digits, every word must be found (in any of its forms), and the statements run under a time limit
(search/backends.py): nothing typed can make one search slow for everyone else.
"""

from dataclasses import dataclass, field

from .backends import RELEVANCE_LIMIT, SearchTimeout, backend
from .kinds import PAGES, kind_named, result_kinds
from .models import SearchEntry
from .morphology import QueryWord, get_analyser, words

MAX_QUERY_LENGTH = 200
MAX_WORDS = 6
MIN_WORD_LENGTH = 2
# Stored forms a stem may stand for when it is looked up inside them (Snowball's compounds).
MAX_EXPANSIONS = 30

__all__ = ["Query", "SearchResults", "SearchTimeout", "search", "matching_page_ids"]


@dataclass
class Query:
    text: str  # as shown back to the visitor
    words: list[QueryWord]
    truncated: bool = False  # words past MAX_WORDS were left out
    expansions: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def parse(cls, raw: str, analyser=None) -> "Query":
        analyser = analyser or get_analyser()
        text = " ".join(raw[:MAX_QUERY_LENGTH].split())
        found = list(
            dict.fromkeys(word for word in words(text) if len(word) >= MIN_WORD_LENGTH or word.isdigit())
        )
        query_words = [analyser.query_word(word[:100]) for word in found[:MAX_WORDS]]
        return cls(text=text, words=query_words, truncated=len(found) > MAX_WORDS)

    def __bool__(self):
        return bool(self.words)

    def expand(self, search_backend):
        """Stored forms holding a word's stem core (compound parts, for analysers that need it)."""
        for word in self.words:
            found = set()
            for core in word.substrings:
                found.update(search_backend.forms_containing(core, MAX_EXPANSIONS))
            self.expansions[word.exact] = found


@dataclass
class Hit:
    entry: SearchEntry
    kind: object  # ResultKind

    @property
    def page(self):
        return self.entry.page


@dataclass
class SearchResults:
    hits: list[Hit]
    total: int  # in the chosen kind (or all)
    counts: dict[str, int]  # per kind, whatever kind is chosen
    number: int  # the page of results, from 1


def search(query: Query, locale_id, kind: str = "", number: int = 1, per_page: int = 10) -> SearchResults:
    """The page `number` of `query`'s results in the locale, best first (past the last page, the
    last page). Two statements: the counts per kind, then the page ranked (search/backends.py)."""
    if kind and kind_named(kind) is None:
        kind = ""
    search_backend = backend()
    rows = []
    with search_backend.guard():
        if any(word.substrings for word in query.words):
            query.expand(search_backend)
        found = search_backend.counts(query, locale_id)
        counts = {item.name: found.get(item.name, (0, 0))[0] for item in result_kinds()}
        chosen = [found.get(kind, (0, 0))] if kind else list(found.values())
        total, in_title = sum(count for count, _title in chosen), sum(title for _count, title in chosen)
        number = min(max(number, 1), max(1, -(-total // per_page)))
        title_only = number * per_page <= in_title
        if total:
            rows = search_backend.ranked(
                query,
                locale_id,
                kind,
                (number - 1) * per_page,
                per_page,
                relevance=total <= RELEVANCE_LIMIT,  # the same for every page of these results
                title_only=title_only,
            )
    entries = SearchEntry.objects.select_related("page").in_bulk([page_id for page_id, _kind in rows])
    hits = [
        Hit(entries[page_id], kind_named(row_kind) or PAGES)
        for page_id, row_kind in rows
        if page_id in entries
    ]
    return SearchResults(hits=hits, total=total, counts=counts, number=number)


def matching_page_ids(query: Query, kinds) -> list[int]:
    """Ids of every page of `kinds` matching `query`, in no order: for a listing that sorts and
    filters them itself (the publication archive). One statement."""
    if not query:
        return []
    search_backend = backend()
    with search_backend.guard():
        if any(word.substrings for word in query.words):
            query.expand(search_backend)
        return search_backend.matching_ids(query, list(kinds))


def id_subquery(ids):
    """`ids` as a subquery for `pk__in`, one parameter however many (a JSON array on SQLite, an array
    on PostgreSQL), so a listing matches the index once and filters, counts and pages by the ids."""
    return backend().id_subquery(ids)
