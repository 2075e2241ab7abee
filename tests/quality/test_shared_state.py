"""What counts across requests is the same for every worker process (home/counters.py).

Two gunicorn servers of one worker each serve one database, as the workers of one deployment do:
a purge made elsewhere, a form rate-limit count and a login lockout are seen by both. Run for each
configuration the README offers: the database of this run (SQLite, or PostgreSQL when DATABASE_URL
is set) without Redis, and with Redis when a server answers on 127.0.0.1:6379.
"""

import html
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)
GROUP_URL = "/palvelut/tyonohjaus/ryhmatyonohjaus/"
FORM_URL = "/koulutukset-ja-luennot/dialoginen-asiakastyo-luento/tilaa/"
LIMIT = 3


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_answers():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def site_env(tmp_path_factory):
    """A database of its own, migrated and seeded, for servers started outside this test process."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "practice_site.settings.dev",
        "LOGIN_FAILURE_LIMIT": str(LIMIT),
        "FORM_RATE_LIMIT": f"{LIMIT}/600",
        "ALLOWED_HOSTS": "127.0.0.1",
        "REDIS_URL": "",
    }
    database = None
    if connection.vendor == "postgresql":
        import psycopg

        database = f"shared_state_{uuid.uuid4().hex[:8]}"
        params = connection.settings_dict
        admin = psycopg.connect(
            dbname="postgres",
            user=params["USER"],
            password=params["PASSWORD"],
            host=params["HOST"],
            port=params["PORT"] or 5432,
            autocommit=True,
        )
        admin.execute(f'CREATE DATABASE "{database}"')
        url = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
        env["DATABASE_URL"] = urllib.parse.urlunsplit(url._replace(path=f"/{database}"))
    else:
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = str(tmp_path_factory.mktemp("shared-state") / "db.sqlite3")
    manage(env, "migrate", "--noinput")
    manage(env, "seed_demo")
    manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth.models import User; User.objects.create_superuser('editor', '', 'oikea-salasana')",
    )
    yield env
    if database:
        admin.execute(f'DROP DATABASE "{database}" WITH (FORCE)')
        admin.close()


class Server:
    """One gunicorn worker; its own memory, its own page cache unless Redis is shared."""

    def __init__(self, env):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "practice_site.wsgi",
                "--workers",
                "1",
                "--bind",
                f"127.0.0.1:{self.port}",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class Browser:
    """A visitor with cookies, shared across both servers as a browser shares them across workers."""

    def __init__(self):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, server, path):
        return self.request(server, path)

    def post(self, server, path, data):
        return self.request(server, path, urllib.parse.urlencode(data).encode())

    def request(self, server, path, data=None):
        request = urllib.request.Request(server.base + path, data=data)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def csrf_token(self, server, path):
        body = self.get(server, path)[2]
        return html.unescape(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1))


@pytest.fixture(params=["without Redis", "with Redis"])
def servers(request, site_env):
    env = dict(site_env)
    # Each configuration starts with no counts left by the one before (it shares the database).
    manage(
        env,
        "shell",
        "-c",
        "from home.models import Counter; Counter.objects.filter(expires_at__isnull=False).delete()",
    )
    if request.param == "with Redis":
        if not redis_answers():
            pytest.skip("no Redis server on 127.0.0.1:6379")
        env["REDIS_URL"] = f"redis://127.0.0.1:6379/{int(uuid.uuid4()) % 16}"
    started = [Server(env), Server(env)]
    yield started
    for server in started:
        server.stop()


@pytest.mark.django_db
def test_a_purge_reaches_every_worker(servers, site_env):
    visitor = Browser()
    for server in servers:
        visitor.get(server, GROUP_URL)
        status, headers, body = visitor.get(server, GROUP_URL)
        assert status == 200 and headers.get("X-Cache") == "HIT" and "Ryhmätyönohjaus" in body

    # An editor publishes in a third process.
    manage(
        site_env,
        "shell",
        "-c",
        "from home.models import SupervisionFormPage as P; p = P.objects.get(slug='ryhmatyonohjaus'); "
        "p.title = 'Ryhmätyönohjaus uudistettuna'; p.save_revision().publish()",
    )
    for server in servers:
        status, headers, body = visitor.get(server, GROUP_URL)
        assert headers.get("X-Cache") == "MISS" and "Ryhmätyönohjaus uudistettuna" in body, server.port


@pytest.mark.django_db
def test_one_rate_limit_count_for_every_worker(servers):
    visitor = Browser()
    first, second = servers
    token = visitor.csrf_token(first, FORM_URL)
    statuses = [
        # A bot's post (the honeypot filled) counts; a person's typo would not.
        visitor.post(server, FORM_URL, {"csrfmiddlewaretoken": token, "website": "http://spam.example"})[0]
        for server in (first, second, first, second)
    ]
    assert statuses == [200] * LIMIT + [429]  # the form with its errors, until the shared limit


@pytest.mark.django_db
def test_one_login_lockout_for_every_worker(servers):
    first, second = servers

    def log_in(server, password, visitor=None):
        visitor = visitor or Browser()
        token = visitor.csrf_token(first, "/admin/login/")
        status, _headers, body = visitor.post(
            server,
            "/admin/login/",
            {"csrfmiddlewaretoken": token, "username": "editor", "password": password},
        )
        return status == 200 and 'id="wagtail"' in body and "/admin/logout/" in body

    assert log_in(second, "oikea-salasana")  # on either worker, before anything failed
    for server in (first, second, first):
        assert not log_in(server, "väärä")
    # The right password is refused now, whichever worker answers.
    assert not log_in(second, "oikea-salasana")
    assert not log_in(first, "oikea-salasana")
