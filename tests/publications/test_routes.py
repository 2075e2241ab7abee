"""Wagtail's routing contract: a RoutablePage's own routes win over a child page of the same slug."""

import pytest

from publications.models import PublicationIndexPage, PublicationPage

pytestmark = pytest.mark.django_db


def test_a_publication_with_the_feeds_slug_does_not_replace_the_feed(client, home_page):
    archive = PublicationIndexPage.objects.get()
    archive.add_child(instance=PublicationPage(title="Syöte", slug="syote", year=2024))
    response = client.get(archive.url + "syote/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
