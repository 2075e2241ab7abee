"""Counters every worker process shares: the page-cache generation, form rate limits, login
failures. They live in the database (home.models.Counter), which every process of every
configuration the README offers already shares: SQLite under several gunicorn workers, PostgreSQL
with or without Redis. A process-local cache would give each worker counts of its own.

`increment()` is one atomic statement (INSERT … ON CONFLICT DO UPDATE … RETURNING, on SQLite 3.35+
and PostgreSQL), so parallel requests never lose a count.
"""

from datetime import timedelta

from django.db import connection
from django.utils import timezone

from .models import Counter

TABLE = Counter._meta.db_table


def _adapt(moment):
    return connection.ops.adapt_datetimefield_value(moment)


def increment(name: str, *, window: int | None = None) -> int:
    """Add one to the counter `name` and return its new value.

    With `window` (seconds) the count starts again from 1 once `window` seconds have passed since
    it first counted: a fixed window, for rate limits and lockouts. Without, it never expires."""
    now = timezone.now()
    expires = _adapt(now + timedelta(seconds=window)) if window else None
    now = _adapt(now)
    expired = f"({TABLE}.expires_at IS NOT NULL AND {TABLE}.expires_at <= %s)"
    with connection.cursor() as cursor:
        if window:
            # Rows of windows that have passed are of no use to anyone: the index on expires_at makes
            # this cheap, and keeps the table as small as the traffic of the last window.
            cursor.execute(f"DELETE FROM {TABLE} WHERE expires_at <= %s", [now])
        cursor.execute(
            f"INSERT INTO {TABLE} (name, value, expires_at) VALUES (%s, 1, %s) "
            f"ON CONFLICT (name) DO UPDATE SET "
            f"value = CASE WHEN {expired} THEN 1 ELSE {TABLE}.value + 1 END, "
            f"expires_at = CASE WHEN {expired} THEN excluded.expires_at ELSE {TABLE}.expires_at END "
            f"RETURNING value",
            [name, expires, now, now],
        )
        return cursor.fetchone()[0]


def value(name: str, *, cursor=None) -> int:
    """The counter's value now (0 when it was never counted or its window has passed); `cursor`
    reads it on another connection (home/generation.py's listening one)."""
    if cursor is None:
        with connection.cursor() as cursor:
            return value(name, cursor=cursor)
    cursor.execute(
        f"SELECT value FROM {TABLE} WHERE name = %s AND (expires_at IS NULL OR expires_at > %s)",
        [name, _adapt(timezone.now())],
    )
    row = cursor.fetchone()
    return row[0] if row else 0


def reset(name: str) -> None:
    Counter.objects.filter(name=name).delete()
