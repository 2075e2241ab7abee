#!/usr/bin/env python
"""`make bench`: how fast the public pages are, on a large throwaway site, measured with wrk.

1. Builds a throwaway SQLite site in a temporary directory: migrate, collectstatic, the demo, and
   bulk content (see the seed_* hooks below).
2. Counts the SQL queries of each public page type (tests/public_pages.py) without the page cache.
3. Serves the site with gunicorn (2 workers) on 127.0.0.1 with the production settings (DEBUG off,
   a throwaway SECRET_KEY), first with the anonymous page cache off, then on, and measures each page
   and a static file with wrk on loopback.
4. Prints a table and checks the targets: uncached >= 1/8 of the static-file rate, cached >= 60 %
   of it, <= QUERY_BUDGET queries per uncached page. Exits 1 when a target is missed.

Environment: BENCH_SECONDS (per URL, default 3), BENCH_CONNECTIONS (default 8), BENCH_KEEP=1 keeps
the temporary directory, BENCH_DIR=path builds the site there once and reuses it on later runs,
BENCH_PAGES="home,event index" measures only those pages. Needs wrk (apt-get install wrk).
"""

import io
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SECONDS = float(os.environ.get("BENCH_SECONDS", 3))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", 8))
WORKERS = 2
SLOW_SECONDS = 1.0  # a page slower than this for one request is reported, not load-tested
UNCACHED_TARGET = 1 / 8
CACHED_TARGET = 0.60
STANDARD_PAGES = 300  # extra home-app pages, so the page tree and the search index are not tiny
PUBLICATIONS = 10_000
EVENTS = 300
REGISTRATIONS = 20_000

WRK_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("BENCH %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), errors))
end
"""


# --- Seeding (runs inside Django, in a subprocess with the bench settings) -------------------------


def seed_standard_pages(home, count):
    from home.demo import ensure_page, paragraph
    from home.models import StandardPage

    section, _created = ensure_page(home, StandardPage, "arkisto", title="Arkisto", lead="Vanhoja sivuja.")
    existing = section.get_children().count()
    for number in range(existing, count):
        page = StandardPage(
            title=f"Arkistosivu {number}",
            slug=f"arkistosivu-{number}",
            lead="Työnohjauksen arkistosivu vertailua varten.",
            body=paragraph("Työnohjaus on oman työn tutkimista, arviointia ja kehittämistä. " * 5),
        )
        section.add_child(instance=page)
    return f"{count} standard pages"


def seed_publications(home, count):
    """Hook: 10,000 publications through the publications app's bulk generator."""
    try:
        from publications.bulk import bulk_create_publications
        from publications.models import PublicationIndexPage
    except ImportError:
        return "publications: no bulk generator (publications/bulk.py) yet, skipped"
    archive = PublicationIndexPage.objects.live().descendant_of(home).first()
    if archive is None:
        return "publications: the demo has no archive, skipped"
    bulk_create_publications(archive, count)
    return f"{count} publications"


def seed_events(home, count, registrations):
    """Hook: 300 events (with sessions) and 20,000 registrations through events/bulk.py, under the
    demo's events index (a few seconds on SQLite)."""
    from events import bulk

    events = bulk.bulk_create_events(home, count)
    made = bulk.bulk_create_registrations(events, registrations)
    return f"{len(events)} events, {made} registrations"


def seed():
    import django

    django.setup()
    from django.core.management import call_command

    from home.models import HomePage

    call_command("seed_demo", stdout=io.StringIO())
    home = HomePage.objects.get(depth=2, locale__language_code="fi")
    for step in (
        lambda: seed_standard_pages(home, STANDARD_PAGES),
        lambda: seed_publications(home, PUBLICATIONS),
        lambda: seed_events(home, EVENTS, REGISTRATIONS),
    ):
        started = time.monotonic()
        print(f"  seeded {step()} ({time.monotonic() - started:.0f} s)", flush=True)
    # Table statistics, as PostgreSQL's autovacuum gathers after a bulk load by itself: without them
    # SQLite's planner guesses, and scans every page to list 300 events.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def count_queries():
    """Print, as JSON, each public page's URL, status, cacheability and uncached query count."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from tests.public_pages import PUBLIC_PAGES

    client = Client()
    rows = []
    for page in PUBLIC_PAGES:
        if page.submit_empty or page.status != 200:
            continue
        url = page.url()
        with override_settings(PAGE_CACHE_ENABLED=False):
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
        rows.append({"name": page.name, "url": url, "status": response.status_code, "queries": len(queries)})
    print(json.dumps(rows))


# --- Serving and measuring ---------------------------------------------------------------------------


def bench_env(workdir, cache_enabled):
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="practice_site.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="false",
        SQLITE_PATH=str(workdir / "bench.sqlite3"),
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
        PAGE_CACHE_ENABLED="true" if cache_enabled else "false",
        LOG_LEVEL="ERROR",
        PYTHONPATH=str(ROOT),
    )
    return env


def python():
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def run(env, *args, capture=False):
    result = subprocess.run(
        [python(), *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env, port):
    gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
    server = subprocess.Popen(
        [
            str(gunicorn if gunicorn.exists() else "gunicorn"),
            "practice_site.wsgi",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--graceful-timeout",
            "3",  # do not wait long for slow requests at shutdown
        ],
        cwd=ROOT,
        env=env,
    )
    for _attempt in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=2).read()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def stop_server(server):
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def fetch(url):
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.headers, response.read().decode()


def static_url(base):
    _headers, html = fetch(base + "/")
    start = html.index('href="/static/css/site.') + len('href="')
    return base + html[start : html.index('"', start)]


def wrk(url, seconds, script):
    output = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds:g}s", "-s", script, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    requests, duration_us, p50_us, p95_us, errors = map(int, line.split()[1:])
    return {
        "rps": requests / (duration_us / 1e6),
        "p50": p50_us / 1000,
        "p95": p95_us / 1000,
        "errors": errors,
    }


def measure(base, pages, script):
    results = {}
    targets = [("static file", static_url(base))] + [(page["name"], base + page["url"]) for page in pages]
    for name, url in targets:
        started = time.monotonic()
        fetch(url)
        single = time.monotonic() - started
        if single > SLOW_SECONDS:
            # wrk would only pile such requests up in both workers and stall the URLs after it.
            results[name] = {"rps": 1 / single, "p50": single * 1000, "p95": single * 1000, "errors": 0}
            print(f"  {name:<32} {single:8.1f} s per request: too slow to load-test", flush=True)
            continue
        wrk(url, 1, script)  # warm up every worker (site-root cache, page cache)
        results[name] = wrk(url, SECONDS, script)
        print(f"  {name:<32} {results[name]['rps']:8.0f} req/s", flush=True)
    return results


def is_cached(url):
    """Whether the page cache stores this page (MISS when stored now, HIT when already there)."""
    headers, _html = fetch(url)
    return headers.get("X-Cache") in ("HIT", "MISS")


# --- Report --------------------------------------------------------------------------------------------


def report(pages, uncached, cached, cacheable, budget):
    static_plain, static_cached = uncached["static file"]["rps"], cached["static file"]["rps"]
    header = (
        f"{'page':<32} {'queries':>7} | {'uncached req/s':>14} {'p50 ms':>7} {'p95 ms':>7} {'ratio':>6} |"
        f" {'cached req/s':>12} {'p50 ms':>7} {'p95 ms':>7} {'ratio':>6}"
    )
    lines = [header, "-" * len(header)]
    failures = []
    for row in [{"name": "static file", "queries": 0}, *pages]:
        name = row["name"]
        plain, fast = uncached[name], cached[name]
        plain_ratio, fast_ratio = plain["rps"] / static_plain, fast["rps"] / static_cached
        cached_note = (
            ""
            if name == "static file" or cacheable[name]
            else "  not cached (form, query string or not a page)"
        )
        lines.append(
            f"{name:<32} {row['queries']:>7} | {plain['rps']:>14.0f} {plain['p50']:>7.1f} {plain['p95']:>7.1f}"
            f" {plain_ratio:>6.0%} | {fast['rps']:>12.0f} {fast['p50']:>7.1f} {fast['p95']:>7.1f}"
            f" {fast_ratio:>6.0%}{cached_note}"
        )
        if name == "static file":
            continue
        if row["queries"] > budget:
            failures.append(f"{name}: {row['queries']} queries > {budget}")
        if plain_ratio < UNCACHED_TARGET:
            failures.append(f"{name}: uncached {plain_ratio:.0%} of static < {UNCACHED_TARGET:.1%}")
        if cacheable[name] and fast_ratio < CACHED_TARGET:
            failures.append(f"{name}: cached {fast_ratio:.0%} of static < {CACHED_TARGET:.0%}")
        if plain["errors"] or fast["errors"]:
            failures.append(f"{name}: {plain['errors'] + fast['errors']} failed requests")
    print("\n" + "\n".join(lines))
    print(
        f"\nTargets: uncached >= {UNCACHED_TARGET:.1%} of the static file, cached >= {CACHED_TARGET:.0%},"
        f" <= {budget} SQL queries per uncached page. wrk -t2 -c{CONNECTIONS} -d{SECONDS:g}s,"
        f" gunicorn {WORKERS} workers, SQLite."
    )
    if failures:
        print("Missed:\n  " + "\n  ".join(failures))
    else:
        print("All targets met.")
    return not failures


def main():
    if shutil.which("wrk") is None:
        raise SystemExit("wrk not found: apt-get install wrk")
    from tests.public_pages import QUERY_BUDGET

    reuse = os.environ.get("BENCH_DIR")
    workdir = Path(reuse) if reuse else Path(tempfile.mkdtemp(prefix="practice-site-bench-"))
    try:
        env = bench_env(workdir, cache_enabled=False)
        if reuse and (workdir / "bench.sqlite3").exists():
            print(f"Reusing the bench site in {workdir} …", flush=True)
            run(env, "manage.py", "collectstatic", "--noinput", "-v0")
        else:
            workdir.mkdir(parents=True, exist_ok=True)
            print(f"Building the bench site in {workdir} …", flush=True)
            run(env, "manage.py", "migrate", "--noinput", "-v0")
            run(env, "manage.py", "collectstatic", "--noinput", "-v0")
            run(env, __file__, "seed")
        pages = json.loads(run(env, __file__, "queries", capture=True))
        only = {name.strip() for name in os.environ.get("BENCH_PAGES", "").split(",") if name.strip()}
        if only:
            pages = [page for page in pages if page["name"] in only]
        broken = [page for page in pages if page["status"] != 200]
        if broken:
            raise SystemExit(f"Pages that do not answer 200: {broken}")

        script = str(workdir / "report.lua")
        Path(script).write_text(WRK_SCRIPT)
        results, cacheable = {}, {}
        for cache_enabled in (False, True):
            port = free_port()
            server = start_server(bench_env(workdir, cache_enabled), port)
            base = f"http://127.0.0.1:{port}"
            try:
                print(f"Measuring with the page cache {'on' if cache_enabled else 'off'} …", flush=True)
                if cache_enabled:
                    cacheable = {page["name"]: is_cached(base + page["url"]) for page in pages}
                results[cache_enabled] = measure(base, pages, script)
            finally:
                stop_server(server)
        ok = report(pages, results[False], results[True], cacheable, QUERY_BUDGET)
    finally:
        if os.environ.get("BENCH_KEEP") or reuse:
            print(f"Kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "bench"
    {"seed": seed, "queries": count_queries, "bench": main}[command]()
