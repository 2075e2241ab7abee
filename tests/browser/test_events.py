"""A visitor in a real browser: finds a training, registers, cancels from the emailed link, and the next
person on the waiting list gets the place; and the registration form works with the keyboard alone."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from events import services
from events.models import Registration, TrainingPage

from .conftest import AXE, axe_violations, screenshot, screenshots_at_both_widths

# Playwright is a dev requirement; without it these are skipped, not errors.
expect = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (make install)"
).expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

Status = Registration.Status
# In the demo, 11 of this training's 12 places are taken.
TRAINING_SLUG = "tyossa-jaksaminen"
EMAIL = "maija.meikalainen@example.fi"
# A paid training that asks who pays and the invoicing details.
INVOICED_TRAINING_SLUG = "dialoginen-asiakastyo"


def messages_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def check_axe(page, name, found):
    if AXE.exists() and (violations := axe_violations(page)):
        found[name] = violations


def test_visitor_registers_cancels_from_the_email_and_the_waiting_list_moves(browser_session):
    training = TrainingPage.objects.get(slug=TRAINING_SLUG)
    axe_found = {}
    page = browser_session.open("desktop")

    # The events page, narrowed to trainings, shows the last free place.
    page.goto("/koulutukset-ja-luennot/")
    page.get_by_role("navigation", name="Näytä").get_by_role("link", name="Koulutukset").click()
    expect(page).to_have_url(re.compile(r"\?tyyppi=koulutukset$"))
    card = page.locator(".event-card").filter(has=page.get_by_role("link", name=training.title))
    expect(card).to_contain_text("1 jäljellä")
    screenshots_at_both_widths(page, "event-index-trainings")
    card.get_by_role("link", name=training.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(training.title)

    page.get_by_role("main").get_by_role("link", name="Ilmoittaudu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(training.title)
    page.get_by_label("Etunimi").fill("Maija")
    page.get_by_label("Sukunimi").fill("Meikäläinen")
    page.get_by_label("Sähköposti").fill(EMAIL.upper())  # stored and shown in lower case
    page.get_by_label("Ruokavalio").fill("Kasvis")
    page.get_by_label(re.compile("Hyväksyn tietojeni käsittelyn")).check()
    page.get_by_role("button", name="Ilmoittaudu").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Paikkasi on vahvistettu")
    expect(page.get_by_role("main")).to_contain_text(EMAIL)
    check_axe(page, "registered", axe_found)
    screenshots_at_both_widths(page, "registration-confirmed")
    mine = Registration.objects.get(event=training, email=EMAIL)
    assert (mine.status, mine.first_name, mine.dietary_needs) == (Status.CONFIRMED, "Maija", "Kasvis")

    # The training is now full: the next person joins the waiting list, and visitors see it is full.
    waiting = services.register(
        training, first_name="Ville", last_name="Jonottaja", email="ville@example.fi", consent=True
    )
    assert waiting.status == Status.WAITLISTED
    page.goto(training.url)
    expect(page.get_by_role("main")).to_contain_text("Täynnä – voit ilmoittautua jonoon")

    # The confirmation email has the cancel link; the visitor follows it and confirms.
    [confirmation] = messages_to(EMAIL)
    assert confirmation.subject == f"Ilmoittautuminen vahvistettu: {training.title}"
    cancel_url = re.search(r"https?://\S+/peru/\S+/", confirmation.body).group(0)
    assert cancel_url in confirmation.alternatives[0].content  # the HTML part has the same link
    page.goto(urlsplit(cancel_url).path)  # the link names the site's domain; the test server has its own
    expect(page.get_by_role("heading", level=1)).to_have_text("Peru ilmoittautuminen")
    expect(page.get_by_role("main")).to_contain_text("Maija Meikäläinen")
    check_axe(page, "cancel", axe_found)
    screenshots_at_both_widths(page, "registration-cancel")
    page.get_by_role("button", name="Kyllä, peru ilmoittautumiseni").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ilmoittautuminen peruttu")
    expect(page.get_by_role("main")).to_contain_text(f"osoitteeseen {EMAIL}")
    check_axe(page, "cancelled", axe_found)
    screenshots_at_both_widths(page, "registration-cancelled")

    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert mine.status == Status.CANCELLED
    assert waiting.status == Status.CONFIRMED  # the freed place went to the first in line
    assert [message.subject for message in messages_to("ville@example.fi")] == [
        f"Olet jonossa: {training.title}",
        f"Paikka vapautui – pääset mukaan: {training.title}",
    ]
    assert messages_to(EMAIL)[-1].subject == f"Ilmoittautuminen peruttu: {training.title}"

    # The link works once: opened again, it says the registration is already cancelled.
    page.goto(urlsplit(cancel_url).path)
    expect(page.get_by_role("alert")).to_contain_text("on jo peruttu")
    expect(page.get_by_role("button", name="Kyllä, peru ilmoittautumiseni")).to_have_count(0)

    assert not axe_found, axe_found
    assert browser_session.console_errors == []


def focused(page):
    return page.evaluate(
        """() => {
            const e = document.activeElement;
            return {
                id: e.id, tag: e.tagName,
                submits: e.type === "submit" && !!e.form && e.form.method === "post",
                outline: getComputedStyle(e).outlineStyle,
            };
        }"""
    )


def test_registration_form_works_with_the_keyboard_alone(browser_session):
    # This training asks who pays: the keyboard user's organisation pays, so the invoicing details are needed.
    training = TrainingPage.objects.get(slug=INVOICED_TRAINING_SLUG)
    page = browser_session.open("phone")
    page.goto(training.url)
    # From the event page to the form with the keyboard: focus the link, press Enter.
    page.get_by_role("main").get_by_role("link", name="Ilmoittaudu").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Ilmoittaudu")).to_be_visible()
    expect(page.get_by_role("group", name="Laskutustiedot")).to_be_visible()

    typed = {
        "id_first_name": "Kalle",
        "id_last_name": "Näppäimistö",
        "id_email": "kalle@example.fi",
        "id_organisation": "Esimerkin kaupunki",
        "id_invoice_organisation": "Esimerkin kaupunki, sosiaalipalvelut",
        "id_business_id": "1234567-1",
        "id_einvoice_address": "003712345678",
        "id_einvoice_operator": "Esimerkkioperaattori",
        "id_payer_reference": "Kustannuspaikka 4100",
        "id_dietary_needs": "Gluteeniton",
    }
    visited = []
    ticked = False
    payer_chosen = False
    for _step in range(60):
        page.keyboard.press("Tab")
        current = focused(page)
        visited.append(current["id"] or current["tag"])
        assert current["outline"] != "none", f"{visited[-1]} has no visible focus indicator"
        if current["id"] in typed:
            page.keyboard.type(typed.pop(current["id"]))
        elif current["id"] == "id_payer_0":
            # Tab enters the radio group at its first option ("I pay myself"), unchosen; the arrow key
            # moves to "My organisation pays" and chooses it, and Tab then leaves the group.
            expect(page.locator("#id_payer_0")).not_to_be_checked()
            page.keyboard.press("ArrowDown")
            chosen = focused(page)
            assert chosen["id"] == "id_payer_1", chosen
            assert chosen["outline"] != "none", "the chosen radio button has no visible focus indicator"
            payer_chosen = True
        elif current["id"] == "id_consent":
            page.keyboard.press("Space")
            ticked = True
        elif current["submits"]:
            break
    else:
        pytest.fail(f"Tab never reached the submit button: {visited}")

    assert not typed and ticked and payer_chosen, (
        f"fields not reached by Tab: {typed}, consent ticked: {ticked}, payer chosen: {payer_chosen}"
    )
    assert "id_website" not in visited  # the bot trap is never focused
    assert "id_payer_1" not in visited  # one Tab stop for the whole radio group
    order = [name for name in visited if name.startswith("id_")]
    assert (
        order.index("id_first_name")
        < order.index("id_email")
        < order.index("id_payer_0")
        < order.index("id_invoice_organisation")
        < order.index("id_consent")
    )
    expect(page.get_by_role("radio", name="Organisaationi maksaa")).to_be_checked()
    expect(page.get_by_role("radio", name="Maksan itse")).not_to_be_checked()
    expect(page.locator("#id_consent")).to_be_checked()
    screenshot(page, "registration-form-keyboard", "phone")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Paikkasi on vahvistettu")
    registration = Registration.objects.get(event=training, email="kalle@example.fi")
    assert registration.status == Status.CONFIRMED
    assert registration.payer == Registration.Payer.ORGANISATION
    assert (
        registration.invoice_organisation,
        registration.business_id,
        registration.einvoice_address,
        registration.einvoice_operator,
        registration.payer_reference,
    ) == (
        "Esimerkin kaupunki, sosiaalipalvelut",
        "1234567-1",
        "003712345678",
        "Esimerkkioperaattori",
        "Kustannuspaikka 4100",
    )
    assert registration.dietary_needs == "Gluteeniton"
    assert browser_session.console_errors == []
