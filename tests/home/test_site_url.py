"""Absolute links come from one configured address, SITE_URL (home/site_url.py), and the admin makes
ASCII slugs, so the links people get in emails work as they are."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from wagtail.models import Site
from wagtail.test.utils.form_data import streamfield

from home.models import StandardPage
from home.site_url import sync_default_site
from tests.factories import admin_create_page, make_registration, make_training

pytestmark = pytest.mark.django_db

SITE_URL = "https://tyonohjaus.example.fi"


@pytest.fixture
def site_url(settings, home_page, django_capture_on_commit_callbacks):
    settings.SITE_URL = SITE_URL
    sync_default_site()
    return SITE_URL


def test_the_cancel_link_in_a_confirmation_email_opened_as_is_shows_the_cancel_page(
    client, site_url, django_capture_on_commit_callbacks
):
    event = make_training(title="Linkkikoulutus")
    with django_capture_on_commit_callbacks(execute=True):
        make_registration(event, email="linkki@example.invalid")
    [confirmation] = [m for m in mail.outbox if m.to == ["linkki@example.invalid"]]
    link = re.search(r"https?://\S+/peru/\S+/", confirmation.body).group(0)
    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}" == SITE_URL
    response = client.get(parts.path, HTTP_HOST=parts.hostname, secure=parts.scheme == "https")
    assert response.status_code == 200
    assert "Linkkikoulutus" in response.content.decode() and 'method="post"' in response.content.decode()


def test_the_sitemap_lists_pages_at_the_site_url(client, site_url):
    body = client.get("/sitemap.xml", HTTP_HOST="tyonohjaus.example.fi", secure=True).content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", body)
    assert locations and all(location.startswith(SITE_URL + "/") for location in locations)
    assert "localhost" not in body


def test_migrate_gives_the_default_site_the_site_url(settings, home_page):
    settings.SITE_URL = "http://127.0.0.1:8123"
    call_command("migrate", verbosity=0)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8123)
    assert site.root_url == "http://127.0.0.1:8123"


def test_the_admin_makes_slugs_from_titles_in_ascii(admin_client, home_page):
    # The slug field's JavaScript (Wagtail's w-slug controller) slugifies the title as it is typed,
    # keeping ä and ö only when told to (the attribute is left out when the setting is False).
    html = admin_client.get(f"/admin/pages/add/home/standardpage/{home_page.pk}/").content.decode()
    assert 'data-controller="w-slug"' in html
    assert "data-w-slug-allow-unicode-value" not in html


def test_a_slug_typed_with_scandinavian_letters_is_saved_in_ascii(admin_client, home_page):
    page = admin_create_page(
        admin_client,
        home_page,
        StandardPage,
        {"title": "Pienryhmäkoulutus kesällä", "slug": "pienryhmäkoulutus-kesällä", "body": streamfield([])},
    )
    assert page.slug == "pienryhmakoulutus-kesalla"
    assert page.url == "/pienryhmakoulutus-kesalla/"
