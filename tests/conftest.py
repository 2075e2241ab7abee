import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from wagtail.models import Locale

from home.models import HomePage


def pytest_collection_modifyitems(config, items):
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL: run with DATABASE_URL=postgres://… (.ci/run does)")
    for item in items:
        if "postgresql" in item.keywords and connection.vendor != "postgresql":
            item.add_marker(skip_pg)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Build the demo site once; each test runs inside a transaction that is rolled back."""
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture(autouse=True)
def purge_at_once(request, monkeypatch):
    """A purge waits for the commit (home.cache.purge_page_cache); a test's transaction never commits,
    so here it happens at once, as it would right after the commit. Tests of the waiting itself are
    marked `purge_on_commit`."""
    if "purge_on_commit" not in request.keywords:
        monkeypatch.setattr("home.cache.after_commit", lambda callback: callback())


@pytest.fixture(autouse=True)
def clear_cache():
    """Cached pages and login-failure counts do not outlive a test (its database changes are rolled back)."""
    cache.clear()


@pytest.fixture
def home_page(db):
    """The Finnish home page of the demo site (seeded again after a transactional test flushed it)."""
    home = HomePage.objects.filter(locale__language_code="fi").first()
    if home is None:
        call_command("seed_demo", stdout=io.StringIO())
        home = HomePage.objects.get(locale=Locale.objects.get(language_code="fi"))
    return home


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin-test", "admin@example.fi", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def emails_sent(client, django_capture_on_commit_callbacks):
    """The outbox, with each POST's after-commit callbacks (the email tasks) run when the request ends,
    as the commit at the end of a real request would. (Tests run inside a transaction never committed.)"""
    from django.core import mail

    post = client.post

    def committing_post(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return post(*args, **kwargs)

    client.post = committing_post
    return mail.outbox
