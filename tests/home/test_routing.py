"""Wagtail's own routing, uncached: every change to pages, sites and restrictions applies to the
next request."""

import pytest
from wagtail.models import PageViewRestriction, Site

from home.models import HomePage, ServicePage, SupervisionFormPage, SupervisionPage

pytestmark = pytest.mark.django_db

GROUP_URL = "/palvelut/tyonohjaus/ryhmatyonohjaus/"


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


def test_unpublishing_gives_404_at_once(client, home_page):
    assert client.get(GROUP_URL).status_code == 200
    SupervisionFormPage.objects.get(slug="ryhmatyonohjaus").unpublish()
    assert client.get(GROUP_URL).status_code == 404


def test_a_renamed_or_moved_page_answers_at_its_new_address_only(
    client, home_page, django_capture_on_commit_callbacks
):
    assert client.get("/palvelut/konsultointi/").status_code == 200
    page = ServicePage.objects.get(slug="konsultointi")
    page.slug = "konsultaatio"
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail makes the redirect after the commit
        page.save_revision().publish()
    # Wagtail's redirects app sends the old address on (a link in an old email still works).
    old = client.get("/palvelut/konsultointi/")
    assert old.status_code == 301 and old["Location"] == "/palvelut/konsultaatio/"
    assert client.get("/palvelut/konsultaatio/").status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        page.move(SupervisionPage.objects.get(locale__language_code="fi"), pos="last-child")
    # Wagtail's redirects app sends the old address on; the page is no longer served there.
    old = client.get("/palvelut/konsultaatio/")
    assert old.status_code == 301 and old["Location"] == "/palvelut/tyonohjaus/konsultaatio/"
    assert client.get("/palvelut/tyonohjaus/konsultaatio/").status_code == 200


def test_a_new_view_restriction_applies_to_the_next_request(client, home_page):
    assert "2–8 henkeä" in client.get(GROUP_URL).content.decode()
    PageViewRestriction.objects.create(
        page=SupervisionPage.objects.get(locale__language_code="fi"),
        restriction_type="password",
        password="salasana",
    )
    response = client.get(GROUP_URL)
    assert response.status_code == 200
    assert "2–8 henkeä" not in response.content.decode()
    assert 'name="password"' in response.content.decode()


def test_a_site_pointed_at_another_root_serves_that_tree(client, home_page):
    other = HomePage(title="Toinen koti", slug="toinen-koti")
    home_page.get_parent().add_child(instance=other)
    assert "Toinen koti" not in client.get("/").content.decode()
    Site.objects.filter(is_default_site=True).update(root_page=other)
    Site.objects.get(is_default_site=True).save()  # what the admin's site editor does
    assert "Toinen koti" in client.get("/").content.decode()
