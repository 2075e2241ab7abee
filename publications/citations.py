"""References in the formats people cite with: APA text, BibTeX (bibtexparser), RIS (rispy), CSL-JSON
and schema.org JSON-LD. Every format keeps names as Unicode, so ä, ö and å survive."""

import json
import re
import unicodedata

import bibtexparser
import rispy
from bibtexparser.middlewares import default_unparse_stack
from bibtexparser.model import Entry, Field
from django.utils import dateformat
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .formatting import partial_date
from .models import PublicationLanguage, PublicationType
from .types import kind_of

BIBTEX_LANGUAGES = {
    PublicationLanguage.FINNISH: "finnish",
    PublicationLanguage.SWEDISH: "swedish",
    PublicationLanguage.ENGLISH: "english",
    PublicationLanguage.GERMAN: "german",
    PublicationLanguage.ESTONIAN: "estonian",
}


def type_label(publication_type):
    return str(PublicationType(publication_type).label)


def page_range(pages):
    """'45–67', '45-67' or '45--67' → ('45', '67'); a single page → ('45', '')."""
    parts = [part.strip() for part in re.split(r"\s*(?:--|[-–—])\s*", pages or "", maxsplit=1)]
    start = parts[0] if parts else ""
    end = parts[1] if len(parts) > 1 else ""
    return start, end


def page_url(page, request=None):
    """The publication's page on this site (precomputed as `export_url` for long lists)."""
    return getattr(page, "export_url", None) or page.get_full_url(request) or ""


# APA


def _initials(given_names):
    """'Anna-Liisa Maria' → 'A.-L. M.'"""
    initials = []
    for name in given_names.split():
        initials.append("-".join(f"{part[0]}." for part in name.split("-") if part))
    return " ".join(initials)


def apa_author(author):
    if author.is_organisation:
        return author.family_name
    return f"{author.family_name}, {_initials(author.given_names)}"


def apa_authors(authors):
    names = [apa_author(author) for author in authors]
    if len(names) > 20:
        names = names[:19] + ["…", names[-1]]
        return ", ".join(names[:-1]) + " " + names[-1]
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]}, & {names[1]}" if "," in names[0] else f"{names[0]} & {names[1]}"
    return ", ".join(names[:-1]) + ", & " + names[-1]


def _sentence(text):
    """End a reference element with a full stop unless it already ends in punctuation."""
    text = text.strip()
    return text if not text or text[-1] in ".?!" else f"{text}."


def _apa_date(page):
    if kind_of(page.publication_type).dated and page.month:
        date = partial_date(page.year, page.month, page.day)
        if page.day:
            # "12. toukokuuta" in Finnish, "May 12" in English.
            return _("%(year)s, %(month_day)s") % {
                "year": page.year,
                "month_day": dateformat.format(date, _("F j")),
            }
        return f"{page.year}, {dateformat.format(date, 'F')}"
    return str(page.year)


def apa_segments(page):
    """The reference as (text, italic) pieces, so the HTML and plain-text versions agree."""
    authors = page.author_list
    segments = []
    title = page.title.strip()
    kind = page.publication_type
    italic_title = kind in {
        PublicationType.BOOK,
        PublicationType.REPORT,
        PublicationType.PRESENTATION,
        PublicationType.OTHER,
    }
    date = f"({_apa_date(page)})."
    if authors:
        segments.append((_sentence(apa_authors(authors)) + " " + date + " ", False))
    else:
        segments.append((date + " ", False))

    bracket = {
        PublicationType.PRESENTATION: pgettext("publications", "Presentation"),
        PublicationType.INTERVIEW: pgettext("publications", "Interview"),
    }.get(kind)
    if bracket:
        segments.append((title, italic_title))
        segments.append((f" [{bracket}]. ", False))
    else:
        segments.append((_sentence(title), italic_title))
        segments.append((" ", False))

    if kind == PublicationType.ARTICLE and page.venue:
        segments.append((page.venue, True))
        if page.volume:
            segments.append((", ", False))
            segments.append((page.volume, True))
        if page.issue:
            segments.append((f"({page.issue})", False))
        if page.pages:
            segments.append((f", {'–'.join(filter(None, page_range(page.pages)))}", False))
        segments.append((". ", False))
    elif kind == PublicationType.CHAPTER and page.venue:
        segments.append((pgettext("citation", "In") + " ", False))
        segments.append((page.venue, True))
        if page.pages:
            pages = "–".join(filter(None, page_range(page.pages)))
            segments.append((" (" + _("pp. %(pages)s") % {"pages": pages} + ")", False))
        segments.append((". ", False))
        if page.publisher:
            segments.append((_sentence(page.publisher) + " ", False))
    elif kind in {PublicationType.BLOG_POST, PublicationType.INTERVIEW} and page.venue:
        segments.append((page.venue, True))
        segments.append((". ", False))
    elif kind == PublicationType.PRESENTATION:
        where = ", ".join(part for part in (page.venue, page.place) if part)
        if where:
            segments.append((_sentence(where) + " ", False))
    else:
        for part in (page.venue if kind == PublicationType.OTHER else "", page.publisher):
            if part:
                segments.append((_sentence(part) + " ", False))

    link = page.doi_url or page.external_url
    if link:
        segments.append((link, False))
    return [(text, italic) for text, italic in segments if text]


def apa_text(page):
    return "".join(text for text, _italic in apa_segments(page)).strip()


def apa_html(page):
    pieces = [
        format_html("<i>{}</i>", text) if italic else format_html("{}", text)
        for text, italic in apa_segments(page)
    ]
    return mark_safe("".join(pieces).strip())


# BibTeX

_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def latex_escape(text):
    """Escape LaTeX's special characters; letters such as ä stay as they are (UTF-8 BibTeX)."""
    return "".join(_LATEX_SPECIALS.get(char, char) for char in text)


def ascii_slug(text):
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", text.lower())


def citation_key(page):
    authors = page.author_list
    name = ascii_slug(authors[0].family_name.split()[-1]) if authors else ""
    words = [ascii_slug(word) for word in page.title.split()]
    word = next((word for word in words if len(word) > 3), words[0] if words else "")
    return f"{name}{page.year}{word}" or f"publication{page.pk}"


def bibtex_author(author):
    if author.is_organisation:
        return "{" + latex_escape(author.family_name) + "}"
    return f"{latex_escape(author.family_name)}, {latex_escape(author.given_names)}"


def bibtex_entry(page, key, request=None):
    kind = page.publication_type
    entry_type = kind_of(kind).bibtex
    fields = []

    def add(name, value, escape=True):
        if value not in (None, ""):
            fields.append(Field(name, latex_escape(str(value)) if escape else str(value)))

    authors = page.author_list
    if authors:
        fields.append(Field("author", " and ".join(bibtex_author(author) for author in authors)))
    add("title", page.title)
    venue_field = {
        PublicationType.ARTICLE: "journal",
        PublicationType.CHAPTER: "booktitle",
        PublicationType.BOOK: "series",
    }.get(kind, "howpublished")
    add(venue_field, page.venue)
    add("institution" if kind == PublicationType.REPORT else "publisher", page.publisher)
    add("address", page.place)
    add("year", page.year)
    add("month", page.month)
    if page.month:
        add("date", page.date_iso)
    add("volume", page.volume)
    add("number", page.issue)
    start, end = page_range(page.pages)
    add("pages", f"{start}--{end}" if end else start)
    add("isbn", page.isbn)
    add("issn", page.issn)
    add("doi", page.doi, escape=False)
    add("url", page.external_url or page_url(page, request), escape=False)
    add("language", BIBTEX_LANGUAGES.get(page.language, ""))
    add("abstract", page.abstract)
    add("keywords", ", ".join(tag.name for tag in page.topics))
    if kind_of(kind).bibtex_type_field:
        add("type", type_label(kind))
    return Entry(entry_type, key, fields)


def unique_keys(pages):
    seen = {}
    for page in pages:
        key = citation_key(page)
        count = seen.get(key, 0)
        seen[key] = count + 1
        yield page, key if count == 0 else f"{key}{chr(ord('a') + count - 1) if count <= 26 else count}"


def to_bibtex(pages, request=None):
    library = bibtexparser.Library()
    for page, key in unique_keys(pages):
        library.add(bibtex_entry(page, key, request))
    # The library is built here and thrown away: write it in place instead of deep-copying every entry.
    return bibtexparser.write_string(
        library, unparse_stack=default_unparse_stack(allow_inplace_modification=True)
    )


# RIS


class PlainRisWriter(rispy.RisWriter):
    """rispy's writer without the "1." counter lines, which other readers do not expect."""

    def set_header(self, count):
        return ""


def ris_record(page, request=None):
    kind = page.publication_type
    record = {"type_of_reference": kind_of(kind).ris}
    authors = page.author_list
    if authors:
        record["authors"] = [
            author.family_name if author.is_organisation else f"{author.family_name}, {author.given_names}"
            for author in authors
        ]
    record["title"] = page.title
    values = {
        "secondary_title": page.venue,
        "year": str(page.year),
        "date": "/".join(
            [
                f"{page.year:04d}",
                f"{page.month:02d}" if page.month else "",
                f"{page.day:02d}" if page.day else "",
            ]
        )
        if page.month
        else "",
        "volume": page.volume,
        "number": page.issue,
        "publisher": page.publisher,
        "place_published": page.place,
        "issn": page.isbn or page.issn,
        "doi": page.doi,
        "language": page.language if page.language != PublicationLanguage.OTHER else "",
        "abstract": " ".join(page.abstract.split()),
        "type_of_work": type_label(kind) if kind_of(kind).bibtex_type_field else "",
    }
    start, end = page_range(page.pages)
    values["start_page"], values["end_page"] = start, end
    record.update({key: value for key, value in values.items() if value})
    url = page.external_url or page_url(page, request)
    if url:
        record["urls"] = [url]
    topics = [tag.name for tag in page.topics]
    if topics:
        record["keywords"] = topics
    return record


def to_ris(pages, request=None):
    return rispy.dumps([ris_record(page, request) for page in pages], implementation=PlainRisWriter)


# CSL-JSON


def csl_item(page, key, request=None):
    kind = page.publication_type
    item = {"id": key, "type": kind_of(kind).csl, "title": page.title}
    authors = page.author_list
    if authors:
        item["author"] = [
            {"literal": author.family_name}
            if author.is_organisation
            else {"family": author.family_name, "given": author.given_names}
            for author in authors
        ]
    date_parts = (
        [page.year] + ([page.month] if page.month else []) + ([page.day] if page.month and page.day else [])
    )
    item["issued"] = {"date-parts": [date_parts]}
    venue_key = "event-title" if kind == PublicationType.PRESENTATION else "container-title"
    place_key = "event-place" if kind == PublicationType.PRESENTATION else "publisher-place"
    start, end = page_range(page.pages)
    values = {
        venue_key: page.venue,
        "publisher": page.publisher,
        place_key: page.place,
        "volume": page.volume,
        "issue": page.issue,
        "page": f"{start}-{end}" if end else start,
        "ISBN": page.isbn,
        "ISSN": page.issn,
        "DOI": page.doi,
        "URL": page.external_url or page_url(page, request),
        "language": page.language if page.language != PublicationLanguage.OTHER else "",
        "abstract": page.abstract,
        "keyword": ", ".join(tag.name for tag in page.topics),
        "genre": type_label(kind) if kind_of(kind).bibtex_type_field else "",
    }
    item.update({key: value for key, value in values.items() if value})
    return item


def to_csl_json(pages, request=None):
    items = [csl_item(page, key, request) for page, key in unique_keys(pages)]
    return json.dumps(items, ensure_ascii=False, indent=2)


# schema.org JSON-LD


def json_ld(page, request=None, practitioner_orcid=""):
    """schema.org for the page; the authors marked "this is me" carry the practitioner's ORCID iD
    (an https://orcid.org/… URL) in sameAs."""
    kind = page.publication_type
    data = {
        "@context": "https://schema.org",
        "@type": kind_of(kind).schema_org,
        "name": page.title,
        "headline": page.title[:110],
        "datePublished": page.date_iso,
        "url": page.get_full_url(request),
    }
    authors = page.author_list
    if authors:
        data["author"] = [
            {"@type": "Organization", "name": author.family_name}
            if author.is_organisation
            else {
                "@type": "Person",
                "name": author.display_name,
                "givenName": author.given_names,
                "familyName": author.family_name,
                **({"sameAs": [practitioner_orcid]} if practitioner_orcid and author.is_practitioner else {}),
            }
            for author in authors
        ]
    if page.publisher:
        data["publisher"] = {"@type": "Organization", "name": page.publisher}
    identifiers = [
        {"@type": "PropertyValue", "propertyID": name, "value": value}
        for name, value in (("DOI", page.doi), ("ISBN", page.isbn), ("ISSN", page.issn))
        if value
    ]
    if identifiers:
        data["identifier"] = identifiers
    if page.isbn and kind == PublicationType.BOOK:
        data["isbn"] = page.isbn
    same_as = [url for url in (page.doi_url, page.external_url) if url]
    if same_as:
        data["sameAs"] = same_as
    if page.venue:
        container = {
            PublicationType.ARTICLE: "Periodical",
            PublicationType.CHAPTER: "Book",
            PublicationType.BLOG_POST: "Blog",
        }.get(kind)
        if container:
            data["isPartOf"] = {"@type": container, "name": page.venue}
            if page.issn and container == "Periodical":
                data["isPartOf"]["issn"] = page.issn
        elif kind == PublicationType.PRESENTATION:
            data["contentLocation"] = {
                "@type": "Place",
                "name": ", ".join(filter(None, (page.venue, page.place))),
            }
    if page.pages:
        data["pagination"] = page.pages
    if page.language != PublicationLanguage.OTHER:
        data["inLanguage"] = page.language
    if page.abstract:
        data["abstract"] = page.abstract
    topics = [tag.name for tag in page.topics]
    if topics:
        data["keywords"] = ", ".join(topics)
    if page.pdf_id and page.pdf:
        data["associatedMedia"] = {
            "@type": "MediaObject",
            "contentUrl": request.build_absolute_uri(page.pdf.url) if request else page.pdf.url,
            "encodingFormat": "application/pdf",
        }
    return data


def json_ld_script(data):
    """A <script type="application/ld+json"> data block; <, > and & are escaped like json_script does."""
    text = json.dumps(data, ensure_ascii=False).translate(
        {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
    )
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


# Google Scholar (https://scholar.google.com/intl/en/scholar/inclusion.html#indexing): Highwire
# Press citation_* meta tags in the page's head.


def scholar_date(page):
    """'2023/04/15', '2023/04' or '2023', as Scholar reads citation_publication_date."""
    return page.date_iso.replace("-", "/")


def scholar_meta(page, request=None):
    """(name, content) pairs of the page's citation_* meta tags, in Scholar's order: title, each
    author, date, venue, volume, issue, pages, identifiers, publisher, PDF when the site has it."""
    tags = [("citation_title", page.title)]
    tags += [
        (
            "citation_author",
            author.family_name if author.is_organisation else f"{author.family_name}, {author.given_names}",
        )
        for author in page.author_list
    ]
    tags.append(("citation_publication_date", scholar_date(page)))
    venue_tag = kind_of(page.publication_type).scholar_venue
    if venue_tag and page.venue:
        tags.append((venue_tag, page.venue))
    first, last = page_range(page.pages)
    for name, value in (
        ("citation_volume", page.volume),
        ("citation_issue", page.issue),
        ("citation_firstpage", first),
        ("citation_lastpage", last),
        ("citation_doi", page.doi),
        ("citation_isbn", page.isbn),
        ("citation_issn", page.issn),
    ):
        if value:
            tags.append((name, value))
    if page.publisher:
        name = (
            "citation_technical_report_institution"
            if page.publication_type == PublicationType.REPORT
            else "citation_publisher"
        )
        tags.append((name, page.publisher))
    if page.language and page.language != PublicationLanguage.OTHER:
        tags.append(("citation_language", page.language))
    if page.pdf_id and page.pdf:
        url = page.pdf.url
        tags.append(("citation_pdf_url", request.build_absolute_uri(url) if request else url))
    tags.append(("citation_abstract_html_url", page.get_full_url(request)))
    return tags
