"""The main menu: folded behind a "Valikko" button on a phone (static/js/menu.js), opened and closed with
the mouse or the keyboard; unchanged on a desktop; and always shown when JavaScript is off."""

import re

import pytest

from .conftest import WIDTHS, screenshot

# Playwright is a dev requirement; without it these are skipped, not errors.
expect = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (make install)"
).expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MENU_LINKS = ["Palvelut", "Koulutukset ja luennot", "Ota yhteyttä"]


def main_menu(page):
    return page.get_by_role("navigation", name="Päävalikko")


def focused_is(page, locator):
    return locator.evaluate("element => element === document.activeElement")


def box_height(locator):
    return locator.bounding_box()["height"]


def test_phone_menu_opens_and_closes_with_the_button_and_escape(browser_session):
    page = browser_session.open("phone")
    page.goto("/")
    menu = main_menu(page)
    button = menu.get_by_role("button", name="Valikko")
    link = menu.get_by_role("link", name="Palvelut")

    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_have_attribute("aria-controls", "main-nav-list")
    assert page.locator("#main-nav-list").count() == 1  # aria-controls names the list
    expect(link).to_be_hidden()
    assert box_height(button) >= 44
    screenshot(page, "menu-closed", "phone")

    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    for name in MENU_LINKS:
        expect(menu.get_by_role("link", name=name)).to_be_visible()
    assert all(box_height(item) >= 44 for item in menu.get_by_role("link").all())
    page.mouse.move(0, 0)  # the screenshot shows the open menu, not the button under the pointer
    screenshot(page, "menu-open", "phone")

    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(link).to_be_hidden()
    expect(button).to_be_focused()

    # Opened again, a link in it takes the visitor to its page.
    button.click()
    link.click()
    expect(page).to_have_url(re.compile(r"/palvelut/$"))
    expect(main_menu(page).get_by_role("button", name="Valikko")).to_have_attribute("aria-expanded", "false")
    assert browser_session.console_errors == []


def test_phone_menu_works_with_the_keyboard_alone(browser_session):
    page = browser_session.open("phone")
    page.goto("/")
    menu = main_menu(page)
    button = menu.get_by_role("button", name="Valikko")
    expect(button).to_have_attribute("aria-expanded", "false")

    visited = []
    for _step in range(10):
        page.keyboard.press("Tab")
        visited.append(page.evaluate("() => document.activeElement.textContent.trim().slice(0, 30)"))
        if focused_is(page, button):
            break
    else:
        pytest.fail(f"Tab never reached the menu button: {visited}")
    assert button.evaluate("element => getComputedStyle(element).outlineStyle") != "none"

    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    first_link = menu.get_by_role("link").first
    expect(first_link).to_be_focused()
    expect(first_link).to_be_visible()
    screenshot(page, "menu-open-keyboard", "phone")

    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()
    expect(first_link).to_be_hidden()

    # Space opens it too, and Enter on the open button closes it.
    page.keyboard.press("Space")
    expect(button).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "false")
    assert browser_session.console_errors == []


def test_desktop_menu_has_no_button_and_shows_its_links_on_one_row(browser_session):
    page = browser_session.open("desktop")
    page.goto("/")
    menu = main_menu(page)
    expect(menu.get_by_role("button", name="Valikko")).to_be_hidden()
    links = menu.get_by_role("link")
    for name in MENU_LINKS:
        expect(menu.get_by_role("link", name=name)).to_be_visible()
    tops = {round(link.bounding_box()["y"]) for link in links.all()}
    assert len(tops) == 1, "the desktop menu wraps onto more than one row"
    screenshot(page, "menu", "desktop")
    assert browser_session.console_errors == []


def test_without_javascript_the_menu_is_shown_and_the_button_is_not(browser_session):
    for width, pixels in WIDTHS.items():
        context = browser_session.browser.new_context(
            base_url=browser_session.base_url,
            viewport={"width": pixels, "height": 900},
            locale="fi-FI",
            java_script_enabled=False,
        )
        browser_session.contexts.append(context)
        page = context.new_page()
        page.goto("/")
        menu = main_menu(page)
        expect(menu.get_by_role("button")).to_have_count(0)  # hidden: not in the accessibility tree
        for name in MENU_LINKS:
            expect(menu.get_by_role("link", name=name)).to_be_visible()
        screenshot(page, "menu-no-javascript", width)
