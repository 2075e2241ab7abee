"""A visitor in a real browser: finds group supervision, and sends an enquiry with the keyboard alone."""

import re

import pytest
from django.core import mail
from wagtail.contrib.forms.models import FormSubmission

from .conftest import WIDTHS, screenshot

# Playwright is a dev requirement; without it these are skipped, not errors.
expect = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (make install)"
).expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_visitor_finds_group_supervision_from_the_home_page(browser_session):
    for width in WIDTHS:
        page = browser_session.open(width)
        page.goto("/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Työnohjausta, koulutusta ja kehittämistä")
        screenshot(page, "home", width)

        menu = page.get_by_role("navigation", name="Päävalikko")
        if width == "phone":  # on a phone the menu is folded behind its button
            menu.get_by_role("button", name="Valikko").click()
        menu.get_by_role("link", name="Palvelut").click()
        expect(page).to_have_url(re.compile(r"/palvelut/$"))
        screenshot(page, "service-index", width)

        page.get_by_role("main").get_by_role("link", name="Työnohjaus", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Työnohjaus")
        screenshot(page, "supervision", width)

        page.get_by_role("main").get_by_role("link", name="Ryhmätyönohjaus").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Ryhmätyönohjaus")
        facts = page.get_by_role("complementary", name="Lyhyesti")
        expect(facts).to_contain_text("Ryhmän koko")
        expect(facts).to_contain_text("2–8 henkeä")
        expect(page.get_by_role("navigation", name="Murupolku")).to_contain_text("Työnohjaus")
        screenshot(page, "supervision-form", width)

    assert browser_session.console_errors == []


def focused(page):
    return page.evaluate(
        "() => { const e = document.activeElement; return e ? (e.id || e.name || e.tagName) : null; }"
    )


def test_enquiry_can_be_filled_and_sent_with_the_keyboard_alone(browser_session):
    page = browser_session.open("desktop")
    page.goto("/palvelut/tyonohjaus/")
    # The call to action takes the visitor to the form with the service chosen.
    page.get_by_role("link", name="Kysy tarjousta").last.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kysy tarjousta")

    typed = {
        "id_nimi": "Maija Meikäläinen",
        "id_sahkoposti": "maija@example.fi",
        "id_puhelin": "040 123 4567",
        "id_organisaatio": "Esimerkin kaupunki",
        "id_viesti": "Haluaisimme ryhmätyönohjausta kuudelle hengelle.",
    }
    visited = []
    for _step in range(60):
        page.keyboard.press("Tab")
        current = focused(page)
        visited.append(current)
        if current in typed:
            page.keyboard.type(typed.pop(current))
        if not typed and page.evaluate(
            "() => document.activeElement.type === 'submit' && document.activeElement.form.method === 'post'"
        ):
            screenshot(page, "contact-filled", "desktop")
            page.keyboard.press("Enter")
            break
    else:
        pytest.fail(f"Could not reach every field and the send button with Tab: {visited}")

    assert "id_website" not in visited  # the bot trap is never focused
    assert "id_palvelu" in visited
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiitos viestistäsi")
    screenshot(page, "contact-thanks", "desktop")
    submission = FormSubmission.objects.get()
    assert submission.get_data()["palvelu"] == "Työnohjaus"
    assert submission.get_data()["nimi"] == "Maija Meikäläinen"
    assert len(mail.outbox) == 1
    assert browser_session.console_errors == []


def test_errors_are_announced_and_reachable_with_the_keyboard(browser_session):
    page = browser_session.open("phone")
    page.goto("/ota-yhteytta/")
    page.get_by_role("button", name="Lähetä").press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Korjaa")
    name = page.get_by_label("Nimi")
    expect(name).to_have_attribute("aria-invalid", "true")
    described_by = name.get_attribute("aria-describedby") or ""
    assert described_by, "the error message is not tied to the field"
    screenshot(page, "contact-errors", "phone")
    assert FormSubmission.objects.count() == 0
