"""The archive of the practitioner's publications and talks, with structured, citable metadata."""

import datetime

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.http import HttpResponse
from django.utils import dateformat
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, PageManager
from wagtail.search import index

from home.blocks import BaseStreamBlock
from home.cache import keep_out_of_cache
from home.models import BasePage

from .archive import (
    ArchiveFilters,
    archive_page,
    facet_counts,
    filter_context,
    filters_name_real_values,
    row_link_prefixes,
)
from .formatting import normalize_doi, partial_date
from .querysets import PublicationQuerySet
from .types import PublicationType, kind_of

# Page types offered in the "related events" chooser (those that exist; any page if none do).
EVENT_PAGE_TYPES = ["events.TrainingPage", "events.LecturePage"]


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


PublicationPageManager = PageManager.from_queryset(PublicationQuerySet)


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
        verbose_name_plural = _("publication archives")

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
        from .listings import publication_rows

        context = super().get_context(request, *args, **kwargs)
        filters = ArchiveFilters.from_querydict(request.GET)
        publications = self.publications()
        counts = facet_counts(publications, filters)
        page_obj = archive_page(publications, filters, counts, request.GET.get("sivu"))
        if not filters_name_real_values(filters, counts, page_obj, request.GET.get("sivu")):
            keep_out_of_cache()
        context.update(filter_context(request.GET, filters, counts))
        context["page_obj"] = page_obj
        context["total"] = counts.total(filters)
        context["publication_rows"] = publication_rows(
            list(page_obj.object_list), row_link_prefixes(self.get_url(request), request.GET)
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
        verbose_name = _("publication topic")
        verbose_name_plural = _("publication topics")
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
        return kind_of(self.publication_type).url_value if self.publication_type else ""

    @cached_property
    def topics(self):
        """Topics by name (set by attach_topics() in listings, so no query per row)."""
        return sorted(self.tags.all(), key=lambda tag: tag.name.lower())

    @property
    def venue_label(self):
        return kind_of(self.publication_type).venue_label

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
        from home.models import PracticeSettings

        from .citations import json_ld, json_ld_script, scholar_meta

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
        context["json_ld"] = SimpleLazyObject(
            lambda: json_ld_script(
                json_ld(
                    self,
                    request,
                    practitioner_orcid=PracticeSettings.for_request(request).practitioner_orcid_url,
                )
            )
        )
        context["scholar_meta"] = SimpleLazyObject(lambda: scholar_meta(self, request))
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
        verbose_name_plural = _("related services")


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
        verbose_name_plural = _("related events")
