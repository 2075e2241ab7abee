"""axe-core (npm) in Chromium on every public page type, at phone and desktop widths: no WCAG 2.1 A/AA
violations, and none with the phone menu open. Screenshots of every page type at both widths land in
screenshots/."""

import json

import pytest

from tests.public_pages import PUBLIC_PAGES, PublicPage

from .conftest import AXE, WIDTHS, screenshot

# Expect assertions wait for the menu script; without Playwright the tests are skipped anyway.
expect = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (make install)"
).expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def open_public_page(page, public_page):
    response = page.goto(public_page.url())
    assert response.status == public_page.status, public_page.name
    if public_page.submit_empty:
        page.locator("main form[method=post] [type=submit]").first.click()
        page.wait_for_load_state()


def axe_violations(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "where": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
    ]


def test_every_public_page_type_passes_axe_at_both_widths(browser_session):
    if not AXE.exists():
        pytest.skip(f"{AXE} missing: run `npm ci` (make install does when npm is available)")
    found = {}
    for width in WIDTHS:
        # axe is injected as a script file, which the site's own policy would rightly refuse.
        page = browser_session.open(width, bypass_csp=True)
        for public_page in PUBLIC_PAGES:
            open_public_page(page, public_page)
            screenshot(page, public_page.name, width)
            violations = axe_violations(page)
            if violations:
                found[f"{public_page.name} @ {width}"] = violations
    checked = len(PUBLIC_PAGES) * len(WIDTHS)
    print(f"\naxe-core: {checked} page views checked, {sum(map(len, found.values()))} violations")
    assert not found, json.dumps(found, indent=2, ensure_ascii=False)


# Pages whose menu has no current item, a current item (aria-current) and a current section.
PAGES_WITH_OPEN_MENU = [
    PublicPage("home", path="/"),
    PublicPage("service index", page_type="home.ServiceIndexPage"),
    PublicPage("publication", page_type="publications.PublicationPage"),
]


def test_the_open_phone_menu_passes_axe(browser_session):
    if not AXE.exists():
        pytest.skip(f"{AXE} missing: run `npm ci` (make install does when npm is available)")
    found = {}
    page = browser_session.open("phone", bypass_csp=True)
    for public_page in PAGES_WITH_OPEN_MENU:
        open_public_page(page, public_page)
        menu = page.get_by_role("navigation", name="Päävalikko")
        button = menu.get_by_role("button", name="Valikko")
        button.click()
        expect(button).to_have_attribute("aria-expanded", "true")
        expect(menu.get_by_role("link").first).to_be_visible()
        page.mouse.move(0, 0)  # the screenshot shows the open menu, not the button under the pointer
        screenshot(page, f"{public_page.name} menu open", "phone")
        if violations := axe_violations(page):
            found[f"{public_page.name} @ phone, menu open"] = violations
    print(f"\naxe-core: {len(PAGES_WITH_OPEN_MENU)} pages checked with the phone menu open")
    assert not found, json.dumps(found, indent=2, ensure_ascii=False)
