#!/usr/bin/env python
"""`make bench-archive`: the publication archive's SQL queries and render time with 5 and with 10,000
publications.

    python scripts/bench_archive.py                    # throwaway SQLite database in a temporary directory
    python scripts/bench_archive.py --current-db       # the configured database (e.g. PostgreSQL); cleans up
    python scripts/bench_archive.py --count 10000 --runs 30

Settings: DJANGO_SETTINGS_MODULE, as manage.py (practice_site.settings.dev by default). Both modes
build a temporary archive page, fill it with 5 publications, measure, fill it up to --count with a
bulk fast path (scripts/bulk_data/publications.py), measure again, and delete it. Pages are rendered
through the whole Django stack with the test client, with the anonymous page cache switched off, so
every figure is an uncached render. Prints figures; it is not a test and asserts nothing.
"""

# ruff: noqa: E402 (Django is set up before the project's modules are imported)
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "practice_site.settings.dev")

import django

django.setup()

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import OutputWrapper
from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from wagtail.models import Page, Site

# The project's names this benchmark uses: keep them in this one block.
from publications.archive import ARCHIVE_PAGE_SIZE, ArchiveFilters
from publications.models import PublicationIndexPage
from publications.types import BY_VALUE
from scripts.bulk_data.publications import bulk_create_publications, delete_publications

SMALL = 5
TARGET_MS = 50
FREE_TEXT_TARGET_MS = 25  # the scenarios with ?q= (issue 12), median, in-process


def scenarios(archive, count):
    """Filter values taken from the archive's first publication, so every scenario also matches
    something when the archive holds only five."""
    sample = archive.publications().order_by("pk").first()
    authors = sample.author_list
    topic = quote(sample.topics[0].slug) if sample.topics else "tyonohjaus"
    type_value = BY_VALUE[sample.publication_type].url_value
    word = quote(sample.title.split()[0].lower())
    surname = quote(authors[-1].family_name if authors else "Hämäläinen")
    last_page = max(1, -(-count // ARCHIVE_PAGE_SIZE))
    return [
        ("all, page 1", ""),
        ("all, page 2", "sivu=2"),
        ("all, middle page", f"sivu={max(1, last_page // 2)}"),
        ("all, last page", f"sivu={last_page}"),
        ("type", f"tyyppi={type_value}"),
        ("year", f"vuosi={sample.year}"),
        ("topic", f"aihe={topic}"),
        ("type + year + topic", f"tyyppi={type_value}&vuosi={sample.year}&aihe={topic}"),
        ("type, page 2", f"tyyppi={type_value}&sivu=2"),
        ("search: Finnish word", f"q={word}"),
        ("search: surname", f"q={surname}"),
        ("search + type, page 3", f"q={word}&tyyppi={type_value}&sivu=3"),
        ("invalid values", "vuosi=abc&tyyppi=tuntematon&sivu=999999"),
    ]


def parse_arguments(argv=None):
    parser = argparse.ArgumentParser(
        description="Print the archive's SQL query counts and median render times with 5 and with --count "
        "publications."
    )
    parser.add_argument("--count", type=int, default=10_000, help="publications in the large archive")
    parser.add_argument("--runs", type=int, default=25, help="timed renders per scenario")
    parser.add_argument(
        "--current-db",
        action="store_true",
        help="use the configured database instead of a throwaway SQLite file (the data is removed after)",
    )
    parser.add_argument(
        "--prepare-db", action="store_true", help="(internal) migrate and seed the database first"
    )
    return vars(parser.parse_args(argv))


class ArchiveBench:
    def __init__(self):
        self.stdout = OutputWrapper(sys.stdout)
        self.stderr = OutputWrapper(sys.stderr)

    def handle(self, **options):
        if not options["current_db"]:
            return self.run_in_throwaway_sqlite(options)
        if options["prepare_db"]:
            call_command("migrate", verbosity=0, interactive=False)
            with open(os.devnull, "w") as devnull:
                call_command("seed_demo", stdout=devnull)
        self.run_benchmark(options["count"], options["runs"], clean_up=not options["prepare_db"])

    def run_in_throwaway_sqlite(self, options):
        with tempfile.TemporaryDirectory(prefix="bench-archive-") as directory:
            environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
            environment["SQLITE_PATH"] = str(Path(directory) / "bench.sqlite3")
            environment["MEDIA_ROOT"] = str(Path(directory) / "media")
            self.stdout.write(f"Throwaway SQLite database in {directory} (migrating and seeding first) …")
            command = [
                sys.executable,
                str(Path(__file__).resolve()),
                "--current-db",
                "--prepare-db",
                f"--count={options['count']}",
                f"--runs={options['runs']}",
            ]
            result = subprocess.run(command, env=environment, cwd=ROOT, check=False)
            if result.returncode:
                sys.exit(result.returncode)

    def run_benchmark(self, count, runs, clean_up=True):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            self.stderr.write("No default site: run `python manage.py seed_demo` first.")
            sys.exit(1)
        home = site.root_page
        archive = PublicationIndexPage(title="Benchmark archive", slug=f"bench-{uuid.uuid4().hex[:8]}")
        home.add_child(instance=archive)
        archive.save_revision().publish()
        client = Client(HTTP_HOST=site.hostname if site.hostname != "*" else "localhost")
        self.stdout.write(
            f"Database: {connection.vendor}; settings: {os.environ.get('DJANGO_SETTINGS_MODULE')}; "
            f"DEBUG={settings.DEBUG}; page cache off; {runs} timed renders per scenario."
        )
        ids = []
        try:
            with override_settings(PAGE_CACHE_ENABLED=False):
                ids = bulk_create_publications(archive, SMALL, seed=1)
                cases = scenarios(archive, count)
                small = {name: self.measure(client, archive, query, runs=3) for name, query in cases}
                start = time.perf_counter()
                ids += bulk_create_publications(archive, count - SMALL, seed=2)
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("ANALYZE")  # what autovacuum does after a bulk load
                self.stdout.write(f"Built {count} publications in {time.perf_counter() - start:.1f} s.\n")
                large = {name: self.measure(client, archive, query, runs=runs) for name, query in cases}
                reference = self.time_path(client, "/", runs)
            self.report(count, small, large)
            self.stdout.write(
                f"For comparison, the home page (the same base template, menus and footer) renders in a median "
                f"{reference:.1f} ms in this run."
            )
        finally:
            if clean_up:
                start = time.perf_counter()
                delete_publications(archive, ids)
                Page.objects.get(pk=archive.pk).delete()
                self.stdout.write(f"Removed the benchmark archive in {time.perf_counter() - start:.1f} s.")

    def measure(self, client, archive, query, runs):
        path = f"{archive.url}?{query}" if query else archive.url
        client.get(path)  # warm-up: site-root and template caches, as any earlier visitor would
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        query_count = len(queries)  # read now: the next request clears Django's query log
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        timings = self.timings(client, path, runs)
        results = ArchiveFilters.from_querydict(QueryDict(query)).apply(archive.publications()).count()
        return {
            "queries": query_count,
            "results": results,
            "median": statistics.median(timings),
            "max": max(timings),
        }

    def timings(self, client, path, runs):
        timings = []
        for _run in range(runs):
            start = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
        return timings

    def time_path(self, client, path, runs):
        client.get(path)
        return statistics.median(self.timings(client, path, runs))

    def report(self, count, small, large):
        header = f"{'scenario':<26} {'results':>8} {'queries@5':>10} {f'queries@{count}':>14} {'median ms':>10} {'max ms':>8}"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for name, figures in large.items():
            self.stdout.write(
                f"{name:<26} {figures['results']:>8} {small[name]['queries']:>10} {figures['queries']:>14} "
                f"{figures['median']:>10.1f} {figures['max']:>8.1f}"
            )
        worst = max(figures["median"] for figures in large.values())
        same_queries = all(small[name]["queries"] == large[name]["queries"] for name in large)
        self.stdout.write("")
        verdict = "within target." if worst <= TARGET_MS else "OVER TARGET."
        if connection.vendor != "sqlite":
            verdict = f"(the target is set for SQLite; this run is on {connection.vendor})."
        self.stdout.write(
            f"Slowest scenario median: {worst:.1f} ms (target ≤ {TARGET_MS} ms on SQLite) {verdict}"
        )
        free_text = max(figures["median"] for name, figures in large.items() if name.startswith("search"))
        self.stdout.write(
            f"Slowest free-text (?q=) scenario median: {free_text:.1f} ms (target ≤ {FREE_TEXT_TARGET_MS} ms) "
            + ("within target." if free_text <= FREE_TEXT_TARGET_MS else "OVER TARGET.")
        )
        self.stdout.write(
            f"Load average during the run: {', '.join(f'{load:.1f}' for load in os.getloadavg())}."
        )
        self.stdout.write(
            "Query counts with 5 and with "
            f"{count} publications are {'the same in every scenario' if same_queries else 'DIFFERENT'}."
        )


if __name__ == "__main__":
    ArchiveBench().handle(**parse_arguments())
