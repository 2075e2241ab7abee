"""Everything that writes publications: the BibTeX/RIS import used by the management command,
the admin import view, the demo content and the tests alike."""

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .importers import PublicationRecord, parse_publications
from .models import PublicationAuthor, PublicationIndexPage, PublicationPage

logger = logging.getLogger(__name__)


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (which entry, why)

    def summary(self):
        return _("Created %(created)s, skipped %(skipped)s as already present, failed %(failed)s.") % {
            "created": len(self.created),
            "skipped": len(self.skipped),
            "failed": len(self.failed),
        }


def describe_validation_error(error: ValidationError) -> str:
    """'year: Ensure this value is …' with the field's (translated) name."""
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    parts = []
    for name, messages in error.message_dict.items():
        try:
            label = str(PublicationPage._meta.get_field(name).verbose_name)
        except Exception:
            label = name
        parts.append(f"{label}: {' '.join(messages)}")
    return " ".join(parts)


def title_key(title):
    """Titles compare case-, space- and punctuation-insensitively: 'Työnohjaus.' == 'työnohjaus'."""
    return re.sub(r"[\W_]+", " ", title.casefold()).strip()


def name_key(family, given):
    return (family.casefold().strip(), given.casefold().strip()[:1])


def parse_person(name):
    """'Hämäläinen, Päivi' → ('Hämäläinen', 'Päivi'); 'Päivi Hämäläinen' → the same."""
    name = " ".join((name or "").split())
    if "," in name:
        family, given = name.split(",", 1)
    else:
        given, _space, family = name.rpartition(" ")
    return family.strip(), given.strip()


def ascii_slug(title, max_length=80):
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = slugify(text)[:max_length].strip("-")
    return slug or "julkaisu"


class PublicationImporter:
    """Creates publications under one archive, skipping ones already there (by DOI, else title + year)."""

    def __init__(self, archive: PublicationIndexPage, *, publish=True, practitioner=""):
        self.archive = archive
        self.publish = publish
        existing = PublicationPage.objects.child_of(archive)
        self.dois = {doi.lower() for doi in existing.exclude(doi="").values_list("doi", flat=True)}
        self.titles = {(title_key(title), year) for title, year in existing.values_list("title", "year")}
        self.slugs = set(archive.get_children().values_list("slug", flat=True))
        self.practitioners = {
            name_key(family, given)
            for family, given in PublicationAuthor.objects.filter(
                page__in=existing, is_practitioner=True
            ).values_list("family_name", "given_names")
        }
        if practitioner:
            self.practitioners.add(name_key(*parse_person(practitioner)))

    def is_duplicate(self, record: PublicationRecord):
        if record.doi and record.doi.lower() in self.dois:
            return True
        return (title_key(record.title), record.year) in self.titles

    def unique_slug(self, title):
        base = ascii_slug(title)
        slug, number = base, 2
        while slug in self.slugs:
            slug = f"{base}-{number}"
            number += 1
        return slug

    @transaction.atomic
    def create(self, record: PublicationRecord) -> PublicationPage:
        page = PublicationPage(
            title=record.title,
            slug=self.unique_slug(record.title),
            live=self.publish,
            publication_type=record.publication_type,
            year=record.year,
            month=record.month,
            day=record.day,
            venue=record.venue,
            publisher=record.publisher,
            place=record.place,
            volume=record.volume,
            issue=record.issue,
            pages=record.pages,
            isbn=record.isbn,
            issn=record.issn,
            doi=record.doi,
            external_url=record.url,
            language=record.language,
            abstract=record.abstract,
        )
        page.authors = [
            PublicationAuthor(
                sort_order=order,
                family_name=family[:120],
                given_names=given[:120],
                is_practitioner=name_key(family, given) in self.practitioners,
            )
            for order, (family, given) in enumerate(record.authors)
        ]
        if record.topics:
            page.tags.add(*record.topics)
        self.archive.add_child(instance=page)
        revision = page.save_revision()
        if self.publish:
            revision.publish()
        return page

    def run(self, text, filename="") -> ImportReport:
        report = ImportReport()
        for entry in parse_publications(text, filename):
            if entry.record is None:
                report.failed.append((entry.label, entry.error))
                continue
            record = entry.record
            if self.is_duplicate(record):
                report.skipped.append(record.title)
                continue
            try:
                page = self.create(record)
            except ValidationError as error:
                report.failed.append((f"{entry.label} – {record.title}", describe_validation_error(error)))
                continue
            except Exception as error:  # the next entry still gets its chance
                logger.exception("Importing %s failed", entry.label)
                report.failed.append((f"{entry.label} – {record.title}", str(error)))
                continue
            self.slugs.add(page.slug)
            if record.doi:
                self.dois.add(record.doi.lower())
            self.titles.add((title_key(record.title), record.year))
            report.created.append(record.title)
        return report


def import_publications(
    archive: PublicationIndexPage, text: str, *, filename="", publish=True, practitioner=""
) -> ImportReport:
    """Import every entry of a BibTeX or RIS text under `archive`. Raises ImportFormatError only when the
    whole text is neither format; single bad entries are reported in `ImportReport.failed`."""
    return PublicationImporter(archive, publish=publish, practitioner=practitioner).run(text, filename)


def read_text_file(path) -> str:
    """UTF-8 (with or without BOM), falling back to Windows-1252 for old reference-manager exports."""
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def import_publications_file(archive, path, *, publish=True, practitioner="") -> ImportReport:
    return import_publications(
        archive, read_text_file(path), filename=str(path), publish=publish, practitioner=practitioner
    )
