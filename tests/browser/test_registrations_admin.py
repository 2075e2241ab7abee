"""An editor in a real browser: creates and publishes a training in the Finnish admin, then sees its
registrations and downloads them as a CSV file that Finnish Excel opens as is."""

import csv
import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from events import services
from events.models import EventIndexPage, Registration, TrainingPage

from .conftest import screenshot

# Playwright is a dev requirement; without it these are skipped, not errors.
expect = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (make install)"
).expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Ohjaajan kevätpäivä"
PASSWORD = "oikea-salasana-123"


def make_trainer(django_user_model):
    """A moderator (may publish pages) who may also see and manage registrations."""
    user = django_user_model.objects.create_user("kouluttaja", "kouluttaja@example.fi", PASSWORD)
    user.groups.add(Group.objects.get(name="Moderators"))
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="events", codename__in=["view_registration", "change_registration"]
        )
    )
    return user


def log_in(page, username):
    page.goto("/admin/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kirjaudu")
    page.get_by_label("Käyttäjätunnus").fill(username)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    expect(page.get_by_role("main")).to_be_visible()


def fill_date(page, name, value):
    page.locator(f"input[name='{name}']").fill(value)
    # Typing opens the date picker over the form; an editor would close it by clicking elsewhere.
    page.evaluate(
        "() => document.querySelectorAll('.xdsoft_datetimepicker').forEach(p => p.style.display = 'none')"
    )


def test_editor_publishes_a_training_then_sees_and_exports_its_registrations(
    browser_session, django_user_model
):
    make_trainer(django_user_model)
    index = EventIndexPage.objects.get(slug="koulutukset-ja-luennot")
    day = (timezone.localdate() + timedelta(days=7)).isoformat()

    editor = browser_session.open("desktop")
    log_in(editor, "kouluttaja")

    # Through the page explorer, as an editor would: events page → add child page → training.
    editor.goto(f"/admin/pages/{index.pk}/")
    editor.get_by_role("link", name=re.compile("Lisää alasivu")).first.click()
    editor.get_by_role("link", name=re.compile("^Koulutus")).click()
    expect(editor.locator("input[name=title]")).to_be_visible()

    editor.locator("input[name=title]").fill(TITLE)
    editor.locator("textarea[name=lead]").fill("Päivän koulutus työnohjaajille.")
    fill_date(editor, "sessions-0-start", f"{day} 09:00")
    fill_date(editor, "sessions-0-end", f"{day} 15:00")
    editor.locator("input[name=venue]").fill("Työnohjaustila")
    editor.locator("input[name=capacity]").fill("2")
    screenshot(editor, "admin-training-editor", "desktop")

    editor.get_by_role("button", name="Lisää toimintoja").click()
    editor.get_by_role("button", name="Julkaise").click()
    expect(editor.locator(".messages")).to_contain_text("julkaistu")

    training = TrainingPage.objects.get(title=TITLE)
    assert training.live and training.capacity == 2
    assert [timezone.localtime(s.start).hour for s in training.sessions.all()] == [9]

    # Two people register on the website; the event is then full.
    for first, last in (("Aino", "Ääninen"), ("Östen", "Åkerlund")):
        services.register(
            training, first_name=first, last_name=last, email=f"{first.lower()}@example.invalid", consent=True
        )
    assert Registration.objects.filter(event=training, status=Registration.Status.CONFIRMED).count() == 2

    # The dashboard lists the event with its count and a link to its registrations.
    editor.goto("/admin/")
    panel = editor.get_by_role("region", name="Tulevat koulutukset ja luennot")
    row = panel.get_by_role("row").filter(has_text=TITLE)
    expect(row).to_contain_text("2 / 2")
    row.get_by_role("link", name="Ilmoittautumiset").click()
    listing = editor.get_by_role("main")
    expect(listing).to_contain_text("Aino Ääninen")
    expect(listing).to_contain_text("Östen Åkerlund")
    expect(listing).to_contain_text("aino@example.invalid")
    screenshot(editor, "admin-registrations", "desktop")

    # The header's actions menu has the downloads, for the listing as filtered.
    editor.locator("#w-slim-header-buttons").get_by_role("button", name="Toimet").click()
    with editor.expect_download() as download_info:
        editor.get_by_role("link", name="Lataa CSV").click()
    download = download_info.value
    first_day = timezone.localtime(training.starts_at).date().isoformat()
    assert download.suggested_filename == f"ilmoittautumiset-ohjaajan-kevatpaiva-{first_day}.csv"
    raw = Path(download.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte order mark: Excel reads the letters right
    header, *rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert header[:7] == [
        "Tapahtuma",
        "Ajankohta",
        "Tila",
        "Sija jonossa",
        "Etunimi",
        "Sukunimi",
        "Sähköposti",
    ]
    names = sorted((row[4], row[5]) for row in rows)
    assert names == [("Aino", "Ääninen"), ("Östen", "Åkerlund")]
    assert {row[0] for row in rows} == {TITLE}  # only this event: the listing's filter carried over
    assert browser_session.console_errors == []
