"""Google Scholar's citation_* meta tags on publication pages (issue 13)."""

import re

import pytest

from publications.citations import scholar_meta
from publications.models import PublicationPage

pytestmark = pytest.mark.django_db


def meta(client, page):
    content = client.get(page.url).content.decode()
    return re.findall(r'<meta name="(citation_[a-z_]+)" content="([^"]*)">', content)


def test_an_article_has_title_each_author_date_journal_volume_pages_and_doi(client, home_page):
    article = PublicationPage.objects.get(doi="10.12345/sta.2023.0214")
    tags = meta(client, article)
    assert ("citation_title", "Työnohjaus lastensuojelun työryhmän voimavarana") in tags
    assert [value for name, value in tags if name == "citation_author"] == [
        "Hämäläinen, Päivi",
        "Mäkelä, Tuula",
    ]
    for tag in (
        ("citation_publication_date", "2023/04"),
        ("citation_journal_title", "Sosiaalityön ammattilehti"),
        ("citation_volume", "18"),
        ("citation_issue", "2"),
        ("citation_firstpage", "34"),
        ("citation_lastpage", "49"),
        ("citation_doi", "10.12345/sta.2023.0214"),
    ):
        assert tag in tags


def test_a_talk_names_its_conference_and_a_chapter_its_book(client, home_page):
    talk = PublicationPage.objects.get(title__startswith="Dialoginen asiakastyö – kuulemisen")
    assert ("citation_conference_title", "Lastensuojelun kesäpäivät") in meta(client, talk)
    chapter = PublicationPage.objects.get(title="Reflektiivinen työnohjaus muutoksen keskellä")
    assert ("citation_inbook_title", "Työnohjaus ja ammatillinen kasvu") in meta(client, chapter)


def test_the_pdf_url_is_given_only_when_the_pdf_is_on_the_site(rf, home_page):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    article = PublicationPage.objects.get(doi="10.12345/sta.2023.0214")
    assert "citation_pdf_url" not in dict(scholar_meta(article))
    document = get_document_model().objects.create(
        title="Artikkeli", file=ContentFile(b"%PDF-1.4", name="a.pdf")
    )
    article.pdf = document
    request = rf.get("/")
    assert dict(scholar_meta(article, request))["citation_pdf_url"].endswith(".pdf")


def test_the_practitioners_author_entry_carries_the_orcid(client, home_page):
    import json

    article = PublicationPage.objects.get(doi="10.12345/sta.2023.0214")
    content = client.get(article.url).content.decode()
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', content, re.S).group(1)
    )
    me, coauthor = data["author"]
    assert me["sameAs"] == ["https://orcid.org/0000-0002-1825-0097"]
    assert "sameAs" not in coauthor
