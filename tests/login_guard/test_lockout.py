"""Admin login protection: repeated failures lock the username out from that address for a while."""

import time

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from tests.factories import make_editor

pytestmark = pytest.mark.django_db

LOGIN_URL = "/admin/login/"
LOCKED = "Liian monta epäonnistunutta kirjautumisyritystä. Odota 15 minuuttia ennen kuin yrität uudelleen."


@pytest.fixture
def editor(django_user_model):
    user = make_editor(django_user_model, "toimittaja")
    user.set_password("oikea-salasana-123")
    user.save()
    return user


def log_in(client, password, username="toimittaja", **extra):
    return client.post(LOGIN_URL, {"username": username, "password": password}, **extra)


def is_logged_in(client):
    return client.get("/admin/").status_code == 200


def test_the_admin_login_page_is_in_finnish(client):
    response = client.get(LOGIN_URL)
    assert response.status_code == 200
    assert "Kirjaudu sisään" in response.content.decode()


def test_five_failures_lock_the_username_even_for_the_right_password(client, editor):
    for _attempt in range(5):
        response = log_in(client, "väärä")
        assert response.status_code == 200
        assert LOCKED not in response.content.decode()

    response = log_in(client, "oikea-salasana-123")
    assert response.status_code == 200
    assert LOCKED in response.content.decode()
    assert not is_logged_in(client)


def test_a_locked_username_is_refused_by_every_login_path(client, editor):
    request = RequestFactory().post(LOGIN_URL, REMOTE_ADDR="203.0.113.5")
    for _attempt in range(5):
        assert authenticate(request, username="toimittaja", password="väärä") is None
    assert authenticate(request, username="toimittaja", password="oikea-salasana-123") is None
    other_address = RequestFactory().post(LOGIN_URL, REMOTE_ADDR="203.0.113.6")
    assert authenticate(other_address, username="toimittaja", password="oikea-salasana-123") == editor


def test_failures_from_elsewhere_do_not_lock_the_editor_out(client, editor):
    for _attempt in range(6):
        log_in(client, "väärä", REMOTE_ADDR="198.51.100.7")
    response = log_in(client, "oikea-salasana-123", REMOTE_ADDR="192.0.2.10", follow=True)
    assert LOCKED not in response.content.decode()
    assert is_logged_in(client)


def test_the_lock_opens_when_the_window_has_passed(client, editor, settings):
    settings.LOGIN_FAILURE_WINDOW = 1
    for _attempt in range(5):
        log_in(client, "väärä")
    assert "Odota 1 minuutti" in log_in(client, "oikea-salasana-123").content.decode()
    time.sleep(1.1)
    log_in(client, "oikea-salasana-123")
    assert is_logged_in(client)


def test_a_successful_login_clears_earlier_failures(client, editor):
    for _attempt in range(4):
        log_in(client, "väärä")
    log_in(client, "oikea-salasana-123")
    assert is_logged_in(client)
    client.logout()
    for _attempt in range(4):
        log_in(client, "väärä")
    log_in(client, "oikea-salasana-123")
    assert is_logged_in(client)


def test_behind_the_proxy_each_client_address_counts_separately(client, editor, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]  # the test client's address
    for attempt in range(6):
        # The attacker forges the first entries; the proxy appends the address it really saw.
        log_in(client, "väärä", HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}, 198.51.100.7")
    response = log_in(client, "oikea-salasana-123", HTTP_X_FORWARDED_FOR="10.0.0.99, 198.51.100.7")
    assert LOCKED in response.content.decode()

    log_in(client, "oikea-salasana-123", HTTP_X_FORWARDED_FOR="192.0.2.10")
    assert is_logged_in(client)


def test_unknown_usernames_and_odd_input_never_cause_an_error(client):
    for username in ["", " ", "x" * 300, "admin'--", "ä\u0000ö", "<script>"]:
        for _attempt in range(6):
            response = client.post(LOGIN_URL, {"username": username, "password": "x"})
            assert response.status_code == 200
