"""The archive's filters and facets: validated GET parameters, counts per value, filter links."""

from typing import NamedTuple

from django.core.paginator import Paginator
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from taggit.models import Tag

from .formatting import printable
from .types import BY_URL_VALUE, BY_VALUE, PublicationType, kind_of

ARCHIVE_PAGE_SIZE = 20
MAX_QUERY_LENGTH = 200


class ArchiveFilters:
    """The archive's GET parameters, validated. Invalid values are dropped, never an error."""

    def __init__(self, publication_type="", year=None, topic="", query=""):
        self.publication_type = publication_type
        self.year = year
        self.topic = topic
        self.query = query
        self.ignored = False

    @classmethod
    def from_querydict(cls, data):
        filters = cls()
        type_value = data.get("tyyppi", "").strip()
        if type_value:
            if type_value in BY_URL_VALUE:
                filters.publication_type = BY_URL_VALUE[type_value].value
            else:
                filters.ignored = True
        year_value = data.get("vuosi", "").strip()
        if year_value:
            if year_value.isascii() and year_value.isdigit() and 1000 <= int(year_value) <= 9999:
                filters.year = int(year_value)
            else:
                filters.ignored = True
        filters.topic = printable(data.get("aihe", "")).strip()[:100]
        filters.query = " ".join(printable(data.get("q", "")).split())[:MAX_QUERY_LENGTH]
        return filters

    @property
    def active(self):
        return bool(self.publication_type or self.year or self.topic or self.query)

    @property
    def type_url_value(self):
        return kind_of(self.publication_type).url_value if self.publication_type else ""

    def apply(self, queryset, skip=()):
        """Narrow `queryset` by every filter except those named in `skip` ("type", "year", "topic")."""
        if self.publication_type and "type" not in skip:
            queryset = queryset.of_type(self.publication_type)
        if self.year and "year" not in skip:
            queryset = queryset.in_year(self.year)
        if self.topic and "topic" not in skip:
            queryset = queryset.about(self.topic)
        if self.query:
            queryset = queryset.among(self.matched_ids)
        return queryset

    @cached_property
    def matched_ids(self):
        """The publications the free text finds: the index is asked once, however often apply() runs."""
        from .search import matching_ids

        return matching_ids(self.query)


class Facet:
    """One value of a filter with its count; `query` is the link that selects it."""

    def __init__(self, value, label, count, selected):
        self.value = value
        self.label = label
        self.count = count
        self.selected = selected
        self.query = ""


def facet_counts(publications, filters):
    """Counts per type, per year and per topic, each under the *other* active filters.

    Type and year come from one GROUP BY over (type, year) with neither filter applied: the type counts
    are that table summed within the chosen year, the year counts summed within the chosen type. Topics
    are a second GROUP BY and a lookup of their names. Three queries, however many publications."""
    type_counts, year_counts = {}, {}
    rows = (
        filters.apply(publications, skip={"type", "year"})
        .order_by()
        .values_list("publication_type", "year")
        .annotate(count=Count("pk"))
    )
    for publication_type, year, count in rows:
        if not filters.year or year == filters.year:
            type_counts[publication_type] = type_counts.get(publication_type, 0) + count
        if not filters.publication_type or publication_type == filters.publication_type:
            year_counts[year] = year_counts.get(year, 0) + count
    # Topics: counted by tag id along the (publication → topic) covering index, then named in a small
    # second query; grouping by the names directly would sort 25,000 rows by text.
    counts_by_tag = dict(
        filters.apply(publications, skip={"topic"})
        .order_by()
        .values_list("tagged_items__tag_id")
        .annotate(count=Count("pk"))
    )
    counts_by_tag.pop(None, None)  # publications without topics
    topic_counts = [
        (tag.slug, tag.name, counts_by_tag[tag.pk])
        for tag in Tag.objects.filter(pk__in=list(counts_by_tag)).order_by("name")
    ]
    return FacetCounts(type_counts, year_counts, topic_counts)


class FacetCounts(NamedTuple):
    types: dict  # {publication type: count}
    years: dict  # {year: count}
    topics: list  # [(slug, name, count)], by name

    def total(self, filters):
        """The number of publications the filters give: it falls out of the type counts, saving a
        COUNT query."""
        if filters.publication_type:
            return self.types.get(filters.publication_type, 0)
        return sum(self.types.values())


def archive_page(publications, filters, counts, number):
    """The page `number` of the filtered list, as publication ids.

    Narrow ids are paginated and only that page's rows are fetched by id afterwards: sorting 10,000
    ids is cheap, sorting 10,000 whole page rows is not."""
    paginator = CountedPaginator(
        filters.apply(publications).newest_first().values_list("pk", flat=True),
        ARCHIVE_PAGE_SIZE,
        count=counts.total(filters),
    )
    return paginator.get_page(number)


def active_filters(params, filters, counts):
    """The filters in use, each with a link that removes it."""
    chosen = []
    if filters.publication_type:
        chosen.append((PublicationType(filters.publication_type).label, "tyyppi"))
    if filters.year:
        chosen.append((filters.year, "vuosi"))
    if filters.topic:
        name = next((name for slug, name, _count in counts.topics if slug == filters.topic), filters.topic)
        chosen.append((name, "aihe"))
    if filters.query:
        chosen.append((f"“{filters.query}”", "q"))
    return [
        {"label": label, "remove_query": query_with(params, **{parameter: None, "sivu": None})}
        for label, parameter in chosen
    ]


def filter_context(params, filters, counts):
    """What the template needs to show the filters: the lists with counts, the active ones, exports."""
    return {
        "filters": filters,
        "filters_html": render_to_string(
            "publications/includes/archive_filters.html",
            facet_links(params, filters, counts.types, counts.years, counts.topics),
        ),
        "active_filters": active_filters(params, filters, counts),
        "export_query": query_with(params, sivu=None) if filters.active else "",
    }


def row_link_prefixes(archive_url, params):
    """Listing links are built from these prefixes rather than a template tag per row."""
    without_topic = query_with(params, aihe=None, sivu=None)
    return {
        "archive_url": archive_url,
        "topic_query_prefix": f"{without_topic}&aihe=" if without_topic != "?" else "?aihe=",
    }


def filters_name_real_values(filters, counts, page_obj, page_number):
    """Whether every filter value names something the archive has: a year and a topic with
    publications, a page number of the listing. Anything else is a URL a visitor made up."""
    if filters.ignored or (filters.year and filters.year not in counts.years):
        return False
    if filters.topic and filters.topic not in {slug for slug, _name, _count in counts.topics}:
        return False
    return page_number is None or page_number == str(page_obj.number)


class CountedPaginator(Paginator):
    """A paginator told the total up front (it falls out of the facet counts), saving a COUNT query."""

    def __init__(self, object_list, per_page, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.__dict__["count"] = count


def query_with(params, **changes):
    """The current GET parameters with some replaced (or removed when None), as '?…' for an href."""
    query = params.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return f"?{query.urlencode()}"


def facet_links(params, filters, type_counts, year_counts, topic_counts):
    """The archive's filter lists: each value with its count and the link that selects it."""
    type_facets = [
        Facet(BY_VALUE[value].url_value, label, type_counts.get(value, 0), value == filters.publication_type)
        for value, label in PublicationType.choices
        if type_counts.get(value) or value == filters.publication_type
    ]
    year_facets = [
        Facet(year, year, count, year == filters.year)
        for year, count in sorted(year_counts.items(), reverse=True)
        if count or year == filters.year
    ]
    if filters.year and filters.year not in year_counts:
        year_facets.append(Facet(filters.year, filters.year, 0, True))
    topic_facets = [Facet(slug, name, count, slug == filters.topic) for slug, name, count in topic_counts]
    if filters.topic and not any(facet.selected for facet in topic_facets):
        topic_facets.append(Facet(filters.topic, filters.topic, 0, True))
    for facets, param in ((type_facets, "tyyppi"), (year_facets, "vuosi"), (topic_facets, "aihe")):
        for facet in facets:
            facet.query = query_with(params, **{param: str(facet.value), "sivu": None})
    return {
        "filters": filters,
        "type_facets": type_facets,
        "year_facets": year_facets,
        "topic_facets": topic_facets,
        "type_all_query": query_with(params, tyyppi=None, sivu=None),
        "year_all_query": query_with(params, vuosi=None, sivu=None),
        "topic_all_query": query_with(params, aihe=None, sivu=None),
    }
