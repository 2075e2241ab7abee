"""Whose address a request is: X-Forwarded-For only from a configured proxy, read by the login lockout
and the form rate limit alike; and the HTTPS settings a small practice can live with."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.test import RequestFactory

from home.client_address import client_address
from tests.events.test_registration_views import registration_data
from tests.factories import make_editor, make_training

FORGED = "HTTP_X_FORWARDED_FOR"


def request_from(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra[FORGED] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_a_trusted_proxy_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(request_from("203.0.113.5", "198.51.100.1")) == "203.0.113.5"


def test_forwarded_for_from_an_untrusted_address_is_ignored(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_address(request_from("203.0.113.5", "198.51.100.1")) == "203.0.113.5"


def test_behind_a_trusted_proxy_the_address_it_appended_counts(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    # The client wrote the first entry; the proxy appended the address it saw.
    assert client_address(request_from("127.0.0.1", "10.9.9.9, 198.51.100.7")) == "198.51.100.7"
    assert client_address(request_from("::1", "2001:db8::1")) == "2001:db8::1"
    assert client_address(request_from("127.0.0.1")) == "127.0.0.1"  # a direct local request


def test_a_chain_of_trusted_proxies_is_skipped_from_the_right(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    request = request_from("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.0.0.3")
    assert client_address(request) == "198.51.100.7"


def test_garbage_from_a_trusted_proxy_counts_against_the_proxy(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_address(request_from("127.0.0.1", "x" * 300)) == "127.0.0.1"
    assert client_address(request_from("")) == "unknown"


@pytest.mark.django_db
def test_forged_forwarded_for_does_not_dodge_the_form_rate_limit(client, home_page, settings):
    """Production sets SECURE_PROXY_SSL_HEADER; that alone no longer makes X-Forwarded-For believed."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXIES = []
    settings.FORM_RATE_LIMIT = "5/600"
    limit = 5
    event = make_training(capacity=None)
    data = registration_data(client, event)
    statuses = [
        client.post(
            event.url + "ilmoittaudu/",
            {**data, "email": f"p{number}@example.invalid"},
            **{FORGED: f"203.0.113.{number}"},
        ).status_code
        for number in range(limit + 1)
    ]
    assert statuses[-1] == 429


@pytest.mark.django_db
def test_forged_forwarded_for_does_not_dodge_the_login_lockout(client, django_user_model, settings):
    settings.TRUSTED_PROXIES = []
    editor = make_editor(django_user_model, "toimittaja")
    editor.set_password("oikea-salasana-123")
    editor.save()
    for attempt in range(settings.LOGIN_FAILURE_LIMIT):
        client.post(
            "/admin/login/", {"username": "toimittaja", "password": "väärä"}, **{FORGED: f"10.0.0.{attempt}"}
        )
    client.post(
        "/admin/login/", {"username": "toimittaja", "password": "oikea-salasana-123"}, **{FORGED: "10.0.0.99"}
    )
    assert client.get("/admin/").status_code != 200


def production_settings(**env):
    """The named production settings, as a process started with `env` reads them."""
    names = ["SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "TRUSTED_PROXIES"]
    base = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "TRUSTED_PROXIES") and not key.startswith("SECURE_HSTS")
    }
    base.update(
        DJANGO_SETTINGS_MODULE="practice_site.settings.production",
        SECRET_KEY="settings-test-" + "k3y-Zq8!xW" * 6,
        SITE_URL="https://tyonohjaus.example.fi",
    )
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print(json.dumps({{name: getattr(settings, name) for name in {names!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=django_settings.BASE_DIR,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def test_hsts_preload_and_subdomains_are_off_unless_asked_for():
    values = production_settings()
    assert values["SECURE_HSTS_PRELOAD"] is False
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False


def test_hsts_preload_and_subdomains_can_be_turned_on():
    values = production_settings(SECURE_HSTS_PRELOAD="true", SECURE_HSTS_INCLUDE_SUBDOMAINS="true")
    assert values["SECURE_HSTS_PRELOAD"] is True
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True


def test_production_trusts_only_the_local_proxy_unless_told_otherwise():
    assert production_settings()["TRUSTED_PROXIES"] == ["127.0.0.1", "::1"]
    assert production_settings(TRUSTED_PROXIES="10.0.0.5")["TRUSTED_PROXIES"] == ["10.0.0.5"]
