"""Publication pages as visitors and editors see them; the archive on the home and service pages; the demo."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from wagtail.documents.models import Document
from wagtail.test.utils.form_data import inline_formset, rich_text, streamfield

from home.models import ServicePage
from publications.models import (
    PublicationAuthor,
    PublicationIndexPage,
    PublicationPage,
    PublicationRelatedService,
)
from tests.factories import admin_create_page, make_publication
from tests.publications.helpers import text

pytestmark = pytest.mark.django_db


def fact_box(page_html):
    block = re.search(r'<aside class="fact-box".*?</aside>', page_html, re.S).group(0)
    return dict(re.findall(r"<dt>([^<]*)</dt>\s*<dd>(.*?)</dd>", block, re.S))


def test_a_page_without_optional_fields_renders_cleanly(client, archive):
    page = make_publication(archive, "Pelkkä otsikko", year=2020, authors=[])
    content = text(client.get(page.url))
    assert "<h1>Pelkkä otsikko</h1>" in content
    assert fact_box(content) == {"Tyyppi": "Artikkeli", "Päivämäärä": "2020", "Kieli": "suomi"}
    for absent in ("None", "Tiivistelmä", "Lue ja katso", "Liittyvät", 'class="publication__authors"', "()"):
        assert absent not in re.sub(r"<script.*?</script>", "", content, flags=re.S), absent
    assert "(2020). Pelkkä otsikko." in content  # APA without authors


def test_a_full_page_shows_its_facts_files_and_links(client, archive):
    pdf = Document.objects.create(
        title="Artikkeli PDF", file=ContentFile(b"%PDF-1.4 test", name="artikkeli.pdf")
    )
    service = ServicePage.objects.get(slug="esitelmat-ja-julkaisut")
    page = make_publication(
        archive,
        "Työnohjaus lastensuojelussa",
        year=2023,
        month=4,
        day=5,
        authors=[("Hämäläinen", "Päivi"), ("Mäkelä", "Tuula")],
        topics=["lastensuojelu"],
        venue="Sosiaalityön ammattilehti",
        volume="18",
        issue="2",
        pages="34–49",
        doi="10.12345/x.1",
        abstract="Tiivis kuvaus.",
        pdf=pdf,
        slides_url="https://www.example.fi/diat",
        video_url="https://www.example.fi/video",
        external_url="https://www.example.fi/artikkeli",
    )
    PublicationAuthor.objects.filter(page=page, family_name="Hämäläinen").update(is_practitioner=True)
    PublicationRelatedService.objects.create(page=page, service=service)
    content = text(client.get(page.url))

    facts = fact_box(content)
    assert facts["Päivämäärä"] == "5.4.2023"
    assert facts["Lehti"] == "Sosiaalityön ammattilehti"
    assert facts["Vuosikerta ja sivut"] == "vuosikerta 18, numero 2, s. 34–49"
    assert facts["DOI"] == '<a href="https://doi.org/10.12345/x.1">10.12345/x.1</a>'
    assert f'href="{archive.url}?aihe=lastensuojelu">lastensuojelu</a>' in content
    assert f'href="{pdf.url}" download>Lataa PDF</a>' in content
    assert (
        'href="https://www.example.fi/diat"' in content and 'href="https://www.example.fi/video"' in content
    )
    assert "<strong>Päivi Hämäläinen</strong>, Tuula Mäkelä" in content
    assert '<h2 id="abstract-heading">Tiivistelmä</h2>' in content
    assert f'<a href="{service.url}">Esitelmät ja julkaisut</a>' in content


def test_a_kept_page_shows_the_editors_changes_and_a_renamed_related_page_at_once(client, archive, settings):
    # Not the page cache: the page's content is kept per content generation ({% cachedpart %}).
    settings.PAGE_CACHE_ENABLED = False
    service = ServicePage.objects.get(slug="esitelmat-ja-julkaisut")
    page = make_publication(archive, "Muuttuva julkaisu", year=2022)
    assert "Tuula Mäkelä" not in text(client.get(page.url))

    page = PublicationPage.objects.get(pk=page.pk)
    page.authors.add(PublicationAuthor(family_name="Mäkelä", given_names="Tuula"))
    page.related_services.add(PublicationRelatedService(service=service))
    page.save_revision().publish()
    content = text(client.get(page.url))
    assert "Tuula Mäkelä" in content and f'<a href="{service.url}">Esitelmät ja julkaisut</a>' in content
    assert '"familyName": "Mäkelä"' in content  # the JSON-LD in the head follows too

    service.title = "Julkaisut ja esitelmät"
    service.save_revision().publish()
    assert f'<a href="{service.url}">Julkaisut ja esitelmät</a>' in text(client.get(page.url))


def test_the_date_is_validated(archive):
    page = PublicationPage(title="X", slug="x", year=2023, month=2, day=30)
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "day" in error.value.message_dict
    page = PublicationPage(title="X", slug="x", year=2023, day=3)
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "month" in error.value.message_dict


def test_an_editor_creates_a_publication_in_the_admin(admin_client, archive):
    page = admin_create_page(
        admin_client,
        archive,
        PublicationPage,
        {
            "title": "Uusi esitelmä",
            "publication_type": "presentation",
            "year": "2025",
            "month": "3",
            "day": "",
            "language": "fi",
            "venue": "Työnohjauspäivät",
            "doi": "https://doi.org/10.1234/uusi",
            "body": streamfield([("paragraph", rich_text("<p>Esityksen tiivistelmä.</p>"))]),
            "authors": inline_formset(
                [
                    {"family_name": "Hämäläinen", "given_names": "Päivi", "is_practitioner": "on"},
                    {"family_name": "Lindström", "given_names": "Åsa"},
                ]
            ),
            "tags": "työnohjaus, dialogisuus",
            "related_services": inline_formset([]),
            "related_events": inline_formset([]),
        },
    )
    assert page.live and page.publication_type == "presentation"
    assert page.doi == "10.1234/uusi"
    assert page.authors_text == "Päivi Hämäläinen, Åsa Lindström"
    assert {tag.name for tag in page.topics} == {"työnohjaus", "dialogisuus"}


def test_the_admin_explains_a_wrong_doi_in_finnish(admin_client, archive):
    with pytest.raises(AssertionError, match="Anna DOI muodossa"):
        admin_create_page(
            admin_client,
            archive,
            PublicationPage,
            {
                "title": "Huono DOI",
                "publication_type": "article",
                "year": "2025",
                "language": "fi",
                "doi": "ei-doi",
                "body": streamfield([]),
                "authors": inline_formset([]),
                "related_services": inline_formset([]),
                "related_events": inline_formset([]),
            },
        )


def test_home_page_lists_the_latest_publications(client, home_page):
    content = text(client.get("/"))
    section = re.search(
        r'<section class="container section latest-publications".*?</section>', content, re.S
    ).group(0)
    titles = re.findall(r'<h3 class="card__title"><a href="[^"]*">([^<]*)</a>', section)
    newest = PublicationPage.objects.live().order_by("-sort_date", "-pk")[:3]
    assert titles == [page.title for page in newest]
    archive = PublicationIndexPage.objects.get(slug="julkaisut")
    assert f'<a href="{archive.url}">Kaikki julkaisut ja esitelmät</a>' in section


def test_the_publications_service_page_leads_to_the_archive(client, home_page):
    service = ServicePage.objects.get(slug="esitelmat-ja-julkaisut")
    archive = PublicationIndexPage.objects.get(slug="julkaisut")
    assert f'href="{archive.url}"' in text(client.get(service.url))


def test_the_demo_archive_is_in_the_menu_with_the_sample_publications(client, home_page):
    archive = PublicationIndexPage.objects.get(slug="julkaisut")
    assert archive.title == "Julkaisut ja esitelmät" and archive.show_in_menus
    assert archive.get_parent().specific == home_page
    assert PublicationPage.objects.child_of(archive).live().count() >= 10
    assert f'href="{archive.url}"' in text(client.get("/"))


def test_seeding_again_creates_nothing_new(home_page):
    before = (
        PublicationPage.objects.count(),
        ServicePage.objects.get(slug="esitelmat-ja-julkaisut").revisions.count(),
    )
    call_command("seed_demo", stdout=io.StringIO())
    after = (
        PublicationPage.objects.count(),
        ServicePage.objects.get(slug="esitelmat-ja-julkaisut").revisions.count(),
    )
    assert after == before


def test_the_admin_preview_of_an_unsaved_publication_renders(admin_client, archive):
    from django.urls import reverse
    from wagtail.test.utils.form_data import nested_form_data

    url = reverse("wagtailadmin_pages:preview_on_add", args=("publications", "publicationpage", archive.pk))
    data = nested_form_data(
        {
            "title": "Esikatselu",
            "slug": "esikatselu",
            "publication_type": "presentation",
            "year": "2025",
            "language": "fi",
            "venue": "Seminaari",
            "body": streamfield([]),
            "authors": inline_formset([{"family_name": "Öhman", "given_names": "Marja-Leena"}]),
            "related_services": inline_formset([]),
            "related_events": inline_formset([]),
            "comments": inline_formset([]),
        }
    )
    assert admin_client.post(url, data).json()["is_valid"]
    content = text(admin_client.get(url))
    assert "<h1>Esikatselu</h1>" in content
    assert "Öhman, M.-L. (2025). <i>Esikatselu</i> [Esitelmä]. Seminaari." in content
