"""The archive of the practitioner's publications and talks, with structured, citable metadata."""

import datetime
import re

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Count, Exists, ExpressionWrapper, F, OuterRef
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import dateformat
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index

from home.blocks import BaseStreamBlock
from home.cache import keep_out_of_cache
from home.models import BasePage

ARCHIVE_PAGE_SIZE = 20
MAX_QUERY_LENGTH = 200
# Page types offered in the "related events" chooser (those that exist; any page if none do).
EVENT_PAGE_TYPES = ["events.TrainingPage", "events.LecturePage"]


class PublicationType(models.TextChoices):
    ARTICLE = "article", pgettext_lazy("publications", "Article")
    BOOK = "book", pgettext_lazy("publications", "Book")
    CHAPTER = "chapter", pgettext_lazy("publications", "Book chapter")
    REPORT = "report", pgettext_lazy("publications", "Report")
    PRESENTATION = "presentation", pgettext_lazy("publications", "Presentation")
    INTERVIEW = "interview", pgettext_lazy("publications", "Interview")
    BLOG_POST = "blog_post", pgettext_lazy("publications", "Blog post")
    OTHER = "other", pgettext_lazy("publications", "Other")


# The values visitors see in archive URLs (?tyyppi=artikkeli) are Finnish.
TYPE_URL_VALUES = {
    PublicationType.ARTICLE: "artikkeli",
    PublicationType.BOOK: "kirja",
    PublicationType.CHAPTER: "kirjan-luku",
    PublicationType.REPORT: "raportti",
    PublicationType.PRESENTATION: "esitelma",
    PublicationType.INTERVIEW: "haastattelu",
    PublicationType.BLOG_POST: "blogikirjoitus",
    PublicationType.OTHER: "muu",
}
TYPE_BY_URL_VALUE = {url_value: value for value, url_value in TYPE_URL_VALUES.items()}


class PublicationLanguage(models.TextChoices):
    FINNISH = "fi", _("Finnish")
    SWEDISH = "sv", _("Swedish")
    ENGLISH = "en", _("English")
    GERMAN = "de", _("German")
    ESTONIAN = "et", _("Estonian")
    OTHER = "other", _("Other language")


doi_validator = RegexValidator(
    r"^(https?://(dx\.)?doi\.org/|doi:\s*)?10\.\d{4,9}/\S+$",
    _("Enter the DOI as 10.1234/abcd (or as a https://doi.org/… link)."),
)
isbn_validator = RegexValidator(
    r"^(97[89][- ]?)?(\d[- ]?){9}[\dXx]$", _("Enter a 10- or 13-digit ISBN, for example 978-952-123-456-7.")
)
issn_validator = RegexValidator(r"^\d{4}-\d{3}[\dXx]$", _("Enter the ISSN as 1234-5678."))


def normalize_doi(value):
    """'https://doi.org/10.1/X' and 'doi:10.1/X' → '10.1/X'."""
    value = (value or "").strip()
    value = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", value, flags=re.IGNORECASE)
    return value


def partial_date(year, month=None, day=None):
    """The first possible day of a partial date; used for ordering and feeds."""
    try:
        return datetime.date(year, month or 1, day or 1)
    except (TypeError, ValueError):
        try:
            return datetime.date(year, month or 1, 1)
        except (TypeError, ValueError):
            return datetime.date(year or 1900, 1, 1)


class PublicationQuerySet(PageQuerySet):
    def in_archive(self, archive):
        """The archive's published publications, from this table alone (see PublicationPage.archive).

        A view restriction on the archive or above already applied when the archive was served, so
        only a publication's own restriction is checked: an uncorrelated NOT IN, evaluated once."""
        return self.filter(archive=archive, is_live=True).exclude(
            pk__in=PageViewRestriction.objects.values("page_id")
        )

    def newest_first(self):
        return self.order_by("-sort_date", "-pk")

    def of_type(self, publication_type):
        return self.filter(publication_type=publication_type)

    def in_year(self, year):
        return self.filter(year=year)

    def about(self, topic_slug):
        return self.filter(
            pk__in=PublicationPageTag.objects.filter(tag__slug=topic_slug).values("content_object_id")
        )

    def matching(self, query):
        """Publications the search index finds for `query` (title, authors, abstract, topics, text).

        The match is a subquery (see search.py), so filters, counts and pagination still take one
        SQL query each, however many publications match."""
        from .search import matching_ids

        ids = matching_ids(PublicationPage, query)
        return self.none() if ids is None else self.filter(pk__in=ids)

    def for_listing(self):
        """What a listing row needs: no stream fields or abstracts (topics: attach_topics())."""
        return self.defer("body", "abstract")

    def for_citation(self):
        """The publications with their authors and topics attached: three queries for any number
        (prefetch_related builds a queryset per row, which for 10,000 rows costs seconds)."""
        return attach_authors(attach_topics(list(self)))


PublicationPageManager = PageManager.from_queryset(PublicationQuerySet)


def printable(text):
    """Drop control characters (a NUL byte is an error in a PostgreSQL query)."""
    return "".join(char for char in text if char.isprintable() or char == " ")


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
            if type_value in TYPE_BY_URL_VALUE:
                filters.publication_type = TYPE_BY_URL_VALUE[type_value]
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
        return TYPE_URL_VALUES.get(self.publication_type, "")

    def apply(self, queryset, skip=()):
        """Narrow `queryset` by every filter except those named in `skip` ("type", "year", "topic")."""
        if self.publication_type and "type" not in skip:
            queryset = queryset.of_type(self.publication_type)
        if self.year and "year" not in skip:
            queryset = queryset.in_year(self.year)
        if self.topic and "topic" not in skip:
            queryset = queryset.about(self.topic)
        if self.query:
            queryset = queryset.matching(self.query)
        return queryset


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
    return type_counts, year_counts, topic_counts


CHUNK = 2000  # ids per IN (...) list, well under every database's parameter limit


def _chunks(publications):
    for start in range(0, len(publications), CHUNK):
        yield publications[start : start + CHUNK]


def attach_topics(publications):
    """Give each publication its topics (`topics`), one query per 2,000 publications."""
    by_publication = {publication.pk: [] for publication in publications}
    for chunk in _chunks(publications):
        items = PublicationPageTag.objects.filter(content_object_id__in=[p.pk for p in chunk]).select_related(
            "tag"
        )
        for item in items.order_by("tag__name"):
            by_publication[item.content_object_id].append(item.tag)
    for publication in publications:
        publication.__dict__["topics"] = by_publication[publication.pk]
    return publications


def attach_authors(publications):
    """Give each publication its ordered authors (`author_list`), one query per 2,000 publications."""
    by_publication = {publication.pk: [] for publication in publications}
    for chunk in _chunks(publications):
        authors = PublicationAuthor.objects.filter(page_id__in=[p.pk for p in chunk]).order_by(
            "sort_order", "pk"
        )
        for author in authors:
            by_publication[author.page_id].append(author)
    for publication in publications:
        publication.__dict__["author_list"] = by_publication[publication.pk]
    return publications


def filters_name_real_values(filters, year_counts, topic_counts, page_obj, page_number):
    """Whether every filter value names something the archive has: a year and a topic with
    publications, a page number of the listing. Anything else is a URL a visitor made up."""
    if filters.ignored or (filters.year and filters.year not in year_counts):
        return False
    if filters.topic and filters.topic not in {slug for slug, _name, _count in topic_counts}:
        return False
    return page_number is None or page_number == str(page_obj.number)


class CountedPaginator(Paginator):
    """A paginator told the total up front (it falls out of the facet counts), saving a COUNT query."""

    def __init__(self, object_list, per_page, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.__dict__["count"] = count


def publication_rows(ids, context):
    """The archive's listing rows (HTML) of the publications `ids`, in that order: one query for the
    rows and one each for their topics and authors, however long the page.

    `context` holds the links' prefixes (archive_url, topic_query_prefix)."""

    publications = attach_topics(list(PublicationPage.objects.filter(pk__in=ids, live=True).for_listing()))
    rows = {
        publication.pk: render_to_string(
            "publications/includes/publication_item.html", {**context, "publication": publication}
        )
        for publication in publications
    }
    return [rows[pk] for pk in ids if pk in rows]


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
        Facet(TYPE_URL_VALUES[value], label, type_counts.get(value, 0), value == filters.publication_type)
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


class PublicationList(list):
    """A list of publications that also knows their archive's URL (for a "see all" link)."""

    archive_url = ""


def latest_publications(root, request=None, count=3):
    """The newest published publications in the archives under `root` (the home page), in one query."""
    restricted_above = PageViewRestriction.objects.annotate(
        target_path=ExpressionWrapper(OuterRef("path"), output_field=models.CharField())
    ).filter(target_path__startswith=F("page__path"))
    archives = PublicationIndexPage.objects.live().descendant_of(root).exclude(Exists(restricted_above))
    newest = (
        PublicationPage.objects.filter(archive__in=archives.values("pk"), is_live=True)
        .exclude(pk__in=PageViewRestriction.objects.values("page_id"))
        .newest_first()
        .values("pk")[:count]
    )
    publications = PublicationList(
        PublicationPage.objects.filter(pk__in=newest, live=True).newest_first().defer("body", "abstract")
    )
    if publications:
        # A child's URL is its parent's URL plus its slug: the archive needs no query of its own.
        url = publications[0].get_url(request)
        publications.archive_url = url[: -len(publications[0].slug) - 1] if url else ""
    return publications


def export_response(content, content_type, filename):
    response = HttpResponse(content, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class CitationRoutesMixin:
    """BibTeX, RIS and CSL-JSON downloads at ./bibtex/, ./ris/ and ./csl-json/."""

    export_filename = "julkaisut"

    def get_export_publications(self, request):
        raise NotImplementedError

    @path("bibtex/", name="bibtex")
    def bibtex_view(self, request):
        from .citations import to_bibtex

        content = to_bibtex(self.get_export_publications(request), request)
        return export_response(content, "application/x-bibtex", f"{self.export_filename}.bib")

    @path("ris/", name="ris")
    def ris_view(self, request):
        from .citations import to_ris

        content = to_ris(self.get_export_publications(request), request)
        return export_response(content, "application/x-research-info-systems", f"{self.export_filename}.ris")

    @path("csl-json/", name="csl_json")
    def csl_json_view(self, request):
        from .citations import to_csl_json

        content = to_csl_json(self.get_export_publications(request), request)
        return export_response(
            content, "application/vnd.citationstyles.csl+json", f"{self.export_filename}.json"
        )


class PublicationIndexPage(CitationRoutesMixin, RoutablePageMixin, BasePage):
    """The archive: newest first, filtered by type, year and topic, searchable, citable as a list."""

    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("lead"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.ServiceIndexPage"]
    subpage_types = ["publications.PublicationPage"]
    max_count_per_parent = 1
    # The archive's own parameters may be part of a page-cache key (home/cache.py); free text never.
    cache_query_parameters = ("tyyppi", "vuosi", "aihe", "sivu")

    class Meta:
        verbose_name = _("publication archive")

    @property
    def export_filename(self):
        return self.slug or "julkaisut"

    def publications(self):
        return PublicationPage.objects.in_archive(self)

    def get_export_publications(self, request):
        filters = ArchiveFilters.from_querydict(request.GET)
        publications = filters.apply(self.publications()).newest_first().for_citation()
        # Each one's address is the archive's plus its slug: no URL lookup per publication.
        base = self.get_full_url(request)
        for publication in publications:
            publication.export_url = f"{base}{publication.slug}/"
        return publications

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filters = ArchiveFilters.from_querydict(request.GET)
        publications = self.publications()
        type_counts, year_counts, topic_counts = facet_counts(publications, filters)
        # The total falls out of the type counts: no separate COUNT query.
        total = (
            type_counts.get(filters.publication_type, 0)
            if filters.publication_type
            else sum(type_counts.values())
        )
        # Paginate narrow ids, then fetch the full rows of just that page by id: sorting 10,000 ids is
        # cheap, sorting 10,000 whole page rows is not.
        paginator = CountedPaginator(
            filters.apply(publications).newest_first().values_list("pk", flat=True),
            ARCHIVE_PAGE_SIZE,
            count=total,
        )
        page_obj = paginator.get_page(request.GET.get("sivu"))
        if not filters_name_real_values(
            filters, year_counts, topic_counts, page_obj, request.GET.get("sivu")
        ):
            keep_out_of_cache()

        params = request.GET

        filters_html = render_to_string(
            "publications/includes/archive_filters.html",
            facet_links(params, filters, type_counts, year_counts, topic_counts),
        )

        active_filters = []
        if filters.publication_type:
            label = PublicationType(filters.publication_type).label
            active_filters.append(
                {"label": label, "remove_query": query_with(params, tyyppi=None, sivu=None)}
            )
        if filters.year:
            active_filters.append(
                {"label": filters.year, "remove_query": query_with(params, vuosi=None, sivu=None)}
            )
        if filters.topic:
            label = next(
                (name for slug, name, _count in topic_counts if slug == filters.topic), filters.topic
            )
            active_filters.append({"label": label, "remove_query": query_with(params, aihe=None, sivu=None)})
        if filters.query:
            active_filters.append(
                {"label": f"“{filters.query}”", "remove_query": query_with(params, q=None, sivu=None)}
            )

        without_topic = query_with(params, aihe=None, sivu=None)
        # Listing links are built from these prefixes rather than a template tag per row.
        link_prefixes = {
            "archive_url": self.get_url(request),
            "topic_query_prefix": f"{without_topic}&aihe=" if without_topic != "?" else "?aihe=",
        }
        context.update(
            {
                "filters": filters,
                "page_obj": page_obj,
                "total": total,
                "filters_html": filters_html,
                "active_filters": active_filters,
                "export_query": query_with(params, sivu=None) if filters.active else "",
                "publication_rows": publication_rows(list(page_obj.object_list), link_prefixes),
            }
        )
        return context

    @path("syote/", name="feed")
    def feed_view(self, request):
        from .feeds import LatestPublicationsFeed

        return LatestPublicationsFeed(self)(request)


class PublicationPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "publications.PublicationPage", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        # Covering indexes: topic counts read (publication → tag), the topic filter (tag → publication).
        indexes = [
            models.Index(fields=["content_object", "tag"], name="publication_tag_pub_idx"),
            models.Index(fields=["tag", "content_object"], name="publication_tag_tag_idx"),
        ]


class PublicationPage(CitationRoutesMixin, RoutablePageMixin, BasePage):
    """One publication or talk, with the metadata a reference needs as fields, not prose."""

    publication_type = models.CharField(
        pgettext_lazy("publications", "type"),
        max_length=20,
        choices=PublicationType.choices,
        default=PublicationType.ARTICLE,
    )
    year = models.PositiveSmallIntegerField(
        pgettext_lazy("publications", "year"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    month = models.PositiveSmallIntegerField(
        pgettext_lazy("publications", "month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    day = models.PositiveSmallIntegerField(
        pgettext_lazy("publications", "day"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    venue = models.CharField(
        _("published in or presented at"),
        max_length=255,
        blank=True,
        help_text=_("The journal, book, blog, conference or event."),
    )
    publisher = models.CharField(
        _("publisher or organiser"), max_length=255, blank=True, help_text=_("For reports, the institution.")
    )
    place = models.CharField(
        pgettext_lazy("publications", "place"),
        max_length=120,
        blank=True,
        help_text=_("Place of publication or of the event."),
    )
    volume = models.CharField(pgettext_lazy("publications", "volume"), max_length=30, blank=True)
    issue = models.CharField(pgettext_lazy("publications", "issue"), max_length=30, blank=True)
    pages = models.CharField(
        pgettext_lazy("publications", "pages"), max_length=30, blank=True, help_text=_("For example 45–67.")
    )
    isbn = models.CharField(_("ISBN"), max_length=20, blank=True, validators=[isbn_validator])
    issn = models.CharField(_("ISSN"), max_length=9, blank=True, validators=[issn_validator])
    doi = models.CharField(_("DOI"), max_length=200, blank=True, db_index=True, validators=[doi_validator])
    external_url = models.URLField(
        _("external link"),
        max_length=500,
        blank=True,
        help_text=_("Where the publication can be read online."),
    )
    language = models.CharField(
        pgettext_lazy("publications", "language"),
        max_length=8,
        choices=PublicationLanguage.choices,
        default=PublicationLanguage.FINNISH,
    )
    abstract = models.TextField(pgettext_lazy("publications", "abstract"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)
    pdf = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("PDF"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    slides_url = models.URLField(_("slides link"), max_length=500, blank=True)
    video_url = models.URLField(_("video link"), max_length=500, blank=True)
    tags = ClusterTaggableManager(
        through=PublicationPageTag, blank=True, verbose_name=pgettext_lazy("publications", "topics")
    )

    # Kept in step with the fields above on every save: ordering and listing need no joins.
    sort_date = models.DateField(editable=False, default=datetime.date(1900, 1, 1))
    authors_text = models.CharField(editable=False, max_length=1000, blank=True)
    # Copies of the page tree's parent and `live`, so that listing, counting and sorting 10,000
    # publications reads this table's covering indexes alone, without joining every page row.
    archive = models.ForeignKey(
        PublicationIndexPage, null=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    is_live = models.BooleanField(editable=False, default=False)

    objects = PublicationPageManager()

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("publication_type"),
                FieldRowPanel([FieldPanel("year"), FieldPanel("month"), FieldPanel("day")]),
            ],
            heading=_("Type and date"),
        ),
        InlinePanel(
            "authors",
            label=pgettext_lazy("publications", "Author"),
            heading=pgettext_lazy("publications", "Authors"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("venue"),
                FieldRowPanel([FieldPanel("publisher"), FieldPanel("place")]),
                FieldRowPanel([FieldPanel("volume"), FieldPanel("issue"), FieldPanel("pages")]),
            ],
            heading=_("Where it was published"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("doi"), FieldPanel("isbn"), FieldPanel("issn")]),
                FieldPanel("external_url"),
                FieldPanel("language"),
            ],
            heading=_("Identifiers and links"),
        ),
        FieldPanel("lead"),
        FieldPanel("abstract"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("pdf"), FieldPanel("slides_url"), FieldPanel("video_url")],
            heading=_("Files and recordings"),
        ),
        FieldPanel("tags"),
        InlinePanel("related_services", label=_("Related service"), heading=_("Related services")),
        InlinePanel("related_events", label=_("Related event"), heading=_("Related events")),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("authors_text"),
        index.SearchField("abstract"),
        index.SearchField("venue"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("publication_type"),
        index.FilterField("year"),
    ]

    parent_page_types = ["publications.PublicationIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        indexes = [
            # `is_live` last: SQLite tests a boolean as a bare column, which no index prefix can use,
            # so it is read from the index instead. All three cover their queries: no table rows read.
            models.Index(
                fields=["archive", "-sort_date", "-page_ptr", "is_live"], name="publication_newest_idx"
            ),
            models.Index(
                fields=["archive", "publication_type", "year", "is_live"], name="publication_type_idx"
            ),
            models.Index(fields=["archive", "year", "-sort_date", "is_live"], name="publication_year_idx"),
        ]

    def clean(self):
        super().clean()
        self.doi = normalize_doi(self.doi)
        if self.day and not self.month:
            raise ValidationError({"month": _("Give the month too, or leave the day empty.")})
        if self.year and self.month and self.day:
            try:
                datetime.date(self.year, self.month, self.day)
            except ValueError:
                raise ValidationError({"day": _("This day does not exist in that month.")}) from None

    def save(self, *args, **kwargs):
        self.doi = normalize_doi(self.doi)
        self.sort_date = partial_date(self.year, self.month, self.day)
        self.authors_text = ", ".join(author.display_name for author in self.ordered_authors())[:1000]
        self.is_live = self.live
        update_fields = kwargs.get("update_fields")
        if update_fields is None:
            # A full save (create, publish, unpublish, copy): the parent is the page above in the tree.
            if self.path and len(self.path) > self.steplen:
                parent_path = self.path[: -self.steplen]
                self.archive_id = (
                    PublicationIndexPage.objects.filter(path=parent_path).values_list("pk", flat=True).first()
                )
        elif "live" in update_fields:
            kwargs["update_fields"] = {*update_fields, "is_live"}
        super().save(*args, **kwargs)
        self.__dict__.pop("author_list", None)
        self.__dict__.pop("topics", None)

    def ordered_authors(self):
        """Authors in the editor's order (from the prefetch cache or the unsaved cluster when present)."""
        return sorted(self.authors.all(), key=lambda author: (author.sort_order or 0, author.pk or 0))

    @cached_property
    def author_list(self):
        return self.ordered_authors()

    @property
    def type_url_value(self):
        return TYPE_URL_VALUES.get(self.publication_type, "")

    @cached_property
    def topics(self):
        """Topics by name (set by attach_topics() in listings, so no query per row)."""
        return sorted(self.tags.all(), key=lambda tag: tag.name.lower())

    @property
    def venue_label(self):
        if self.publication_type == PublicationType.PRESENTATION:
            return _("Presented at")
        if self.publication_type == PublicationType.ARTICLE:
            return pgettext_lazy("publications", "Journal")
        if self.publication_type == PublicationType.CHAPTER:
            return _("In the book")
        return _("Published in")

    @property
    def facts(self):
        """(label, value, link) rows for the fact box, skipping what the editor left empty."""
        issue = ", ".join(
            part
            for part in (
                _("volume %(volume)s") % {"volume": self.volume} if self.volume else "",
                _("issue %(issue)s") % {"issue": self.issue} if self.issue else "",
                _("pp. %(pages)s") % {"pages": self.pages} if self.pages else "",
            )
            if part
        )
        rows = [
            (pgettext_lazy("publications", "Type"), self.get_publication_type_display(), ""),
            (pgettext_lazy("publications", "Date"), self.date_display, ""),
            (self.venue_label, self.venue, ""),
            (_("Volume and pages"), issue, ""),
            (
                pgettext_lazy("publications", "Organiser")
                if self.publication_type == PublicationType.PRESENTATION
                else pgettext_lazy("publications", "Publisher"),
                self.publisher,
                "",
            ),
            (pgettext_lazy("publications", "Place"), self.place, ""),
            ("ISBN", self.isbn, ""),
            ("ISSN", self.issn, ""),
            ("DOI", self.doi, self.doi_url),
            (
                pgettext_lazy("publications", "Language"),
                self.get_language_display() if self.language else "",
                "",
            ),
        ]
        return [(label, value, link) for label, value, link in rows if value]

    @property
    def date_display(self):
        """'2021', 'toukokuu 2021' or '12.5.2021'."""
        if not self.month:
            return str(self.year)
        date = partial_date(self.year, self.month, self.day)
        if not self.day:
            return f"{dateformat.format(date, 'F')} {self.year}"
        return dateformat.format(date, "j.n.Y")

    @property
    def date_iso(self):
        """'2021', '2021-05' or '2021-05-12' (schema.org, CSL and feeds accept partial ISO dates)."""
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
            if self.day:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def archive_url(self, request=None):
        """The archive's URL: this page's own minus its slug (no query), or the parent's in a preview."""
        url = self.get_url(request) if self.pk else None
        if url and self.slug and url.endswith(f"/{self.slug}/"):
            return url[: -len(self.slug) - 1]
        parent = self.get_parent() if self.pk else None
        return parent.get_url(request) or "" if parent else ""

    @property
    def doi_url(self):
        return f"https://doi.org/{self.doi}" if self.doi else ""

    @property
    def export_filename(self):
        return self.slug or "julkaisu"

    def get_export_publications(self, request):
        return [self]

    @cached_property
    def apa_html(self):
        from .citations import apa_html

        return apa_html(self)

    @cached_property
    def apa_text(self):
        from .citations import apa_text

        return apa_text(self)

    def get_context(self, request, *args, **kwargs):
        from .citations import json_ld, json_ld_script

        context = super().get_context(request, *args, **kwargs)
        context["archive_url"] = archive_url = self.archive_url(request)
        context["feed_url"] = (
            archive_url + PublicationIndexPage.get_resolver().reverse("feed") if archive_url else ""
        )
        context["authors"] = SimpleLazyObject(lambda: self.author_list)
        context["related_services"] = SimpleLazyObject(
            lambda: [
                item.service
                for item in self.related_services.select_related("service")
                if item.service and item.service.live
            ]
        )
        context["related_events"] = SimpleLazyObject(
            lambda: [
                item.event
                for item in self.related_events.select_related("event")
                if item.event and item.event.live
            ]
        )
        context["json_ld"] = SimpleLazyObject(lambda: json_ld_script(json_ld(self, request)))
        return context


class PublicationAuthor(Orderable):
    page = ParentalKey(PublicationPage, on_delete=models.CASCADE, related_name="authors")
    family_name = models.CharField(
        _("family name"),
        max_length=120,
        help_text=_("Or the name of an organisation (leave given names empty)."),
    )
    given_names = models.CharField(_("given names"), max_length=120, blank=True)
    is_practitioner = models.BooleanField(
        _("this is me"), default=False, help_text=_("Your name is highlighted in the author list.")
    )

    panels = [
        FieldRowPanel([FieldPanel("family_name"), FieldPanel("given_names")]),
        FieldPanel("is_practitioner"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = pgettext_lazy("publications", "author")
        verbose_name_plural = pgettext_lazy("publications", "authors")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        """'Päivi Hämäläinen'; an organisation is just its name."""
        return f"{self.given_names} {self.family_name}".strip()

    @property
    def is_organisation(self):
        return not self.given_names


class PublicationRelatedService(Orderable):
    page = ParentalKey(PublicationPage, on_delete=models.CASCADE, related_name="related_services")
    service = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=pgettext_lazy("publications", "service"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [
        PageChooserPanel(
            "service", page_type=["home.ServicePage", "home.SupervisionPage", "home.SupervisionFormPage"]
        )
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("related service")


class EventChooserPanel(PageChooserPanel):
    """A page chooser limited to the event page types that exist when the form is built."""

    def get_form_options(self):
        self.page_type = [label for label in EVENT_PAGE_TYPES if _model_exists(label)] or None
        return super().get_form_options()


def _model_exists(label):
    try:
        apps.get_model(label)
    except (LookupError, ValueError):
        return False
    return True


class PublicationRelatedEvent(Orderable):
    page = ParentalKey(PublicationPage, on_delete=models.CASCADE, related_name="related_events")
    event = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=pgettext_lazy("publications", "event"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The training or lecture where this was presented."),
    )

    panels = [EventChooserPanel("event")]

    class Meta(Orderable.Meta):
        verbose_name = _("related event")
