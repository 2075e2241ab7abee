"""The archive's free text (`?q=`), through the site search index (search/): the same words, forms and
Finnish as the site search. The index is matched once per request, for the ids of every matching
publication; filters, counts and pages then narrow by those ids (PublicationQuerySet.among)."""

from search.query import Query, SearchTimeout, matching_page_ids

from .apps import SEARCH_KIND


def matching_ids(text) -> list[int]:
    """Ids of the publications matching every word of `text` (none for a search that took too long)."""
    query = Query.parse(text)
    if not query:
        return []
    try:
        return matching_page_ids(query, [SEARCH_KIND])
    except SearchTimeout:
        return []
