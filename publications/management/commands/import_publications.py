"""Import publications from a BibTeX or RIS file (Zotero, Mendeley, EndNote, JabRef exports).

    manage.py import_publications julkaisut.bib
    manage.py import_publications viitteet.ris --draft --me "Hämäläinen, Päivi"

Entries already in the archive (same DOI, else same title and year) are skipped, so running it again
is safe. A malformed entry is reported and the rest are still imported.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from publications.importers import ImportFormatError
from publications.models import PublicationIndexPage
from publications.services import import_publications, read_text_file


class Command(BaseCommand):
    help = "Create publication pages from a BibTeX or RIS file, skipping ones already in the archive."

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .bib or .ris file")
        parser.add_argument("--draft", action="store_true", help="create drafts instead of publishing")
        parser.add_argument(
            "--archive", help="slug or id of the publication archive (needed only when there are several)"
        )
        parser.add_argument(
            "--me",
            default="",
            help='your name as "Family, Given": marks you among the authors (highlighted on the site)',
        )

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            archive = self.get_archive(options["archive"])
            try:
                text = read_text_file(options["file"])
            except OSError as error:
                raise CommandError(
                    _("Cannot read %(file)s: %(error)s") % {"file": options["file"], "error": error}
                ) from error
            try:
                report = import_publications(
                    archive,
                    text,
                    filename=options["file"],
                    publish=not options["draft"],
                    practitioner=options["me"],
                )
            except ImportFormatError as error:
                raise CommandError(str(error)) from error

            for title in report.created:
                self.stdout.write(f"  + {title}")
            for title in report.skipped:
                self.stdout.write(f"  = {title}")
            for label, error in report.failed:
                self.stderr.write(f"  ! {label}: {error}")
            style = self.style.WARNING if report.failed else self.style.SUCCESS
            self.stdout.write(style(report.summary()))

    def get_archive(self, wanted):
        archives = PublicationIndexPage.objects.order_by("path")
        if wanted:
            archive = (
                archives.filter(pk=int(wanted)).first()
                if wanted.isdigit()
                else archives.filter(slug=wanted).first()
            )
            if archive is None:
                raise CommandError(_("No publication archive %(archive)s.") % {"archive": wanted})
            return archive
        found = list(archives[:2])
        if not found:
            raise CommandError(_("There is no publication archive yet: create one (or run seed_demo) first."))
        if len(found) > 1:
            choices = ", ".join(archive.slug for archive in archives)
            raise CommandError(
                _("Several archives: choose one with --archive (%(choices)s).") % {"choices": choices}
            )
        return found[0]
