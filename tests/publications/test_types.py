"""The publication-type registry (publications/types.py) is the one place a type is described."""

import pytest

from publications.citations import to_bibtex, to_csl_json, to_ris
from publications.importers import parse_publications
from publications.models import PublicationIndexPage, PublicationPage
from publications.types import BY_URL_VALUE, KINDS, PublicationType
from tests.factories import make_publication

pytestmark = pytest.mark.django_db


def test_every_type_has_one_entry_and_its_own_archive_value():
    assert [kind.value for kind in KINDS] == PublicationType.values
    assert len(BY_URL_VALUE) == len(KINDS)
    assert PublicationPage._meta.get_field("publication_type").choices == PublicationType.choices


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.value)
def test_every_type_survives_a_bibtex_and_a_ris_round_trip(home_page, kind):
    archive = PublicationIndexPage.objects.get()
    page = make_publication(archive, f"Kierros {kind.value}", publication_type=kind.value, month=3)
    for text in (to_bibtex([page]), to_ris([page])):
        [entry] = parse_publications(text)
        assert entry.record.publication_type == kind.value, text


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.value)
def test_every_type_is_filtered_cited_and_described_as_its_entry_says(client, home_page, kind):
    archive = PublicationIndexPage.objects.get()
    page = make_publication(archive, f"Tyyppi {kind.value}", publication_type=kind.value, venue="Paikka")
    assert f"Tyyppi {kind.value}" in client.get(f"{archive.url}?tyyppi={kind.url_value}").content.decode()
    assert f'"type": "{kind.csl}"' in to_csl_json([page])
    body = client.get(page.url).content.decode()
    assert f'"@type": "{kind.schema_org}"' in body
    assert str(kind.venue_label) in body
