"""References: APA text, and BibTeX, RIS and CSL-JSON that real parsers read back with the same fields."""

import json
import re

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts

from publications.models import PublicationPage
from publications.services import import_publications
from tests.factories import make_archive, make_publication
from tests.publications.helpers import text

pytestmark = pytest.mark.django_db

AUTHORS = [
    ("Hämäläinen", "Päivi"),
    ("Lindström", "Åsa"),
    ("Öhman", "Marja-Leena"),
    ("Suomen Työnohjaajat ry", ""),
]


@pytest.fixture
def article(archive):
    return make_publication(
        archive,
        "Työnohjaus & dialogi: 50 % enemmän kuulemista",
        year=2023,
        month=4,
        authors=AUTHORS,
        topics=["työnohjaus", "lastensuojelu"],
        venue="Sosiaalityön ammattilehti",
        volume="18",
        issue="2",
        pages="34–49",
        issn="2343-4120",
        doi="https://doi.org/10.12345/sta.2023.0214",
        language="fi",
        abstract="Säännöllinen ryhmätyönohjaus tukee työryhmiä.",
        slug="tyonohjaus-ja-dialogi",
    )


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return response.content.decode("utf-8")


def test_bibtex_parses_back_with_the_same_fields(client, article):
    content = download(client, article.url + "bibtex/")
    library = bibtexparser.parse_string(content, append_middleware=[SeparateCoAuthors(), SplitNameParts()])
    assert not library.failed_blocks
    [entry] = library.entries
    assert entry.entry_type == "article"
    fields = entry.fields_dict
    assert [(" ".join(name.last), " ".join(name.first)) for name in fields["author"].value] == [
        ("Hämäläinen", "Päivi"),
        ("Lindström", "Åsa"),
        ("Öhman", "Marja-Leena"),
        ("{Suomen Työnohjaajat ry}", ""),  # braces keep an organisation whole
    ]
    assert fields["title"].value == r"Työnohjaus \& dialogi: 50 \% enemmän kuulemista"
    assert fields["journal"].value == "Sosiaalityön ammattilehti"
    assert (fields["year"].value, fields["month"].value) == ("2023", "4")
    assert (fields["volume"].value, fields["number"].value, fields["pages"].value) == ("18", "2", "34--49")
    assert (fields["doi"].value, fields["issn"].value) == ("10.12345/sta.2023.0214", "2343-4120")
    assert fields["keywords"].value == "lastensuojelu, työnohjaus"
    assert fields["language"].value == "finnish"


def test_ris_parses_back_with_the_same_fields(client, article):
    [record] = rispy.loads(download(client, article.url + "ris/"))
    assert record["type_of_reference"] == "JOUR"
    assert record["authors"] == [
        "Hämäläinen, Päivi",
        "Lindström, Åsa",
        "Öhman, Marja-Leena",
        "Suomen Työnohjaajat ry",
    ]
    assert record["title"] == "Työnohjaus & dialogi: 50 % enemmän kuulemista"
    assert record["secondary_title"] == "Sosiaalityön ammattilehti"
    assert (record["year"], record["volume"], record["number"]) == ("2023", "18", "2")
    assert (record["start_page"], record["end_page"]) == ("34", "49")
    assert (record["doi"], record["issn"]) == ("10.12345/sta.2023.0214", "2343-4120")
    assert record["keywords"] == ["lastensuojelu", "työnohjaus"]


def test_csl_json_parses_back_with_the_same_fields(client, article):
    [item] = json.loads(download(client, article.url + "csl-json/"))
    assert item["type"] == "article-journal"
    assert item["author"] == [
        {"family": "Hämäläinen", "given": "Päivi"},
        {"family": "Lindström", "given": "Åsa"},
        {"family": "Öhman", "given": "Marja-Leena"},
        {"literal": "Suomen Työnohjaajat ry"},
    ]
    assert item["title"] == "Työnohjaus & dialogi: 50 % enemmän kuulemista"
    assert item["issued"] == {"date-parts": [[2023, 4]]}
    assert item["container-title"] == "Sosiaalityön ammattilehti"
    assert (item["volume"], item["issue"], item["page"]) == ("18", "2", "34-49")
    assert (item["DOI"], item["ISSN"], item["language"]) == ("10.12345/sta.2023.0214", "2343-4120", "fi")


@pytest.mark.parametrize("route", ["bibtex/", "ris/"])
def test_an_export_imports_back_into_an_identical_publication(client, article, route):
    exported = download(client, article.url + route)
    copy_archive = make_archive(slug="kopio", title="Kopio")
    report = import_publications(
        copy_archive, exported, filename=f"viitteet.{route.strip('/').replace('bibtex', 'bib')}"
    )
    assert report.failed == [] and len(report.created) == 1
    copy = PublicationPage.objects.child_of(copy_archive).get()
    for field in (
        "title",
        "publication_type",
        "year",
        "month",
        "venue",
        "volume",
        "issue",
        "pages",
        "issn",
        "doi",
        "language",
    ):
        assert getattr(copy, field) == getattr(article, field), field
    assert [(a.family_name, a.given_names) for a in copy.author_list] == AUTHORS
    assert {tag.name for tag in copy.topics} == {"työnohjaus", "lastensuojelu"}


def test_the_page_shows_an_apa_reference_and_download_links(client, article):
    page = text(client.get(article.url))
    assert '<h2 id="cite-heading">Viittaa</h2>' in page
    reference = re.sub(r"<[^>]+>", "", re.search(r'<p class="citation__text">(.*?)</p>', page, re.S).group(1))
    assert reference == (
        "Hämäläinen, P., Lindström, Å., Öhman, M.-L., &amp; Suomen Työnohjaajat ry. (2023). "
        "Työnohjaus &amp; dialogi: 50 % enemmän kuulemista. Sosiaalityön ammattilehti, 18(2), 34–49. "
        "https://doi.org/10.12345/sta.2023.0214"
    )
    assert "<i>Sosiaalityön ammattilehti</i>, <i>18</i>(2)" in page
    for route in ("bibtex/", "ris/", "csl-json/"):
        assert f'href="{article.url}{route}"' in page


def test_apa_for_a_talk_gives_the_date_and_the_event(archive):
    talk = make_publication(
        archive,
        "Dialoginen asiakastyö",
        publication_type="presentation",
        year=2024,
        month=6,
        day=12,
        venue="Lastensuojelun kesäpäivät",
        place="Tampere",
    )
    assert talk.apa_text == (
        "Hämäläinen, P. (2024, 12. kesäkuuta). Dialoginen asiakastyö [Esitelmä]. "
        "Lastensuojelun kesäpäivät, Tampere."
    )


def test_apa_for_a_book_chapter(archive):
    chapter = make_publication(
        archive,
        "Reflektiivinen työnohjaus",
        publication_type="chapter",
        year=2022,
        authors=[("Hämäläinen", "Päivi"), ("Lindström", "Åsa")],
        venue="Työnohjaus ja ammatillinen kasvu",
        pages="112-131",
        publisher="Ohjauskirjat",
    )
    assert chapter.apa_text == (
        "Hämäläinen, P., & Lindström, Å. (2022). Reflektiivinen työnohjaus. "
        "Teoksessa Työnohjaus ja ammatillinen kasvu (s. 112–131). Ohjauskirjat."
    )


def test_the_archive_exports_the_filtered_list(client, archive, article):
    make_publication(
        archive, "Esitelmä yksi", publication_type="presentation", year=2022, authors=[("Söderholm", "Jyrki")]
    )
    make_publication(archive, "Esitelmä kaksi", publication_type="presentation", year=2020)

    everything = bibtexparser.parse_string(download(client, archive.url + "bibtex/"))
    assert len(everything.entries) == 3
    talks = bibtexparser.parse_string(download(client, archive.url + "bibtex/?tyyppi=esitelma&sivu=2"))
    assert [entry["title"] for entry in talks.entries] == ["Esitelmä yksi", "Esitelmä kaksi"]
    assert rispy.loads(download(client, archive.url + "ris/?vuosi=2022"))[0]["authors"] == [
        "Söderholm, Jyrki"
    ]
    assert [
        item["title"] for item in json.loads(download(client, archive.url + "csl-json/?q=Lindström"))
    ] == [article.title]
    # The archive page links to the downloads of exactly what it shows.
    assert 'href="' + archive.url + 'bibtex/?tyyppi=esitelma"' in text(
        client.get(archive.url + "?tyyppi=esitelma")
    )


def test_citation_keys_are_unique_in_a_list(client, archive):
    make_publication(archive, "Työnohjaus tänään", year=2020, slug="a")
    make_publication(archive, "Työnohjaus tänään", year=2020, slug="b")
    library = bibtexparser.parse_string(download(client, archive.url + "bibtex/"))
    assert not library.failed_blocks
    assert sorted(entry.key for entry in library.entries) == [
        "hamalainen2020tyonohjaus",
        "hamalainen2020tyonohjausa",
    ]


def json_ld(page_html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', page_html, re.S)
    return json.loads(match.group(1))


def test_schema_org_data_describes_the_publication(client, article):
    data = json_ld(text(client.get(article.url)))
    assert data["@type"] == "ScholarlyArticle"
    assert data["name"] == article.title
    assert data["datePublished"] == "2023-04"
    assert data["author"][0] == {
        "@type": "Person",
        "name": "Päivi Hämäläinen",
        "givenName": "Päivi",
        "familyName": "Hämäläinen",
    }
    assert data["author"][3] == {"@type": "Organization", "name": "Suomen Työnohjaajat ry"}
    assert {"@type": "PropertyValue", "propertyID": "DOI", "value": "10.12345/sta.2023.0214"} in data[
        "identifier"
    ]
    assert data["isPartOf"] == {
        "@type": "Periodical",
        "name": "Sosiaalityön ammattilehti",
        "issn": "2343-4120",
    }


@pytest.mark.parametrize(
    ("publication_type", "schema_type"),
    [
        ("book", "Book"),
        ("chapter", "Chapter"),
        ("report", "Report"),
        ("presentation", "PresentationDigitalDocument"),
        ("interview", "CreativeWork"),
    ],
)
def test_schema_org_type_follows_the_publication_type(client, archive, publication_type, schema_type):
    page = make_publication(
        archive,
        "Julkaisu",
        publication_type=publication_type,
        isbn="978-952-7384-12-3",
        publisher="Ohjauskirjat",
    )
    data = json_ld(text(client.get(page.url)))
    assert data["@type"] == schema_type
    assert data["publisher"] == {"@type": "Organization", "name": "Ohjauskirjat"}
    assert {"@type": "PropertyValue", "propertyID": "ISBN", "value": "978-952-7384-12-3"} in data[
        "identifier"
    ]


def test_json_ld_cannot_break_out_of_its_script(client, archive):
    page = make_publication(archive, "</script><script>alert(1)</script>", slug="hankala")
    content = text(client.get(page.url))
    assert "<script>alert(1)" not in content
    assert json_ld(content)["name"] == "</script><script>alert(1)</script>"
