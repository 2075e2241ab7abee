"""The Nu HTML Checker (vnu-jar from npm, run with the machine's Java) on every public page type, and on
the pages a registration leads to (confirmation, cancel, cancelled)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from events.models import TrainingPage
from events.views import SESSION_KEY
from tests.factories import make_registration
from tests.public_pages import PUBLIC_PAGES

pytestmark = pytest.mark.django_db

VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def missing_tools():
    if shutil.which("java") is None:
        return "Java not found: Nu HTML Checker skipped (apt-get install default-jre-headless; .ci/run does)"
    if not VNU.exists():
        return (
            f"{VNU} missing: Nu HTML Checker skipped (run `npm ci`; make install does when npm is available)"
        )
    return None


def nu_errors(pages, tmp_path):
    """The checker's errors for {name: HTML bytes}, one readable line (and extract) each."""
    files = {}
    for number, (name, content) in enumerate(pages.items()):
        path = tmp_path / f"{number:02d}.html"
        path.write_bytes(content)
        files[path.name] = name

    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            *map(str, sorted(tmp_path.glob("*.html"))),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [
        f"{files.get(message.get('url', '').rsplit('/', 1)[-1], message.get('url'))}, line {message.get('lastLine')}: {message['message']}"
        f"\n    {message.get('extract', '').strip()}"
        for message in messages
        if message["type"] == "error" or message.get("subType") == "fatal"
    ]
    print(f"\nNu HTML Checker: {len(files)} pages checked, {len(errors)} errors")
    return errors


def test_every_public_page_type_is_valid_html(client, home_page, tmp_path):
    if reason := missing_tools():
        pytest.skip(reason)
    pages = {}
    for page in PUBLIC_PAGES:
        url = page.url()
        response = client.post(url, {}) if page.submit_empty else client.get(url)
        assert response.status_code == page.status, page.name
        pages[page.name] = response.content

    errors = nu_errors(pages, tmp_path)
    assert not errors, "\n".join(errors)


def test_registration_confirmation_cancel_and_cancelled_pages_are_valid_html(client, home_page, tmp_path):
    if reason := missing_tools():
        pytest.skip(reason)
    training = TrainingPage.objects.live().filter(locale__language_code="fi").order_by("path").first()
    registration = make_registration(training, email="nu-tarkistus@example.invalid")
    # The confirmation page shows the registration this browser session made.
    session = client.session
    session[SESSION_KEY] = {str(training.pk): registration.token}
    session.save()
    cancel_url = training.url + registration.cancel_path

    responses = {
        "registration confirmed": client.get(training.url + training.reverse_subpage("registered")),
        "cancel": client.get(cancel_url),
        "cancelled": client.post(cancel_url, {}),
    }
    headings = {
        "registration confirmed": "Paikkasi on vahvistettu",
        "cancel": "Peru ilmoittautuminen",
        "cancelled": "Ilmoittautuminen peruttu",
    }
    for name, response in responses.items():
        assert response.status_code == 200, name
        assert headings[name] in response.content.decode(), name
    registration.refresh_from_db()
    assert registration.status == registration.Status.CANCELLED

    errors = nu_errors({name: response.content for name, response in responses.items()}, tmp_path)
    assert not errors, "\n".join(errors)
