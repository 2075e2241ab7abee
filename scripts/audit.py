#!/usr/bin/env python
"""`make audit`: Lighthouse (12.2.3, from npm) with Debian's Chromium, mobile, on the demo site served
as in production, and the home page's weight.

1. Builds a throwaway demo site (SQLite, in a temporary directory): migrate, collectstatic, seed_demo.
2. Serves it with gunicorn on 127.0.0.1 (production settings, scripts/audit_settings.py).
3. Runs Lighthouse on the home page, the publication archive, a training and a form page (the
   contact form), and prints each category's score, then the home page's bytes transferred, its
   requests and those to other hosts.
4. Exits 1 when a bar is missed: 100 in accessibility, best practices and SEO, at least 99 in
   performance; the home page at most 60 kB with its images, with no third-party request.

Options: --keep leaves the directory (its path is printed); --pages "home,archive" audits only those.
Needs node, npm's lighthouse (make install) and /usr/bin/chromium (CHROME_PATH to use another).
"""

import argparse
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
PYTHON = sys.executable
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
BARS = {"performance": 0.99, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
HOME_BYTES_LIMIT = 60 * 1024


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def page_urls(env, base):
    """The audited pages' paths, read from the demo site (Finnish pages, as PUBLIC_PAGES picks them)."""
    code = (
        "import json\n"
        "from events.models import TrainingPage\n"
        "from home.models import ContactPage\n"
        "from publications.models import PublicationIndexPage\n"
        "def first(model):\n"
        "    return model.objects.live().filter(locale__language_code='fi').order_by('path').first().url\n"
        "print(json.dumps({'home': '/', 'archive': first(PublicationIndexPage),"
        " 'training': first(TrainingPage), 'form page': first(ContactPage)}))\n"
    )
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return {name: base + path for name, path in json.loads(out.stdout.strip().splitlines()[-1]).items()}


def set_site_address(env, port):
    """Canonical and hreflang links name the host the audit reads, as they would in production."""
    code = (
        "from wagtail.models import Site\n"
        f"Site.objects.filter(is_default_site=True).update(hostname='127.0.0.1', port={port})\n"
    )
    subprocess.run([PYTHON, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True)


def start_server(env, port):
    gunicorn = Path(PYTHON).with_name("gunicorn")
    process = subprocess.Popen(
        [
            str(gunicorn),
            "practice_site.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=2)
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("The server did not start.")


def lighthouse(url, out, attempts=3):
    # Debian's Chromium as root in a container needs --no-sandbox.
    flags = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"
    command = [
        str(LIGHTHOUSE),
        url,
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        f"--output-path={out}",
        f"--chrome-flags={flags}",
        "--quiet",
    ]
    for attempt in range(1, attempts + 1):
        # Lighthouse now and then fails to record the trace of a load (NO_NAVSTART) on a busy machine:
        # that is a failed measurement, not a score, so it is measured again.
        result = subprocess.run(command, env={**os.environ, "CHROME_PATH": CHROME})
        if result.returncode == 0:
            break
        print(f"Lighthouse failed on {url} (attempt {attempt} of {attempts}).", flush=True)
    else:
        raise SystemExit(f"Lighthouse could not measure {url}.")
    return json.loads(Path(out).read_text())


def weight(report, host):
    requests = report["audits"]["network-requests"]["details"]["items"]
    third_party = [item["url"] for item in requests if urlsplit(item["url"]).hostname not in (host, None)]
    return report["audits"]["total-byte-weight"]["numericValue"], len(requests), third_party


def failed_audits(report):
    names = []
    for category in report["categories"].values():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                names.append(f"{category['id']}: {ref['id']} ({audit['score']})")
    return names


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--pages", default="")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE} missing: run `make install` (npm ci).")
    if not Path(CHROME).exists():
        raise SystemExit(f"Chromium not found at {CHROME}: apt-get install chromium.")

    directory = Path(tempfile.mkdtemp(prefix="audit-"))
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "scripts.audit_settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SQLITE_PATH": str(directory / "db.sqlite3"),
        "MEDIA_ROOT": str(directory / "media"),
        "STATIC_ROOT": str(directory / "static"),
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
    }
    env.pop("DATABASE_URL", None)
    server = None
    try:
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        manage(env, "seed_demo")
        set_site_address(env, port)
        base = f"http://127.0.0.1:{port}"
        urls = page_urls(env, base)
        if args.pages:
            urls = {name: url for name, url in urls.items() if name in args.pages.split(",")}
        server = start_server(env, port)
        reports = {}
        for name, url in urls.items():
            urllib.request.urlopen(url).read()  # the page cache is warm, as for most visitors
            reports[name] = lighthouse(url, directory / f"{name.replace(' ', '-')}.json")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        if args.keep:
            print(f"Kept {directory}")
        else:
            shutil.rmtree(directory, ignore_errors=True)

    misses = []
    print(f"\nLighthouse {next(iter(reports.values()))['lighthouseVersion']}, mobile, {CHROME}\n")
    print(f"| page | {' | '.join(CATEGORIES)} |")
    print(f"|---|{'---|' * len(CATEGORIES)}")
    for name, report in reports.items():
        scores = {category: report["categories"][category]["score"] for category in CATEGORIES}
        print(f"| {name} | {' | '.join(str(round(scores[c] * 100)) for c in CATEGORIES)} |")
        for category, score in scores.items():
            if score < BARS[category]:
                misses.append(f"{name}: {category} {round(score * 100)} < {round(BARS[category] * 100)}")
                misses += [f"    {audit}" for audit in failed_audits(report) if audit.startswith(category)]
    if "home" in reports:
        total, count, third_party = weight(reports["home"], "127.0.0.1")
        print(
            f"\nHome page: {total / 1024:.1f} kB transferred in {count} requests, {len(third_party)} third-party"
        )
        if total > HOME_BYTES_LIMIT:
            misses.append(f"home: {total / 1024:.1f} kB > {HOME_BYTES_LIMIT / 1024:.0f} kB")
        if third_party:
            misses.append(f"home: third-party requests {third_party}")
    if misses:
        print("\nMissed:\n" + "\n".join(misses))
        return 1
    print("\nEvery bar is met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
