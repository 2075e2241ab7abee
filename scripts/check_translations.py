#!/usr/bin/env python
"""`make check`: `make messages` keeps every Finnish translation, and every visible string has one.

Copies the repository's sources (the files git tracks plus new ones it does not ignore) to a
temporary directory, runs `make messages` there and compares the Finnish catalogues
(locale/fi/LC_MESSAGES/django.po and <app>/locale/fi/LC_MESSAGES/django.po) before and after. Fails
(exit 1, with a list) when:

- lost: a string that had a Finnish translation before has none after (its entry went obsolete,
  moved to another catalogue untranslated, or turned fuzzy);
- missing: an entry still in use (not obsolete) has an empty or fuzzy Finnish msgstr, in any
  plural form;
- conflict: the same string is translated differently in two catalogues (Django reads locale/
  first, then the apps in INSTALLED_APPS order, so only one of them would ever be shown);
- stale: a committed .mo does not hold the translations of its .po (run `make messages`).

Catalogue layout (what `make messages`, i.e. makemessages run from the root, does by itself): an
app's Python strings live in <app>/locale/, home's and the settings' in locale/, and the strings of
every template (all in the project's templates/) in locale/.

Options: --repo PATH checks another checkout (default: this one); --keep keeps the temporary copy.
Needs GNU gettext (xgettext, msgmerge, msguniq, msgfmt), make, and polib (requirements-dev.txt).
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

GETTEXT_TOOLS = ("xgettext", "msgmerge", "msguniq", "msgfmt")
LANGUAGE = "fi"
# Never copied to the temporary checkout, and never searched for catalogues.
SKIPPED_DIRS = {".git", ".venv", "node_modules", "staticfiles", "media", "__pycache__", ".pytest_cache"}


def key(entry):
    """How Django finds a translation at run time: context, msgid, and whether it has plural forms."""
    return (entry.msgctxt or "", entry.msgid, bool(entry.msgid_plural))


def label(k):
    msgctxt, msgid, plural = k
    text = repr(msgid)
    if msgctxt:
        text = f"[{msgctxt}] {text}"
    return text + (" (plural)" if plural else "")


def is_translated(entry):
    """A Finnish text for every form, and not fuzzy (msgfmt leaves fuzzy entries out of the .mo)."""
    if entry.obsolete or "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def value(entry):
    if entry.msgid_plural:
        return tuple(sorted(entry.msgstr_plural.items()))
    return entry.msgstr


def find_catalogues(root):
    """{relative path: polib.POFile} of every Finnish django.po under root."""
    import polib

    found = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_DIRS)
        path = Path(dirpath)
        if path.parts[-3:] == ("locale", LANGUAGE, "LC_MESSAGES") and "django.po" in filenames:
            found[str((path / "django.po").relative_to(root))] = polib.pofile(str(path / "django.po"))
    return found


def translations(catalogues):
    """{key: {catalogue: entry}} of the translated entries in use."""
    result = {}
    for name, po in catalogues.items():
        for entry in po:
            if is_translated(entry):
                result.setdefault(key(entry), {})[name] = entry
    return result


def where(k, catalogues):
    """What became of a string in the catalogues after the run, for the report."""
    states = []
    for name, po in catalogues.items():
        for entry in po:
            if key(entry) != k:
                continue
            if entry.obsolete:
                states.append(f"obsolete (#~) in {name}")
            elif "fuzzy" in entry.flags:
                states.append(f"fuzzy in {name}")
            elif not is_translated(entry):
                states.append(f"untranslated in {name}")
    return "; ".join(states) or "gone from every catalogue"


def lost_translations(before, after):
    """[(key, catalogues that had it, what became of it)] for the strings translated before and not after."""
    had, has = translations(before), translations(after)
    return [(k, sorted(had[k]), where(k, after)) for k in had if k not in has]


def missing_translations(catalogues):
    """[(catalogue, key, entry)] for every entry in use with no Finnish (empty or fuzzy)."""
    return [
        (name, key(entry), entry)
        for name, po in catalogues.items()
        for entry in po
        if not entry.obsolete and not is_translated(entry)
    ]


def conflicts(catalogues):
    """[(key, {catalogue: msgstr})] for strings translated differently in two catalogues."""
    result = []
    for k, entries in translations(catalogues).items():
        values = {name: value(entry) for name, entry in entries.items()}
        if len(set(values.values())) > 1:
            result.append((k, values))
    return result


def stale_mo_files(root, catalogues):
    """[(catalogue, reason)] for the .mo files that do not hold exactly their .po's translations."""
    import polib

    stale = []
    for name, po in catalogues.items():
        mo_path = Path(root, name).with_suffix(".mo")
        if not mo_path.exists():
            stale.append((name, f"{mo_path.name} is missing"))
            continue
        compiled = {key(e): value(e) for e in polib.mofile(str(mo_path)) if e.msgid}
        wanted = {key(e): value(e) for e in po if is_translated(e)}
        if compiled != wanted:
            differing = sum(1 for k in compiled.keys() | wanted.keys() if compiled.get(k) != wanted.get(k))
            stale.append((name, f"{differing} entries differ from the .po"))
    return stale


def source_files(root):
    try:
        listed = subprocess.run(
            ["git", "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return [name for name in listed.decode().split("\0") if name]


def copy_sources(root, target):
    """The files git tracks or would add (deleted ones left out); without git, the tree less SKIPPED_DIRS."""
    names = source_files(root)
    if names is None:
        shutil.copytree(
            root, target, ignore=lambda d, n: [x for x in n if x in SKIPPED_DIRS], dirs_exist_ok=True
        )
        return
    for name in names:
        if name.split("/", 1)[0] in SKIPPED_DIRS:
            continue
        source = Path(root, name)
        if source.is_file():
            (Path(target) / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, Path(target) / name)


def run_messages(copy):
    """`make messages` in the copy, with this Python (install is not run: the copy has no venv)."""
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "MAKEFLAGS", "MFLAGS"}}
    command = [
        "make",
        "-s",
        "-C",
        str(copy),
        "-o",
        "install",
        f"MANAGE={sys.executable} manage.py",
        "messages",
    ]
    return subprocess.run(command, capture_output=True, text=True, env=env)


def preflight():
    """A sentence saying what is missing, or None."""
    missing = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
    if missing:
        return (
            f"GNU gettext is not installed ({', '.join(missing)} not found): `make messages` and this check "
            "need it. Install it, e.g. `apt-get install gettext`."
        )
    if shutil.which("make") is None:
        return "make is not installed: the check runs `make messages` on a copy of the repository."
    try:
        import polib  # noqa: F401
    except ImportError:
        return "polib is not installed: pip install -r requirements-dev.txt (or `make install`)."
    return None


def report(lost, missing, clashing, stale):
    lines = []
    if lost:
        lines.append(f"{len(lost)} Finnish translation(s) would be lost by `make messages`:")
        for k, had, now in lost:
            lines.append(f"  {label(k)}: translated in {', '.join(had)}; after: {now}")
        lines.append(
            "  If the string was removed on purpose, run `make messages` and commit the catalogue (the entry is"
            " kept as obsolete). If it is still shown, xgettext no longer finds it: pass a literal string"
            " to gettext/pgettext (not a variable), or give its new catalogue the translation."
        )
    if missing:
        lines.append(f"{len(missing)} string(s) in use have no Finnish (empty or fuzzy msgstr):")
        for name, k, entry in missing:
            state = "fuzzy" if "fuzzy" in entry.flags else "empty"
            sources = sorted({path for path, _line in entry.occurrences})
            used = f" (used in {', '.join(sources)})" if sources else ""
            lines.append(f"  {name}: {label(k)} {state}{used}")
        lines.append(
            "  Run `make messages`, translate these entries (remove the fuzzy flag once checked) and commit the"
            " .po and .mo files."
        )
    if clashing:
        lines.append(f"{len(clashing)} string(s) are translated differently in two catalogues:")
        for k, values in clashing:
            shown = "; ".join(f"{name}: {v!r}" for name, v in sorted(values.items()))
            lines.append(f"  {label(k)}: {shown}")
        lines.append(
            "  Django shows only one (locale/ first, then apps in INSTALLED_APPS order): make them agree."
        )
    if stale:
        lines.append(f"{len(stale)} compiled catalogue(s) are out of date:")
        lines.extend(f"  {name}: {reason}" for name, reason in stale)
        lines.append("  Run `make messages` (it compiles the .mo files) and commit them.")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repo", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--keep", action="store_true", help="keep the temporary copy and print its path")
    args = parser.parse_args(argv)
    root = args.repo.resolve()

    problem = preflight()
    if problem:
        print(f"check_translations: {problem}", file=sys.stderr)
        return 2

    before = find_catalogues(root)
    if not before:
        print(f"check_translations: no {LANGUAGE} catalogues under {root}", file=sys.stderr)
        return 2
    stale = stale_mo_files(root, before)

    copy = Path(tempfile.mkdtemp(prefix="check-translations-"))
    try:
        copy_sources(root, copy)
        result = run_messages(copy)
        if result.returncode != 0:
            print("check_translations: `make messages` failed on the copy:", file=sys.stderr)
            print(result.stdout + result.stderr, file=sys.stderr)
            return 1
        after = find_catalogues(copy)
    finally:
        if args.keep:
            print(f"check_translations: the copy is kept in {copy}")
        else:
            shutil.rmtree(copy, ignore_errors=True)

    lost = lost_translations(before, after)
    missing = missing_translations(after)
    clashing = conflicts(after)
    if lost or missing or clashing or stale:
        print(report(lost, missing, clashing, stale), file=sys.stderr)
        return 1
    entries = sum(1 for po in after.values() for e in po if not e.obsolete)
    print(
        f"Translations OK: {entries} entries in {len(after)} catalogues ({', '.join(sorted(after))}), all in "
        f"Finnish; `make messages` keeps every translation."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
