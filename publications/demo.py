"""Demo content for this app; called by `manage.py seed_demo` after the home pages exist.

Idempotent: the archive is looked up by slug, the sample file's entries are skipped when already
imported, and the service page gets its link to the archive only when it has none."""

import re
from pathlib import Path

from django.db import transaction

from home.demo import ensure_page, paragraph
from home.models import ServicePage

from .models import PublicationIndexPage
from .services import import_publications_file

SAMPLE_FILE = Path(__file__).resolve().parent / "fixtures" / "sample_publications.bib"
PRACTITIONER = "Hämäläinen, Päivi"
SERVICE_SLUG = "esitelmat-ja-julkaisut"


@transaction.atomic
def seed(home, stdout=None):
    say = stdout.write if stdout else (lambda message: None)
    archive, created = ensure_page(
        home,
        PublicationIndexPage,
        "julkaisut",
        title="Julkaisut ja esitelmät",
        lead="Artikkeleita, kirjoituksia ja seminaariesitelmiä työnohjauksesta, dialogisesta asiakastyöstä "
        "ja lastensuojelun työryhmien yhteistyöstä.",
        body=paragraph(
            "Voit rajata arkistoa julkaisutyypin, vuoden tai aiheen mukaan ja hakea sanalla tai tekijän nimellä. "
            "Jokaisen julkaisun sivulla on valmis lähdeviite sekä BibTeX-, RIS- ja CSL-JSON-tiedostot "
            "viitteidenhallintaan."
        ),
        show_in_menus=True,
    )
    if created:
        say("Created the publication archive.")

    report = import_publications_file(archive, SAMPLE_FILE, publish=True, practitioner=PRACTITIONER)
    if report.created:
        say(f"Imported {len(report.created)} sample publications.")
    for label, error in report.failed:
        say(f"Sample publication {label} was not imported: {error}")

    link_service_page(home, archive, say)
    return archive


def link_service_page(home, archive, say):
    """The "Esitelmät ja julkaisut" service page leads to the archive (added once, never over an edit)."""
    service = ServicePage.objects.descendant_of(home).filter(slug=SERVICE_SLUG).first()
    if service is None or service.has_unpublished_changes:
        return
    link = re.compile(rf'linktype="page" id="{archive.pk}"')
    if any(link.search(str(block.get("value", ""))) for block in service.body.raw_data):
        return
    service.body.append(
        (
            "paragraph",
            f'<p><a linktype="page" id="{archive.pk}">Siirry julkaisuarkistoon</a>, '
            "josta löydät artikkelit, esitelmät ja muut kirjoitukset aiheittain ja vuosittain.</p>",
        )
    )
    service.save_revision().publish()
    say("Linked the publications service page to the archive.")
