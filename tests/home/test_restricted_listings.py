"""Pages behind a view restriction (a password, a login) never appear in a listing, whether the
restriction is on the page itself or on a section above it (`public()`, home.querysets)."""

import pytest
from wagtail.models import PageViewRestriction

from events.models import EventIndexPage
from tests.factories import make_archive, make_publication, make_training

pytestmark = pytest.mark.django_db


def restrict(page):
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="salasana")


def test_a_restricted_event_is_listed_nowhere(client, home_page):
    event = make_training(title="Salainen koulutus")
    index = event.get_parent()
    for url in ("/", index.url):
        assert "Salainen koulutus" in client.get(url).content.decode(), url
    restrict(event)
    for url in ("/", index.url, index.url + "ical/"):
        assert "Salainen koulutus" not in client.get(url).content.decode(), url


def test_events_in_a_restricted_section_leave_the_home_page(client, home_page):
    make_training(title="Salainen koulutus")
    assert "Salainen koulutus" in client.get("/").content.decode()
    restrict(EventIndexPage.objects.get(slug="koulutukset-ja-luennot"))
    assert "Salainen koulutus" not in client.get("/").content.decode()


def test_a_restricted_archive_leaves_the_latest_publications(client, home_page):
    archive = make_archive()
    make_publication(archive, "Uusin salainen julkaisu", year=2099)
    assert "Uusin salainen julkaisu" in client.get("/").content.decode()
    restrict(archive)
    assert "Uusin salainen julkaisu" not in client.get("/").content.decode()


def test_an_archive_in_a_restricted_section_leaves_the_latest_publications(client, home_page):
    archive = make_archive()
    make_publication(archive, "Uusin salainen julkaisu", year=2099)
    restrict(archive.get_parent())
    assert "Uusin salainen julkaisu" not in client.get("/").content.decode()
