"""On PostgreSQL a worker learns of a purge by LISTEN/NOTIFY instead of asking the database on every
request (home/generation.py): no query while it listens, a purge seen at once, and the database read
again per request whenever the listening connection is lost, so no purge is missed meanwhile.

These tests commit (the listening connection sees only committed rows). That the generation is the
same in two gunicorn workers is tests/quality/test_shared_state.py, which runs on PostgreSQL with
the listening on."""

import os
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home import cache, counters
from home.generation import APPLICATION_NAME, GenerationListener

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def eventually(condition, seconds=5):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.001)
    return False


@pytest.fixture
def listen(settings):
    settings.PAGE_CACHE_LISTEN = True  # as in production (settings/test.py turns it off)


def listening_connections():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [APPLICATION_NAME]
        )
        return cursor.fetchone()[0]


@pytest.fixture
def listener(listen):
    # It reads the value by itself only every 30 s: sooner, only a notification can have told it.
    started = GenerationListener(cache.GENERATION_COUNTER, wait_seconds=30, retry_seconds=0.1)
    started.value()  # starts the thread
    assert eventually(lambda: started.known is not None), "the listener did not connect"
    yield started
    started.stop()


def test_a_listening_worker_reads_the_generation_without_a_query(listener):
    with CaptureQueriesContext(connection) as queries:
        value = listener.value()
    assert value == counters.value(cache.GENERATION_COUNTER)
    assert len(queries) == 0


def test_a_purge_is_seen_at_once(listener):
    before = listener.value()
    started = time.monotonic()
    cache._new_generation()  # what purge_page_cache() runs after the commit
    assert eventually(lambda: listener.known[0] == before + 1, seconds=2)
    print(f"purge seen by the listener after {(time.monotonic() - started) * 1000:.1f} ms")


def test_without_its_connection_a_worker_reads_the_database_and_misses_no_purge(listener):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
            [APPLICATION_NAME],
        )
    assert eventually(lambda: listener.known is None), "the listener did not notice its connection was lost"
    before = counters.value(cache.GENERATION_COUNTER)
    counters.increment(cache.GENERATION_COUNTER)  # a purge no one is listening for
    with CaptureQueriesContext(connection) as queries:
        assert listener.value() == before + 1
    assert len(queries) == 1
    # It listens again, and from then on needs no query.
    assert eventually(lambda: listener.known is not None and listener.known[0] == before + 1)


def test_a_value_not_read_again_lately_is_not_used(listen):
    """A listening connection can die without a word; the value it last read is then not trusted."""
    silent = GenerationListener(cache.GENERATION_COUNTER)
    silent.pid = os.getpid()  # as if its thread ran, but it has not read for a while
    silent.known = (-1, time.monotonic() - silent.trust_seconds - 1)
    with CaptureQueriesContext(connection) as queries:
        value = silent.value()
    assert value == counters.value(cache.GENERATION_COUNTER) and len(queries) == 1


def test_the_test_process_itself_does_not_listen():
    # A listening connection would keep the test database from being dropped (settings/test.py).
    cache.current_generation()
    assert not eventually(lambda: listening_connections() > 0, seconds=0.5)
