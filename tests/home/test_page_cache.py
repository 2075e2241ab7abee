"""The anonymous page cache (home/cache.py): fast for visitors, never stale, never personal."""

import pytest
from django.test import Client
from wagtail import hooks
from wagtail.models import PageViewRestriction

from home.cache import purge_page_cache
from home.models import (
    PracticeSettings,
    ServiceIndexPage,
    ServicePage,
    SupervisedGroup,
    SupervisionFormPage,
    SupervisionPage,
)
from tests.factories import make_editor

pytestmark = pytest.mark.django_db

GROUP_URL = "/palvelut/tyonohjaus/ryhmatyonohjaus/"
SUPERVISION_URL = "/palvelut/tyonohjaus/"


def cache_status(response):
    return response.headers.get("X-Cache")


def test_second_anonymous_request_is_served_from_the_cache_without_touching_the_database(
    client, home_page, django_assert_num_queries
):
    first = client.get(GROUP_URL)
    assert first.status_code == 200 and cache_status(first) == "MISS"
    with django_assert_num_queries(0):
        second = client.get(GROUP_URL)
    assert cache_status(second) == "HIT"
    assert second.content == first.content
    assert "2–8 henkeä" in second.content.decode()


def test_cached_pages_still_carry_the_security_headers(client, home_page):
    client.get("/")
    hit = client.get("/")
    assert cache_status(hit) == "HIT"
    assert "script-src 'self'" in hit["Content-Security-Policy"]
    assert hit["X-Frame-Options"] == "DENY"
    assert hit["Content-Type"].startswith("text/html")
    assert hit["Content-Language"] == "fi"


def test_publishing_a_change_shows_it_to_the_next_visitor(client, home_page):
    assert "2–8 henkeä" in client.get(GROUP_URL).content.decode()
    page = SupervisionFormPage.objects.get(slug="ryhmatyonohjaus")
    page.group_size_max = 10
    page.save_revision().publish()

    response = client.get(GROUP_URL)
    assert cache_status(response) == "MISS"
    assert "2–10 henkeä" in response.content.decode()


def test_a_draft_does_not_change_what_visitors_see(client, home_page):
    page = SupervisionFormPage.objects.get(slug="ryhmatyonohjaus")
    page.group_size_max = 10
    page.save_revision()
    assert "2–8 henkeä" in client.get(GROUP_URL).content.decode()
    assert "2–8 henkeä" in client.get(GROUP_URL).content.decode()


def test_unpublishing_removes_the_page_and_its_menu_link(client, home_page):
    assert client.get(GROUP_URL).status_code == 200
    assert "Ryhmätyönohjaus" in client.get(SUPERVISION_URL).content.decode()
    SupervisionFormPage.objects.get(slug="ryhmatyonohjaus").unpublish()
    assert client.get(GROUP_URL).status_code == 404
    assert "Ryhmätyönohjaus" not in client.get(SUPERVISION_URL).content.decode()


def test_moving_a_page_updates_the_listings(client, home_page):
    services = ServiceIndexPage.objects.get()
    assert "Konsultointi" in client.get(services.url).content.decode()
    ServicePage.objects.get(slug="konsultointi").move(SupervisionPage.objects.get(), pos="last-child")
    assert "Konsultointi" not in client.get(services.url).content.decode()


def test_deleting_a_page_removes_it_from_the_listings(client, home_page):
    services = ServiceIndexPage.objects.get()
    assert "Konsultointi" in client.get(services.url).content.decode()
    ServicePage.objects.get(slug="konsultointi").delete()
    assert "Konsultointi" not in client.get(services.url).content.decode()


def test_snippet_and_settings_changes_reach_cached_pages(client, home_page):
    assert "Pelastuslaitos" not in client.get(SUPERVISION_URL).content.decode()
    group = SupervisedGroup.objects.first()
    group.name = "Pelastuslaitos"
    group.save()
    assert "Pelastuslaitos" in client.get(SUPERVISION_URL).content.decode()

    practice = PracticeSettings.objects.get()
    practice.phone = "+358 50 765 4321"
    practice.save()
    assert "+358 50 765 4321" in client.get(SUPERVISION_URL).content.decode()


def test_purge_page_cache_makes_every_cached_page_stale(client, home_page):
    client.get("/")
    client.get(GROUP_URL)
    purge_page_cache()
    assert cache_status(client.get("/")) == "MISS"
    assert cache_status(client.get(GROUP_URL)) == "MISS"


def test_a_page_rendered_while_content_changed_is_not_served_afterwards(client, home_page):
    """A publish that lands while a slow request renders the old page must win over that request."""

    def publish_meanwhile(page, request, serve_args, serve_kwargs):
        purge_page_cache()

    with hooks.register_temporarily("before_serve_page", publish_meanwhile):
        assert cache_status(client.get(GROUP_URL)) == "MISS"
    assert cache_status(client.get(GROUP_URL)) == "MISS"
    assert cache_status(client.get(GROUP_URL)) == "HIT"


def test_logged_in_editors_never_get_or_fill_the_cache(client, home_page, django_user_model):
    editor_client = Client()
    editor_client.force_login(make_editor(django_user_model))

    editor_page = editor_client.get(GROUP_URL)
    assert cache_status(editor_page) is None
    assert "wagtail-userbar" in editor_page.content.decode()

    visitor_page = client.get(GROUP_URL)
    assert cache_status(visitor_page) == "MISS"
    assert "wagtail-userbar" not in visitor_page.content.decode()

    editor_again = editor_client.get(GROUP_URL)
    assert cache_status(editor_again) is None
    assert "wagtail-userbar" in editor_again.content.decode()


def test_a_page_with_a_form_is_not_cached_with_someone_elses_csrf_token(home_page):
    first_visitor = Client(enforce_csrf_checks=True)
    second_visitor = Client(enforce_csrf_checks=True)
    first = first_visitor.get("/ota-yhteytta/")
    second = second_visitor.get("/ota-yhteytta/")
    assert cache_status(first) is None and cache_status(second) is None
    assert "csrftoken" in second.cookies

    token = second.context["csrf_token"]
    response = second_visitor.post(
        "/ota-yhteytta/",
        {
            "csrfmiddlewaretoken": str(token),
            "nimi": "Maija Meikäläinen",
            "sahkoposti": "maija@example.fi",
            "viesti": "Kysyisin ryhmätyönohjauksesta.",
        },
    )
    assert response.status_code == 200
    assert "Kiitos viestistäsi" in response.content.decode()


def test_posts_errors_and_unknown_query_strings_are_not_cached(client, home_page):
    client.get("/ota-yhteytta/?palvelu=Työnohjaus")
    assert cache_status(client.get("/?utm_source=uutiskirje")) is None
    assert cache_status(client.get("/?sivu=kaksi")) is None
    assert cache_status(client.get("/?sivu=1&sivu=2")) is None
    assert client.get("/ei-tallaista-sivua/").status_code == 404
    assert cache_status(client.get("/ei-tallaista-sivua/")) is None
    assert cache_status(client.post(SUPERVISION_URL)) is None


def test_a_page_number_is_part_of_the_cache_key(client, home_page):
    assert cache_status(client.get("/palvelut/?sivu=2")) == "MISS"
    assert cache_status(client.get("/palvelut/")) == "MISS"
    assert cache_status(client.get("/palvelut/?sivu=2")) == "HIT"


def test_a_password_protected_page_is_never_cached_or_shown_to_others(client, home_page):
    page = SupervisionFormPage.objects.get(slug="ryhmatyonohjaus")
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="salasana")
    response = client.get(GROUP_URL)
    assert "2–8 henkeä" not in response.content.decode()

    insider = Client()
    password_form = insider.get(GROUP_URL)
    insider.post(password_form.context["action_url"], {"password": "salasana", "return_url": GROUP_URL})
    assert "2–8 henkeä" in insider.get(GROUP_URL).content.decode()
    assert "2–8 henkeä" in insider.get(GROUP_URL).content.decode()

    outsider = client.get(GROUP_URL)
    assert "2–8 henkeä" not in outsider.content.decode()


def test_previews_are_not_cached(client, home_page, django_user_model):
    editor = Client()
    editor.force_login(django_user_model.objects.create_superuser("boss", "boss@example.fi", "pw"))
    page = SupervisionFormPage.objects.get(slug="ryhmatyonohjaus")
    page.group_size_max = 12
    page.save_revision()
    preview = editor.get(f"/admin/pages/{page.pk}/view_draft/")
    assert "2–12 henkeä" in preview.content.decode()
    assert "2–8 henkeä" in client.get(GROUP_URL).content.decode()


def test_a_visitor_with_messages_waiting_gets_a_fresh_page(client, home_page):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpResponse
    from django.test import RequestFactory

    client.get(GROUP_URL)
    assert cache_status(client.get(GROUP_URL)) == "HIT"

    response = HttpResponse()
    CookieStorage(RequestFactory().get("/"))._store(
        [Message(constants.SUCCESS, "Ilmoittautuminen vastaanotettu")], response
    )
    client.cookies["messages"] = response.cookies["messages"].value
    assert cache_status(client.get(GROUP_URL)) is None
