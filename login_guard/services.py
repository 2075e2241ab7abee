"""Counting failed logins per username and client address, in the database (home.counters), so
every worker process sees the same count.

After settings.LOGIN_FAILURE_LIMIT failures within settings.LOGIN_FAILURE_WINDOW seconds (counted
from the first failure), every further attempt for that username from that address is refused,
even with the right password, until the window has passed. A successful login clears the count.
Counting per username *and* address means an attacker cannot lock the real editor out from
elsewhere."""

import hashlib
import logging

from django.conf import settings

from home import counters
from home.client_address import client_address

logger = logging.getLogger(__name__)


def _key(username: str, request) -> str:
    identity = f"{username.strip().casefold()}\n{client_address(request)}"
    return "login-failures:" + hashlib.sha256(identity.encode()).hexdigest()


def failure_count(username: str, request) -> int:
    return counters.value(_key(username, request))


def is_locked_out(username: str, request) -> bool:
    return failure_count(username, request) >= settings.LOGIN_FAILURE_LIMIT


def record_failure(username: str, request) -> int:
    # The window starts at the first failure.
    count = counters.increment(_key(username, request), window=settings.LOGIN_FAILURE_WINDOW)
    if count == settings.LOGIN_FAILURE_LIMIT:
        logger.warning(
            "Login locked for %s from %s after %s failures.", username, client_address(request), count
        )
    return count


def clear_failures(username: str, request) -> None:
    counters.reset(_key(username, request))


def on_login_failed(sender, credentials, request=None, **kwargs):
    username = credentials.get("username")
    if request is not None and username:
        record_failure(username, request)


def on_logged_in(sender, request, user, **kwargs):
    if request is not None:
        clear_failures(user.get_username(), request)
