"""The practitioner's face in a real browser (issue 13): nothing moves as the page loads, the phone
header stays short, the archive's filters fold on a phone, the registration form shows the invoicing
details only when the organisation pays (no script needed), and the language switch."""

import pytest

from .conftest import screenshot

expect = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (make install)"
).expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Layout shifts of the page as it loads, recorded from the start (buffered) by the browser.
LAYOUT_SHIFT = """() => new Promise(resolve => {
    let total = 0;
    new PerformanceObserver(list => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
    }).observe({type: "layout-shift", buffered: true});
    setTimeout(() => resolve(total), 1500);
})"""


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_nothing_moves_as_the_home_page_loads(browser_session, width):
    page = browser_session.open(width)
    page.goto("/", wait_until="load")
    assert page.evaluate(LAYOUT_SHIFT) < 0.01
    assert browser_session.console_errors == []


def test_the_phone_header_is_at_most_120_px_and_the_menu_is_folded_from_the_start(browser_session):
    page = browser_session.open("phone")
    for url in ("/", "/en/", "/julkaisut/"):
        page.goto(url)
        height = page.locator(".site-header").bounding_box()["height"]
        assert height <= 120, (url, height)
        expect(page.locator("#main-nav-list")).to_be_hidden()
        expect(page.locator(".site-search")).to_be_hidden()
    page.get_by_role("button", name="Valikko").click()
    expect(page.locator(".site-search")).to_be_visible()
    screenshot(page, "menu-open-english", "phone")


def test_the_archive_filters_fold_on_a_phone_and_stay_open_on_a_desktop(browser_session):
    page = browser_session.open("phone")
    page.goto("/julkaisut/")
    year = page.get_by_role("navigation", name="Vuosi")
    expect(year).to_be_hidden()
    page.get_by_text("Rajaa tyypin, vuoden tai aiheen mukaan").click()
    expect(year).to_be_visible()

    desktop = browser_session.open("desktop")
    desktop.goto("/julkaisut/")
    expect(desktop.get_by_role("navigation", name="Vuosi")).to_be_visible()
    expect(desktop.get_by_text("Rajaa tyypin, vuoden tai aiheen mukaan")).to_be_hidden()


def test_invoicing_fields_show_only_when_the_organisation_pays_without_javascript(browser_session):
    from events.models import TrainingPage

    training = TrainingPage.objects.filter(ask_invoicing=True, locale__language_code="fi").first()
    context = browser_session.browser.new_context(
        base_url=browser_session.base_url, viewport={"width": 390, "height": 900}, java_script_enabled=False
    )
    browser_session.contexts.append(context)
    page = context.new_page()
    page.goto(training.url + "ilmoittaudu/")
    business_id = page.get_by_label("Y-tunnus")
    expect(business_id).to_be_hidden()
    page.get_by_label("Maksan itse").check()
    expect(business_id).to_be_hidden()
    page.get_by_label("Organisaationi maksaa").check()
    expect(business_id).to_be_visible()
    screenshot(page, "registration-organisation-pays", "phone")


def test_the_language_switch_goes_to_the_translation_of_the_page(browser_session):
    page = browser_session.open("desktop")
    page.goto("/palvelut/tyonohjaus/kriisityonohjaus/")
    page.get_by_role("link", name="In English").click()
    assert page.url.endswith("/en/services/work-supervision/crisis-supervision/")
    expect(page.locator("h1")).to_have_text("Crisis supervision")
    page.get_by_role("link", name="Suomeksi").click()
    assert page.url.endswith("/palvelut/tyonohjaus/kriisityonohjaus/")
