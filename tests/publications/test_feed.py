"""The Atom feed of the newest publications, and where pages advertise it."""

import feedparser
import pytest

from tests.factories import make_publication
from tests.publications.helpers import text

pytestmark = pytest.mark.django_db


def test_the_feed_parses_and_lists_the_newest_first(client, archive):
    make_publication(archive, "Vanhin", year=2018, authors=[("Öhman", "Marja-Leena")])
    make_publication(archive, "Uusin", year=2024, month=5, day=2, topics=["työnohjaus"])
    make_publication(archive, "Keskimmäinen", year=2021, month=11)
    make_publication(archive, "Luonnos", year=2025, publish=False)

    response = client.get(archive.url + "syote/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Testiarkisto"
    assert [entry.title for entry in feed.entries] == ["Uusin", "Keskimmäinen", "Vanhin"]
    assert feed.entries[0].link.endswith(archive.url + "uusin/")
    assert feed.entries[0].published.startswith("2024-05-02")
    assert [tag.term for tag in feed.entries[0].tags] == ["työnohjaus"]
    assert feed.entries[2].author == "Marja-Leena Öhman"


def test_archive_and_publication_pages_advertise_the_feed(client, archive):
    publication = make_publication(archive, "Julkaisu")
    link = f'<link rel="alternate" type="application/atom+xml" title="Uusimmat julkaisut ja esitelmät (Atom-syöte)" href="{archive.url}syote/">'
    assert link in text(client.get(archive.url))
    assert link in text(client.get(publication.url))


def test_an_empty_archive_has_a_valid_empty_feed(client, archive):
    feed = feedparser.parse(client.get(archive.url + "syote/").content)
    assert not feed.bozo
    assert feed.entries == []
