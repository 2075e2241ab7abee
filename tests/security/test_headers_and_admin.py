"""Deployment settings, the Content-Security-Policy, and an admin that keeps working under it."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from home.models import SupervisionFormPage
from tests.factories import make_editor
from tests.public_pages import PUBLIC_PAGES

pytestmark = pytest.mark.django_db

BASE_DIR = Path(django_settings.BASE_DIR)


def test_deploy_check_is_clean_with_production_settings():
    unwanted = ("DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {key: value for key, value in os.environ.items() if key not in unwanted}
    env.update(
        DJANGO_SETTINGS_MODULE="practice_site.settings.production",
        SECRET_KEY="deploy-check-" + "k3y-Zq8!xW" * 6,
        SITE_URL="https://tyonohjaus.example.fi",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def policy(response):
    return dict(
        directive.strip().split(" ", 1) for directive in response["Content-Security-Policy"].split(";")
    )


def test_public_pages_allow_only_the_sites_own_scripts(client, home_page):
    csp = policy(client.get("/"))
    assert csp["script-src"] == "'self'"
    assert csp["object-src"] == "'none'"
    assert "unsafe" not in csp["script-src"] + csp["default-src"] + csp["style-src"]


@pytest.mark.parametrize("page", PUBLIC_PAGES, ids=str)
def test_no_public_page_needs_inline_script_or_style(client, home_page, page):
    """Anything inline would be blocked by the policy: every script is a file or JSON-LD data."""
    url = page.url()
    response = client.post(url, {}) if page.submit_empty else client.get(url)
    assert response.status_code == page.status
    assert "Content-Security-Policy" in response
    html = response.content.decode()
    for attributes in re.findall(r"<script\b([^>]*)>", html):
        assert "src=" in attributes or 'type="application/ld+json"' in attributes, attributes
    assert not re.search(r"<style\b|\sstyle=|\son[a-z]+=|javascript:", html)


def test_the_admin_is_outside_the_policy_and_its_page_editor_works(client, home_page, django_user_model):
    editor = make_editor(django_user_model, "toimittaja")
    editor.set_password("oikea-salasana-123")
    editor.save()
    login = client.post("/admin/login/", {"username": "toimittaja", "password": "oikea-salasana-123"})
    assert login.status_code == 302

    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert "Content-Security-Policy" not in dashboard

    page = SupervisionFormPage.objects.get(slug="ryhmatyonohjaus")
    edit = client.get(f"/admin/pages/{page.pk}/edit/")
    assert edit.status_code == 200
    html = edit.content.decode()
    assert 'name="group_size_max"' in html
    assert "Tallenna luonnos" in html or "Lähetä työnkulkuun" in html  # the Finnish admin UI


def test_the_userbar_of_a_logged_in_editor_loads_under_the_policy(client, home_page, django_user_model):
    client.force_login(make_editor(django_user_model))
    response = client.get("/")
    html = response.content.decode()
    assert "<wagtail-userbar>" in html
    assert "Content-Security-Policy" in response
    sources = re.findall(r'<script src="([^"]+)"', html)
    assert sources and all(source.startswith(("/", "//testserver/")) for source in sources)
