"""`make messages` keeps every Finnish translation and every visible string has one
(scripts/check_translations.py, also run by `make check`)."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
SCRIPT = BASE_DIR / "scripts" / "check_translations.py"

pytestmark = pytest.mark.skipif(
    shutil.which("msgmerge") is None,
    reason="GNU gettext not installed (apt-get install gettext; .ci/run does)",
)


def check(repo):
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--repo", str(repo)], capture_output=True, text=True, timeout=300
    )


def test_the_catalogues_survive_make_messages():
    result = check(BASE_DIR)
    assert result.returncode == 0, result.stderr
    assert "Translations OK" in result.stdout


def test_a_string_without_finnish_fails_the_check(tmp_path):
    names = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for name in names:
        if (BASE_DIR / name).is_file():
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(BASE_DIR / name, tmp_path / name)
    catalogue = tmp_path / "events" / "locale" / "fi" / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(catalogue))
    entry = next(entry for entry in po if entry.msgstr and not entry.obsolete)
    entry.msgstr = ""
    po.save(str(catalogue))
    result = check(tmp_path)
    assert result.returncode == 1
    assert repr(entry.msgid) in result.stderr
