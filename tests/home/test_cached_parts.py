"""{% cachedpart %}: content-only HTML (menus, footers, page bodies, listings) rendered once per
content generation, never stale after a change and never reused for a preview."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from home.cache import purge_page_cache
from home.demo import paragraph
from home.models import StandardPage

pytestmark = pytest.mark.django_db

PART = Template('{% load navigation_tags %}{% cachedpart "test" key %}<p>{{ text }}</p>{% endcachedpart %}')


def render(text, key=1, preview=False):
    request = RequestFactory().get("/")
    request.is_preview = preview
    return PART.render(Context({"request": request, "text": text, "key": key}))


def test_a_part_is_rendered_once_per_generation_and_key():
    assert render("first") == "<p>first</p>"
    assert render("second") == "<p>first</p>"
    assert render("second", key=2) == "<p>second</p>"
    purge_page_cache()
    assert render("third") == "<p>third</p>"


def test_a_preview_never_reads_or_fills_the_cache():
    assert render("live") == "<p>live</p>"
    assert render("unsaved draft", preview=True) == "<p>unsaved draft</p>"
    assert render("another draft", preview=True) == "<p>another draft</p>"
    assert render("live again") == "<p>live</p>"


def test_languages_do_not_share_parts():
    assert render("suomeksi") == "<p>suomeksi</p>"
    with translation.override("en"):
        assert render("in English") == "<p>in English</p>"
    assert render("x") == "<p>suomeksi</p>"


def test_text_is_still_escaped():
    assert render("<script>") == "<p>&lt;script&gt;</p>"


def test_a_published_body_shows_at_once_without_the_page_cache(client, home_page, settings):
    settings.PAGE_CACHE_ENABLED = False
    page = StandardPage.objects.get(slug="tietosuojaseloste")
    assert "Uusi kappale" not in client.get(page.url).content.decode()
    page.body = paragraph("Uusi kappale tietosuojasta.")
    page.save_revision().publish()
    assert "Uusi kappale tietosuojasta." in client.get(page.url).content.decode()
