"""Real-browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Never downloads a browser. Without /usr/bin/chromium the tests are skipped, and pytest's summary
(-ra) says why. Screenshots go to screenshots/ (ignored by git)."""

import io
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
WIDTHS = {"phone": 390, "desktop": 1280}
SCREENSHOTS = Path(settings.BASE_DIR) / "screenshots"
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"


def missing_browser_reason():
    if not CHROMIUM.exists():
        return f"Chromium not found at {CHROMIUM}: browser tests skipped (apt-get install chromium; .ci/run does)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed: browser tests skipped (make install)"
    return None


def pytest_collection_modifyitems(config, items):
    reason = missing_browser_reason()
    if reason:
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(pytest.mark.skip(reason=reason))


class BrowserSession:
    """Opens pages at a given width and remembers what the browser complained about."""

    def __init__(self, browser, base_url):
        self.browser = browser
        self.base_url = base_url
        self.contexts = []
        self.console_errors = []

    def open(self, width="desktop", bypass_csp=False):
        context = self.browser.new_context(
            base_url=self.base_url,
            viewport={"width": WIDTHS[width], "height": 900},
            locale="fi-FI",
            bypass_csp=bypass_csp,
        )
        self.contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        return page

    def _console(self, message):
        # The site has no favicon yet; the browser's automatic request for one is not the page's fault.
        url = (message.location or {}).get("url", "")
        if message.type == "error" and "favicon.ico" not in url:
            self.console_errors.append(f"{message.text} ({url})")

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def browser_session(live_server, transactional_db):
    """Chromium for one test, against the live server and the demo site.

    The live server needs a transactional database, emptied after each test and restored to its
    migrated state (serialized_rollback) before the next, so the demo is built again first. That
    happens before Playwright starts: its sync API runs an event loop in this thread, and database
    work done meanwhile goes through another connection object, one without the saved state that
    the restore needs. For the same reason the browser stops before the database is emptied."""
    call_command("seed_demo", stdout=io.StringIO())

    from playwright.sync_api import sync_playwright

    # Django refuses database access while an event loop runs in the thread (SynchronousOnlyOperation);
    # the test code itself is not async, so allow it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    session = BrowserSession(browser, live_server.url)
    try:
        yield session
    finally:
        session.close()
        browser.close()
        # The test's own database work went through a connection of Playwright's context: close it,
        # or PostgreSQL cannot drop the test database at the end ("being accessed by other users").
        connections.close_all()
        playwright.stop()
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


def screenshot(page, name, width):
    """Full-page PNG at screenshots/<name>-<width>.png."""
    SCREENSHOTS.mkdir(exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    path = SCREENSHOTS / f"{slug}-{width}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def screenshots_at_both_widths(page, name):
    """The page as it is now at phone and desktop widths (then back to its own viewport): for pages
    reached by a form post or a session, which cannot simply be opened again in another window."""
    size = page.viewport_size
    paths = []
    for width, pixels in WIDTHS.items():
        page.set_viewport_size({"width": pixels, "height": size["height"]})
        paths.append(screenshot(page, name, width))
    page.set_viewport_size(size)
    return paths


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page):
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now. The script goes in through the
    DevTools protocol, which the page's Content-Security-Policy does not govern, so this works in a
    window that enforces the policy (unlike a <script> tag)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return [
        {
            "rule": violation["id"],
            "help": violation["help"],
            "where": [n["target"] for n in violation["nodes"]][:5],
        }
        for violation in result["violations"]
    ]
