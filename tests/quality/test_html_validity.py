"""The Nu HTML Checker (vnu-jar from npm, run with the machine's Java) on every public page type."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

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


def test_every_public_page_type_is_valid_html(client, home_page, tmp_path):
    if reason := missing_tools():
        pytest.skip(reason)
    files = {}
    for number, page in enumerate(PUBLIC_PAGES):
        url = page.url()
        response = client.post(url, {}) if page.submit_empty else client.get(url)
        assert response.status_code == page.status, page.name
        path = tmp_path / f"{number:02d}.html"
        path.write_bytes(response.content)
        files[path.name] = page.name

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
    assert not errors, "\n".join(errors)
