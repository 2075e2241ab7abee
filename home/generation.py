"""The page cache's generation (home/cache.py) as a worker process reads it.

On SQLite it is read from the database at the start of every request: the file is local, and the
read costs 0.05 ms.

On PostgreSQL that read is a round trip (0.3 ms here), which took a third of the cached pages'
speed. So each process keeps the generation in memory and PostgreSQL tells it of every change: a
purge sends a notification (NOTIFY) when it has counted the new generation, and a thread in each
process that serves pages, listening on a connection of its own, reads the new value as soon as
the notification arrives, within milliseconds, on every machine that shares the database. The
database stays the one place the generation is kept: until the thread has its connection and has
read the value after LISTEN, and whenever that connection is lost, the process reads the database
per request again, so a purge is never missed (and a value the thread has not read again for 3 s
is not used: a connection can die without the thread knowing).

PAGE_CACHE_LISTEN=false turns the listening off (a connection pooler in transaction mode, such as
PgBouncer's, cannot keep a LISTEN).
"""

import logging
import os
import threading
import time

from django.conf import settings
from django.db import connection, connections

from . import counters

CHANNEL = "page_cache_generation"
APPLICATION_NAME = "page cache listener"  # how the connection shows in pg_stat_activity
# Seconds between attempts to listen again after the connection was lost.
RETRY_SECONDS = 5
# The listening thread reads the value again after every notification and at least every
# WAIT_SECONDS, and a value it has not read for three times that is not used: a connection that died
# without a word (a failover, a firewall dropping it) leaves a worker on an old generation for at most
# those 3 s, where a notification takes milliseconds.
WAIT_SECONDS = 1.0
# libpq's TCP keepalives, so such a connection is given up and opened again within half a minute.
KEEPALIVES = {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5, "keepalives_count": 3}

logger = logging.getLogger(__name__)


class GenerationListener:
    """The generation of one counter, kept current by LISTEN/NOTIFY in a thread of this process."""

    def __init__(self, counter, *, wait_seconds=WAIT_SECONDS, retry_seconds=RETRY_SECONDS):
        self.counter = counter
        self.wait_seconds = wait_seconds
        self.trust_seconds = 3 * wait_seconds
        self.retry_seconds = retry_seconds
        self.known = None  # (value, when read) while the listening connection is up; None: ask the database
        self.pid = None  # the process the thread runs in: a forked worker starts its own
        self.stopping = threading.Event()
        self.thread = None
        self.lock = threading.Lock()

    def value(self):
        """The generation: from memory while this process listens, else from the database."""
        if not listening():
            return counters.value(self.counter)
        known = self.known
        if known is not None and self.pid == os.getpid() and time.monotonic() - known[1] < self.trust_seconds:
            return known[0]
        self.start()
        return counters.value(self.counter)

    def start(self):
        with self.lock:
            if self.pid == os.getpid():
                return
            self.pid, self.known = os.getpid(), None
            self.stopping.clear()
            self.thread = threading.Thread(target=self._run, name="page-cache-generation", daemon=True)
            self.thread.start()

    def stop(self):
        """End the thread and close its connection (tests: the test database is dropped later)."""
        self.stopping.set()
        if self.thread is not None:
            announce()  # wakes the thread from its wait
            self.thread.join(timeout=self.wait_seconds * 5)
        self.pid = self.known = self.thread = None

    def _run(self):
        while not self.stopping.is_set():
            try:
                self._listen()
            except Exception as error:  # the database went away or refused: read it per request meanwhile
                logger.warning(
                    "Page cache: not listening for purges (%s); reading the database per request.", error
                )
            self.known = None
            self.stopping.wait(self.retry_seconds)

    def _listen(self):
        import psycopg

        params = {
            **connections["default"].get_connection_params(),
            **KEEPALIVES,
            "application_name": APPLICATION_NAME,
        }
        with psycopg.connect(**params, autocommit=True) as listening:
            listening.execute(f"LISTEN {CHANNEL}")
            while not self.stopping.is_set():
                # Read after LISTEN (a purge that commits in between is in the value, or notified),
                # then after each notification or wait_seconds without one.
                self.known = (counters.value(self.counter, cursor=listening.cursor()), time.monotonic())
                # Drained before the next read: the generator holds the connection's lock until it ends.
                list(listening.notifies(timeout=self.wait_seconds, stop_after=1))


def listening():
    return connection.vendor == "postgresql" and settings.PAGE_CACHE_LISTEN


def announce():
    """Tell every listening process that the generation changed (PostgreSQL; outside a transaction,
    as purges run after the commit, so the notification goes out at once)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"NOTIFY {CHANNEL}")
