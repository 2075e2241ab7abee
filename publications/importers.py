"""Read BibTeX (bibtexparser) and RIS (rispy) into plain publication records.

Each entry is read on its own: a malformed entry becomes a failed record with a Finnish message and
the rest of the file is still read. Nothing here touches the database (see services.py)."""

import re
from dataclasses import dataclass, field

import bibtexparser
import rispy
from bibtexparser.middlewares import NormalizeFieldKeys, SeparateCoAuthors
from bibtexparser.middlewares.names import parse_single_name_into_parts
from bibtexparser.model import Entry
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from pylatexenc.latex2text import LatexNodes2Text

from .formatting import normalize_doi
from .models import PublicationLanguage, PublicationType
from .types import BY_ALIAS, BY_BIBTEX_ENTRY, BY_RIS_TYPE, BY_VALUE

MIN_YEAR, MAX_YEAR = 1900, 2100


class ImportFormatError(ValueError):
    """The file is neither BibTeX nor RIS; the message is for the editor."""


@dataclass
class PublicationRecord:
    title: str
    year: int
    publication_type: str = PublicationType.OTHER
    month: int | None = None
    day: int | None = None
    authors: list[tuple[str, str]] = field(default_factory=list)  # (family name, given names)
    venue: str = ""
    publisher: str = ""
    place: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    isbn: str = ""
    issn: str = ""
    doi: str = ""
    url: str = ""
    language: str = PublicationLanguage.FINNISH
    abstract: str = ""
    topics: list[str] = field(default_factory=list)


@dataclass
class ParsedEntry:
    """One entry of the file: a record, or the reason it could not be read."""

    label: str
    record: PublicationRecord | None = None
    error: str = ""


# Shared by both formats


LANGUAGE_ALIASES = {
    "fi": PublicationLanguage.FINNISH,
    "fin": PublicationLanguage.FINNISH,
    "finnish": PublicationLanguage.FINNISH,
    "suomi": PublicationLanguage.FINNISH,
    "sv": PublicationLanguage.SWEDISH,
    "swe": PublicationLanguage.SWEDISH,
    "swedish": PublicationLanguage.SWEDISH,
    "ruotsi": PublicationLanguage.SWEDISH,
    "svenska": PublicationLanguage.SWEDISH,
    "en": PublicationLanguage.ENGLISH,
    "eng": PublicationLanguage.ENGLISH,
    "english": PublicationLanguage.ENGLISH,
    "englanti": PublicationLanguage.ENGLISH,
    "de": PublicationLanguage.GERMAN,
    "ger": PublicationLanguage.GERMAN,
    "german": PublicationLanguage.GERMAN,
    "saksa": PublicationLanguage.GERMAN,
    "et": PublicationLanguage.ESTONIAN,
    "est": PublicationLanguage.ESTONIAN,
    "estonian": PublicationLanguage.ESTONIAN,
    "viro": PublicationLanguage.ESTONIAN,
}

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january", "tammikuu", "tammi"),
            ("feb", "february", "helmikuu", "helmi"),
            ("mar", "march", "maaliskuu", "maalis"),
            ("apr", "april", "huhtikuu", "huhti"),
            ("may", "toukokuu", "touko"),
            ("jun", "june", "kesäkuu", "kesä"),
            ("jul", "july", "heinäkuu", "heinä"),
            ("aug", "august", "elokuu", "elo"),
            ("sep", "sept", "september", "syyskuu", "syys"),
            ("oct", "october", "lokakuu", "loka"),
            ("nov", "november", "marraskuu", "marras"),
            ("dec", "december", "joulukuu", "joulu"),
        ],
        start=1,
    )
    for name in names
}

ISBN_RE = re.compile(r"(?:97[89][- ]?)?(?:\d[- ]?){9}[\dXx]")
ISSN_RE = re.compile(r"\b\d{4}-?\d{3}[\dXx]\b")
DATE_RE = re.compile(r"(\d{4})(?:[-/](\d{1,2}))?(?:[-/](\d{1,2}))?")


def clean_text(value):
    return " ".join(str(value or "").split())


def parse_year(value):
    match = re.search(r"\b(\d{4})\b", str(value or ""))
    if match and MIN_YEAR <= int(match.group(1)) <= MAX_YEAR:
        return int(match.group(1))
    return None


def parse_month(value):
    value = clean_text(value).lower().rstrip(".")
    if value.isdigit():
        number = int(value)
        return number if 1 <= number <= 12 else None
    return MONTHS.get(value)


def parse_day(value):
    value = clean_text(value)
    return int(value) if value.isdigit() and 1 <= int(value) <= 31 else None


def parse_date(value):
    """'2021', '2021-05', '2021/05/12/' → (year, month, day), parts None when missing or invalid."""
    match = DATE_RE.search(str(value or ""))
    if not match:
        return None, None, None
    year = parse_year(match.group(1))
    month = parse_month(match.group(2)) if match.group(2) else None
    day = parse_day(match.group(3)) if match.group(3) and month else None
    return year, month, day


def parse_type_label(value):
    kind = BY_ALIAS.get(clean_text(value).lower())
    return kind.value if kind else None


def parse_language(value):
    return LANGUAGE_ALIASES.get(clean_text(value).lower(), PublicationLanguage.OTHER if value else "")


def parse_identifiers(value):
    """An SN or isbn/issn field may hold either; return (isbn, issn)."""
    text = clean_text(value)
    issn = ISSN_RE.fullmatch(text.replace(" ", ""))
    if issn:
        digits = text.replace("-", "").replace(" ", "")
        return "", f"{digits[:4]}-{digits[4:]}".upper()
    isbn = ISBN_RE.search(text)
    return (isbn.group(0).strip() if isbn else ""), ""


def parse_pages(value):
    text = clean_text(value)
    return re.sub(r"\s*(?:--|[-–—])\s*", "–", text)


def valid_url(value):
    value = clean_text(value)
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        return ""
    return value


def valid_doi(value):
    doi = normalize_doi(clean_text(value))
    return doi if re.fullmatch(r"10\.\d{4,9}/\S+", doi) else ""


def split_topics(values):
    if isinstance(values, str):
        values = re.split(r"[;,]", values)
    topics = []
    for value in values:
        for part in re.split(r"[;,]", value):
            topic = clean_text(part).lower()
            if topic and topic not in topics and len(topic) <= 100:
                topics.append(topic)
    return topics


def record_or_error(label, values):
    """Build a record from parsed values, or explain in Finnish what is missing."""
    title = clean_text(values.pop("title", ""))
    year = values.pop("year", None)
    if not title:
        return ParsedEntry(label, error=_("The entry has no title."))
    if year is None:
        return ParsedEntry(
            label,
            error=_("The entry has no valid year (%(min)s–%(max)s).") % {"min": MIN_YEAR, "max": MAX_YEAR},
        )
    values = {key: value for key, value in values.items() if value not in (None, "", [])}
    return ParsedEntry(label, record=PublicationRecord(title=title, year=year, **values))


def detect_format(text, filename=""):
    name = (filename or "").lower()
    if name.endswith(".ris"):
        return "ris"
    if name.endswith((".bib", ".bibtex")):
        return "bibtex"
    if re.search(r"^\s*TY  -", text, flags=re.MULTILINE):
        return "ris"
    if re.search(r"^\s*@\w+\s*[{(]", text, flags=re.MULTILINE):
        return "bibtex"
    raise ImportFormatError(_("The file is neither BibTeX nor RIS."))


def parse_publications(text, filename=""):
    """Every entry of a BibTeX or RIS text, in file order."""
    text = text.lstrip("\ufeff")
    entries = list(parse_ris(text) if detect_format(text, filename) == "ris" else parse_bibtex(text))
    if not entries:
        raise ImportFormatError(_("No references were found in the file."))
    return entries


# BibTeX

# URLs and DOIs are verbatim in BibTeX; everything else may hold LaTeX such as {\"a} or \&.
BIBTEX_VERBATIM_FIELDS = {"url", "doi", "eprint", "file"}
_latex = LatexNodes2Text(math_mode="verbatim")


def decode_latex(value):
    try:
        return clean_text(_latex.latex_to_text(value))
    except Exception:  # pylatexenc is lenient, but a stray brace must not stop an import
        return clean_text(value.replace("{", "").replace("}", ""))


def bibtex_name(name):
    """'Hämäläinen, Päivi', 'Päivi Hämäläinen' or '{Suomen Työnohjaajat ry}' → (family, given)."""
    parts = parse_single_name_into_parts(name, strict=False)
    family = decode_latex(" ".join(parts.von + parts.last + parts.jr))
    given = decode_latex(" ".join(parts.first))
    if not family:
        family, given = given, ""
    return family, given


def bibtex_entry_label(block):
    key = block.key if isinstance(block, Entry) else ""
    if not key and block.raw:
        match = re.match(r"\s*@\w+\s*[{(]\s*([^,\s]+)\s*,", block.raw)
        key = match.group(1) if match else ""
    line = (block.start_line or 0) + 1
    return _("line %(line)s") % {"line": line} + (f" ({key})" if key else "")


def parse_bibtex(text):
    library = bibtexparser.parse_string(
        text, append_middleware=[NormalizeFieldKeys(allow_inplace_modification=True), SeparateCoAuthors()]
    )
    blocks = list(library.entries)
    for failed in library.failed_blocks:
        # A duplicate key or field still holds a readable entry; a syntax error does not.
        if isinstance(failed.ignore_error_block, Entry):
            blocks.append(failed.ignore_error_block)
        else:
            blocks.append(failed)
    blocks.sort(key=lambda block: block.start_line or 0)
    for block in blocks:
        label = bibtex_entry_label(block)
        if not isinstance(block, Entry):
            yield ParsedEntry(
                label, error=_("The entry could not be read: check its braces, commas and quotes.")
            )
            continue
        try:
            yield bibtex_record(label, block)
        except Exception as error:  # one odd entry must not stop the rest
            yield ParsedEntry(label, error=_("The entry could not be read: %(error)s") % {"error": error})


def bibtex_record(label, entry):
    raw = {}
    for bib_field in entry.fields:
        value = bib_field.value
        if isinstance(value, str):
            raw[bib_field.key] = (
                clean_text(value) if bib_field.key in BIBTEX_VERBATIM_FIELDS else decode_latex(value)
            )
        else:
            raw[bib_field.key] = value

    entry_type = entry.entry_type.lower()
    publication_type = BY_BIBTEX_ENTRY.get(entry_type, BY_VALUE["other"]).value
    if entry_type in {"inproceedings", "conference"}:
        publication_type = PublicationType.CHAPTER if raw.get("booktitle") else PublicationType.PRESENTATION
    if publication_type in {PublicationType.OTHER, PublicationType.BLOG_POST}:
        publication_type = parse_type_label(raw.get("type", "")) or publication_type

    year, month, day = parse_date(raw.get("date", ""))
    year = parse_year(raw.get("year")) or year
    month = parse_month(raw["month"]) if raw.get("month") else month
    day = parse_day(raw["day"]) if raw.get("day") and month else day

    authors = [bibtex_name(name) for name in raw.get("author", []) if name.strip()]
    isbn, _unused = parse_identifiers(raw.get("isbn", ""))
    _unused, issn = parse_identifiers(raw.get("issn", ""))
    venue = next(
        (
            raw[key]
            for key in ("journal", "journaltitle", "booktitle", "eventtitle", "howpublished", "series")
            if raw.get(key)
        ),
        "",
    )
    return record_or_error(
        label,
        {
            "title": raw.get("title", ""),
            "year": year,
            "publication_type": publication_type,
            "month": month,
            "day": day,
            "authors": [author for author in authors if author[0]],
            "venue": venue,
            "publisher": raw.get("publisher")
            or raw.get("institution")
            or raw.get("organization")
            or raw.get("school", ""),
            "place": raw.get("address") or raw.get("location") or raw.get("venue", ""),
            "volume": raw.get("volume", ""),
            "issue": raw.get("number") or raw.get("issue", ""),
            "pages": parse_pages(raw.get("pages", "")),
            "isbn": isbn,
            "issn": issn,
            "doi": valid_doi(raw.get("doi", "")),
            "url": valid_url(raw.get("url", "")),
            "language": parse_language(raw.get("language") or raw.get("langid", "")),
            "abstract": raw.get("abstract", ""),
            "topics": split_topics(raw.get("keywords", "")),
        },
    )


# RIS

RIS_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")


def split_ris_records(text):
    """(first line number, lines) per record: a record runs from TY to ER (or to the next TY)."""
    current, start = None, 0
    for number, line in enumerate(text.splitlines(), start=1):
        match = RIS_LINE.match(line.rstrip())
        tag = match.group(1) if match else None
        if tag == "TY":
            if current:
                yield start, current
            current, start = [line.rstrip()], number
        elif current is not None:
            current.append(line.rstrip())
            if tag == "ER":
                yield start, current
                current = None
    if current:
        yield start, current


def ris_name(name):
    family, _comma, given = clean_text(name).partition(",")
    given = given.split(",")[0]  # "Family, Given, Jr." keeps the given names
    return clean_text(family), clean_text(given)


def parse_ris(text):
    for index, (line, lines) in enumerate(split_ris_records(text), start=1):
        label = _("record %(number)s (line %(line)s)") % {"number": index, "line": line}
        if not RIS_LINE.match(lines[-1]) or RIS_LINE.match(lines[-1]).group(1) != "ER":
            lines = lines + ["ER  - "]
        try:
            references = rispy.loads("\n".join(lines))
            if len(references) != 1:
                raise ValueError(_("no TY … ER record"))
            yield ris_record(label, references[0])
        except Exception as error:  # one odd record must not stop the rest
            yield ParsedEntry(label, error=_("The entry could not be read: %(error)s") % {"error": error})


def _first(ref, *keys):
    for key in keys:
        value = ref.get(key)
        if isinstance(value, list):
            value = value[0] if value else ""
        if value:
            return clean_text(value)
    return ""


def ris_record(label, ref):
    ris_type = clean_text(ref.get("type_of_reference", "")).upper()
    publication_type = BY_RIS_TYPE.get(ris_type, BY_VALUE["other"]).value
    work_type = parse_type_label(ref.get("type_of_work", ""))
    if work_type and publication_type in {PublicationType.OTHER, PublicationType.PRESENTATION}:
        publication_type = work_type

    year, month, day = parse_date(_first(ref, "date"))
    py_year, py_month, py_day = parse_date(_first(ref, "year", "publication_year"))
    year = py_year or year
    month, day = (py_month, py_day) if py_month else (month, day)

    names = list(ref.get("authors", [])) + list(ref.get("first_authors", []))
    start, end = _first(ref, "start_page"), _first(ref, "end_page")
    pages = parse_pages(f"{start}–{end}" if start and end else start)
    isbn, issn = parse_identifiers(_first(ref, "issn"))
    return record_or_error(
        label,
        {
            "title": _first(ref, "title", "primary_title"),
            "year": year,
            "publication_type": publication_type,
            "month": month,
            "day": day,
            "authors": [ris_name(name) for name in names if ris_name(name)[0]],
            "venue": _first(ref, "secondary_title", "journal_name", "alternate_title3", "alternate_title1"),
            "publisher": _first(ref, "publisher"),
            "place": _first(ref, "place_published"),
            "volume": _first(ref, "volume"),
            "issue": _first(ref, "number"),
            "pages": pages,
            "isbn": isbn,
            "issn": issn,
            "doi": valid_doi(_first(ref, "doi")),
            "url": next((valid_url(url) for url in ref.get("urls", []) if valid_url(url)), ""),
            "language": parse_language(_first(ref, "language")),
            "abstract": _first(ref, "abstract", "notes_abstract"),
            "topics": split_topics(ref.get("keywords", [])),
        },
    )
