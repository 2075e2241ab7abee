"""Publication types: everything the site knows about a type, in one entry.

Models (choices), the archive filter (URL values), citations (BibTeX, RIS, CSL, schema.org, APA
dates), importers (the names other tools give the type) and tests all read this table. Adding a type
is one entry here plus a migration (the field's choices change).
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class Kind:
    name: str  # the member of PublicationType
    value: str  # stored in the database
    label: Promise
    url_value: str  # ?tyyppi=… in the archive: Finnish, as visitors read it
    venue_label: Promise  # what the venue field means for this type, on the page
    ris: str
    csl: str
    schema_org: str
    bibtex: str = "misc"  # the BibTeX entry type written on export
    # @misc entries say what they are in `type` (BibTeX has no entry type of their own).
    bibtex_type_field: bool = False
    # APA gives the full date rather than the year only.
    dated: bool = False
    # The Google Scholar meta tag that names the venue ("citation_journal_title"…); "" for none.
    scholar_venue: str = ""
    # Read as this type on import: BibTeX entry types, RIS types, and free-text type names.
    bibtex_import: tuple[str, ...] = ()
    ris_import: tuple[str, ...] = ()
    aliases: tuple[str, ...] = field(default=())


PUBLISHED_IN = _("Published in")

KINDS = [
    Kind(
        "ARTICLE",
        "article",
        pgettext_lazy("publications", "Article"),
        "artikkeli",
        pgettext_lazy("publications", "Journal"),
        scholar_venue="citation_journal_title",
        ris="JOUR",
        csl="article-journal",
        schema_org="ScholarlyArticle",
        bibtex="article",
        bibtex_import=("article",),
        ris_import=("JOUR", "JFULL", "EJOUR", "MGZN", "NEWS", "INPR"),
        aliases=("article", "artikkeli", "journal article"),
    ),
    Kind(
        "BOOK",
        "book",
        pgettext_lazy("publications", "Book"),
        "kirja",
        PUBLISHED_IN,
        ris="BOOK",
        csl="book",
        schema_org="Book",
        bibtex="book",
        bibtex_import=("book", "mvbook", "booklet"),
        ris_import=("BOOK", "EBOOK", "EDBOOK"),
        aliases=("book", "kirja"),
    ),
    Kind(
        "CHAPTER",
        "chapter",
        pgettext_lazy("publications", "Book chapter"),
        "kirjan-luku",
        _("In the book"),
        scholar_venue="citation_inbook_title",
        ris="CHAP",
        csl="chapter",
        schema_org="Chapter",
        bibtex="incollection",
        bibtex_import=("inbook", "incollection"),
        ris_import=("CHAP", "ECHAP"),
        aliases=("book chapter", "chapter", "kirjan luku"),
    ),
    Kind(
        "REPORT",
        "report",
        pgettext_lazy("publications", "Report"),
        "raportti",
        PUBLISHED_IN,
        ris="RPRT",
        csl="report",
        schema_org="Report",
        bibtex="techreport",
        bibtex_import=("techreport", "report"),
        ris_import=("RPRT", "GOVDOC"),
        aliases=("report", "raportti", "selvitys"),
    ),
    Kind(
        "PRESENTATION",
        "presentation",
        pgettext_lazy("publications", "Presentation"),
        "esitelma",
        _("Presented at"),
        scholar_venue="citation_conference_title",
        ris="SLIDE",
        csl="speech",
        schema_org="PresentationDigitalDocument",
        bibtex_type_field=True,
        dated=True,
        ris_import=("SLIDE", "CPAPER"),
        aliases=(
            "presentation",
            "conference presentation",
            "talk",
            "lecture",
            "keynote",
            "esitelmä",
            "seminaariesitelmä",
            "luento",
            "alustus",
        ),
    ),
    Kind(
        "INTERVIEW",
        "interview",
        pgettext_lazy("publications", "Interview"),
        "haastattelu",
        PUBLISHED_IN,
        ris="GEN",
        csl="interview",
        schema_org="CreativeWork",
        bibtex_type_field=True,
        dated=True,
        aliases=("interview", "haastattelu"),
    ),
    Kind(
        "BLOG_POST",
        "blog_post",
        pgettext_lazy("publications", "Blog post"),
        "blogikirjoitus",
        PUBLISHED_IN,
        ris="BLOG",
        csl="post-weblog",
        schema_org="BlogPosting",
        bibtex_type_field=True,
        dated=True,
        bibtex_import=("online",),
        ris_import=("BLOG",),
        aliases=("blog post", "blog", "blogikirjoitus", "blogi"),
    ),
    Kind(
        "OTHER",
        "other",
        pgettext_lazy("publications", "Other"),
        "muu",
        PUBLISHED_IN,
        ris="GEN",
        csl="document",
        schema_org="CreativeWork",
        dated=True,
        bibtex_import=("misc", "unpublished"),
    ),
]

PublicationType = models.TextChoices(
    "PublicationType", [(kind.name, (kind.value, kind.label)) for kind in KINDS]
)

BY_VALUE = {kind.value: kind for kind in KINDS}
BY_URL_VALUE = {kind.url_value: kind for kind in KINDS}
BY_BIBTEX_ENTRY = {entry: kind for kind in KINDS for entry in kind.bibtex_import}
BY_RIS_TYPE = {ris_type: kind for kind in KINDS for ris_type in kind.ris_import}
BY_ALIAS = {alias: kind for kind in KINDS for alias in kind.aliases}


def kind_of(value) -> Kind:
    """The entry of a stored type value (unknown values read as "other")."""
    return BY_VALUE.get(str(value), BY_VALUE["other"])
