"""The anonymous page cache (home/cache.py): fast for visitors, never stale, never personal."""

import pytest
from django.test import Client
from wagtail import hooks
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from home.cache import KEY_PREFIX, purge_page_cache
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


def test_second_anonymous_request_is_served_from_the_cache_with_one_query(
    client, home_page, django_assert_num_queries
):
    first = client.get(GROUP_URL)
    assert first.status_code == 200 and cache_status(first) == "MISS"
    with django_assert_num_queries(1):  # the generation, which every worker process shares
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
    # The card links to the page; the price list's "Ryhmätyönohjaus (2–8 henkeä)" is no link.
    assert f'href="{GROUP_URL}"' in client.get(SUPERVISION_URL).content.decode()
    SupervisionFormPage.objects.get(slug="ryhmatyonohjaus").unpublish()
    assert client.get(GROUP_URL).status_code == 404
    assert f'href="{GROUP_URL}"' not in client.get(SUPERVISION_URL).content.decode()


def test_moving_a_page_updates_the_listings(client, home_page):
    services = ServiceIndexPage.objects.get(locale__language_code="fi")
    assert "Konsultointi" in client.get(services.url).content.decode()
    ServicePage.objects.get(slug="konsultointi").move(
        SupervisionPage.objects.get(locale__language_code="fi"), pos="last-child"
    )
    assert "Konsultointi" not in client.get(services.url).content.decode()


def test_deleting_a_page_removes_it_from_the_listings(client, home_page):
    services = ServiceIndexPage.objects.get(locale__language_code="fi")
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


def test_a_query_parameter_the_page_does_not_read_is_not_stored(client, home_page):
    assert cache_status(client.get("/palvelut/?sivu=2")) is None
    assert cache_status(client.get("/palvelut/")) == "MISS"
    assert cache_status(client.get("/palvelut/?sivu=2")) is None


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


# Previews: an editor's unsaved change never reaches visitors, neither through the page cache nor
# through anything kept below it. Each case checks a fresh render after a purge as well.


def editor_request(rf, django_user_model):
    from django.contrib.sessions.backends.db import SessionStore

    request = rf.get("/admin/")
    request.user = make_editor(django_user_model)
    request.session = SessionStore()
    request.COOKIES["sessionid"] = "editor-session"
    request.META["HTTP_COOKIE"] = "sessionid=editor-session"
    return request


def visitor_sees(client, url, text):
    """Whether an anonymous visitor sees `text` on `url`, cached and rendered afresh."""
    cached = text in client.get(url).content.decode()
    purge_page_cache()
    fresh = text in client.get(url).content.decode()
    return cached or fresh


@pytest.mark.parametrize("from_the_admin", [True, False], ids=["editor request", "no original request"])
def test_a_previewed_page_title_and_text_never_reach_visitors(
    client, rf, home_page, django_user_model, from_the_admin
):
    for url in ("/", "/palvelut/", "/palvelut/konsultointi/"):
        client.get(url)  # cached before the preview
    page = ServicePage.objects.get(slug="konsultointi")
    page.title = "Luonnosotsikko"
    page.body = [("paragraph", RichText("<p>Luonnosteksti</p>"))]
    original = editor_request(rf, django_user_model) if from_the_admin else None
    preview = page.make_preview_request(original)
    assert "Luonnosotsikko" in preview.content.decode() and "Luonnosteksti" in preview.content.decode()
    assert "private" in preview["Cache-Control"]
    for url in ("/", "/palvelut/", "/palvelut/konsultointi/"):
        assert not visitor_sees(client, url, "Luonnosotsikko"), url
        assert not visitor_sees(client, url, "Luonnosteksti"), url


def test_a_previewed_contact_form_field_never_reaches_visitors(client, rf, home_page, django_user_model):
    from home.models import ContactFormField, ContactPage

    page = ContactPage.objects.get(slug="ota-yhteytta")
    page.form_fields.add(ContactFormField(label="Luonnoskenttä", field_type="singleline"))
    preview = page.make_preview_request(editor_request(rf, django_user_model))
    assert "Luonnoskenttä" in preview.content.decode()
    assert not visitor_sees(client, "/ota-yhteytta/", "Luonnoskenttä")
    assert not visitor_sees(client, "/ota-yhteytta/?palvelu=Työnohjaus", "Luonnoskenttä")


def test_a_previewed_supervised_group_never_reaches_visitors(client, rf, home_page, django_user_model):
    from home.models import SupervisionPageGroup

    draft_group = SupervisedGroup.objects.create(name="Luonnosryhmä")  # a snippet on no page yet
    client.get(SUPERVISION_URL)
    page = SupervisionPage.objects.get(locale__language_code="fi")
    page.supervised_groups.add(SupervisionPageGroup(group=draft_group))
    preview = page.make_preview_request(editor_request(rf, django_user_model))
    assert "Luonnosryhmä" in preview.content.decode()
    assert not visitor_sees(client, SUPERVISION_URL, "Luonnosryhmä")


def test_a_preview_is_never_answered_from_the_cache(client, home_page):
    client.get(GROUP_URL)
    assert cache_status(client.get(GROUP_URL)) == "HIT"
    page = SupervisionFormPage.objects.get(slug="ryhmatyonohjaus")
    page.group_size_max = 12
    preview = page.make_preview_request()
    assert cache_status(preview) is None
    assert "2–12 henkeä" in preview.content.decode()


# Keeping pages no longer than what they show.


def stored_seconds():
    """Seconds each stored page has left in the local-memory cache."""
    import time

    from django.core.cache import cache

    return [expiry - time.time() for key, expiry in cache._expire_info.items() if KEY_PREFIX in key]


def test_a_page_is_kept_only_until_a_fact_on_it_changes(client, home_page, settings):
    from datetime import timedelta

    from django.utils import timezone

    from home.cache import cache_until

    settings.PAGE_CACHE_TIMEOUT = 300

    def event_begins_soon(page, request, serve_args, serve_kwargs):
        cache_until(timezone.now() + timedelta(seconds=90))
        cache_until(timezone.now() + timedelta(hours=2))  # a later moment does not extend it

    with hooks.register_temporarily("before_serve_page", event_begins_soon):
        assert cache_status(client.get(GROUP_URL)) == "MISS"
    assert 80 < max(stored_seconds()) <= 90

    def event_has_begun(page, request, serve_args, serve_kwargs):
        cache_until(timezone.now() - timedelta(seconds=1))

    purge_page_cache()
    with hooks.register_temporarily("before_serve_page", event_has_begun):
        assert cache_status(client.get(GROUP_URL)) is None


def test_migrate_purges_the_page_cache(client, home_page):
    from django.core.management import call_command

    client.get(GROUP_URL)
    assert cache_status(client.get(GROUP_URL)) == "HIT"
    call_command("migrate", verbosity=0)  # every deploy runs it
    assert cache_status(client.get(GROUP_URL)) == "MISS"


@pytest.mark.purge_on_commit
def test_a_purge_takes_effect_when_the_change_commits(client, home_page, django_capture_on_commit_callbacks):
    from home.cache import current_generation

    before = current_generation()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        page = SupervisionFormPage.objects.get(slug="ryhmatyonohjaus")
        page.group_size_max = 10
        page.save_revision().publish()
        assert current_generation() == before  # a request now still reads the old, consistent data
    for callback in callbacks:
        callback()
    assert current_generation() > before
    assert "2–10 henkeä" in client.get(GROUP_URL).content.decode()


# A CDN or Varnish in front (home/frontend_cache.py).


@pytest.fixture
def recording_frontend_cache(settings):
    from tests.home.frontend_cache_backend import RecordingBackend

    settings.WAGTAILFRONTENDCACHE = {
        "recording": {"BACKEND": "tests.home.frontend_cache_backend.RecordingBackend"}
    }
    RecordingBackend.purged = []
    return RecordingBackend


def test_a_publish_purges_the_frontend_cache_of_every_page_showing_it(
    client, home_page, recording_frontend_cache
):
    page = ServicePage.objects.get(slug="konsultointi")
    page.title = "Konsultaatio"
    page.save_revision().publish()
    purged = set(recording_frontend_cache.purged)
    # The page itself, and the pages whose menus and listings show its title.
    assert {
        "http://localhost/palvelut/konsultointi/",
        "http://localhost/palvelut/",
        "http://localhost/",
    } <= purged


def test_settings_changes_purge_the_frontend_cache(home_page, recording_frontend_cache):
    practice = PracticeSettings.objects.get()
    practice.phone = "+358 50 765 4321"
    practice.save()
    assert "http://localhost/palvelut/tyonohjaus/" in recording_frontend_cache.purged


def test_pages_tell_a_frontend_cache_how_long_to_keep_them(
    client, home_page, recording_frontend_cache, settings
):
    settings.PAGE_CACHE_TIMEOUT = 120
    response = client.get(GROUP_URL)
    assert cache_status(response) == "MISS"
    assert "s-maxage=120" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]
    assert "s-maxage" not in client.get("/ota-yhteytta/").get("Cache-Control", "")  # a form: never shared


def test_without_a_frontend_cache_pages_carry_no_shared_cache_header(client, home_page):
    assert "Cache-Control" not in client.get(GROUP_URL)


# Nothing a visitor makes up becomes a cache key.

MADE_UP_URLS = (
    [f"/keksitty-sivu-{n}/" for n in range(15)]
    + [f"/?sivu={n}" for n in range(2, 12)]
    + [f"/palvelut/?sivu={n}" for n in range(10)]
    + [f"/palvelut/tyonohjaus/?aihe=keksitty-{n}" for n in range(5)]
    + [f"/julkaisut/?aihe=keksitty-{n}" for n in range(10)]
    + [f"/julkaisut/?sivu={900 + n}" for n in range(10)]
    + [f"/julkaisut/?tyyppi=runo-{'x' * n}" for n in range(10)]
    + [f"/julkaisut/?vuosi={1900 + n}" for n in range(10)]
    + [f"/koulutukset-ja-luennot/?sivu={500 + n}" for n in range(10)]
    + [f"/koulutukset-ja-luennot/menneet/?sivu={500 + n}" for n in range(10)]
)


def test_made_up_requests_add_no_cache_entries(client, home_page):
    from django.core.cache import cache

    assert len(MADE_UP_URLS) == 100
    for url in ("/", "/julkaisut/", "/koulutukset-ja-luennot/", "/palvelut/"):
        assert cache_status(client.get(url)) == "MISS"
    before = len(cache._cache)
    for url in MADE_UP_URLS:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert cache_status(response) is None, url
    assert len(cache._cache) == before


def test_the_archives_real_filter_combinations_are_cached(client, home_page):
    url = "/julkaisut/?tyyppi=esitelma&vuosi=2024&aihe=dialogisuus"
    assert cache_status(client.get(url)) == "MISS"
    assert cache_status(client.get(url)) == "HIT"
    assert cache_status(client.get("/julkaisut/?q=dialogi")) is None  # free text: never a key
