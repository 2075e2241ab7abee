"""Emails are never lost and never block (home/outbox.py): a mail server that is down or hangs leaves
the message waiting, it is tried again with backoff, and the practitioner sees what failed."""

import smtplib
import socket
import threading
import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

from events.models import Registration
from home import outbox
from home.models import OutgoingEmail
from tests.factories import make_registration, make_training

pytestmark = pytest.mark.django_db

Status = OutgoingEmail.Status
CONTACT_URL = "/ota-yhteytta/"
ENQUIRY = {
    "nimi": "Maija Meikäläinen",
    "sahkoposti": "maija@example.fi",
    "palvelu": "Työnohjaus",
    "viesti": "Haluaisimme ryhmätyönohjausta.",
}


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses every recipient, quoting the address as real servers do."""

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused(
            {address: (550, f"5.1.1 <{address}> unknown".encode()) for m in messages for address in m.to}
        )


@pytest.fixture
def mail_server_down(settings):
    settings.EMAIL_BACKEND = "tests.home.test_outbox.RefusingBackend"
    return settings


def test_the_contact_form_thanks_the_sender_when_the_mail_server_is_down(
    client, home_page, emails_sent, mail_server_down
):
    response = client.post(CONTACT_URL, ENQUIRY)
    assert response.status_code == 200
    assert "Kiitos" in response.content.decode()
    assert FormSubmission.objects.filter(page__slug="ota-yhteytta").count() == 1
    email = OutgoingEmail.objects.get(purpose="enquiry")
    assert email.status == Status.PENDING and email.attempts == 1
    assert timedelta(seconds=50) < email.next_attempt_at - timezone.now() <= timedelta(minutes=1)
    # What is stored about the failure names no one.
    assert email.last_error == "SMTPRecipientsRefused 550"


def test_a_failed_message_is_sent_once_the_mail_server_is_back(
    client, home_page, emails_sent, mail_server_down, settings
):
    client.post(CONTACT_URL, ENQUIRY)
    email = OutgoingEmail.objects.get(purpose="enquiry")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.send_due() == 0  # not due for a minute
    assert outbox.send_due(now=timezone.now() + timedelta(minutes=2)) == 1
    email.refresh_from_db()
    assert email.status == Status.SENT and email.attempts == 2 and email.last_error == ""
    [sent] = mail.outbox
    assert sent.to == ["tyonohjaus@example.fi"] and "Maija Meikäläinen" in sent.body


def test_retries_back_off_then_fail_for_good(home_page, mail_server_down):
    email = outbox.send(mail.EmailMessage("Aihe", "Teksti", to=["maija@example.fi"]), "test")
    delays = []
    while email.status == Status.PENDING:
        delays.append(round((email.next_attempt_at - timezone.now()).total_seconds() / 60))
        outbox.deliver(email.pk)
        email.refresh_from_db()
    assert delays == [1, 10, 60, 360]
    assert email.status == Status.FAILED and email.attempts == 5
    assert list(outbox.failed_for_good()) == [email]


def test_send_again_starts_over_with_a_failed_message(home_page, mail_server_down, settings):
    email = outbox.send(mail.EmailMessage("Aihe", "Teksti", to=["maija@example.fi"]), "test")
    OutgoingEmail.objects.filter(pk=email.pk).update(status=Status.FAILED)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.send_again(email)
    email.refresh_from_db()
    assert email.status == Status.SENT and len(mail.outbox) == 1


def test_a_retry_is_a_deferred_task_on_the_database_queue(
    home_page, mail_server_down, settings, django_capture_on_commit_callbacks
):
    from django_tasks import task_backends
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    task_backends._settings = None  # django-tasks reads TASKS once
    try:
        with django_capture_on_commit_callbacks(execute=True):
            email = outbox.send(mail.EmailMessage("Aihe", "Teksti", to=["maija@example.fi"]), "test")
        [retry] = DBTaskResult.objects.filter(task_path="home.tasks.deliver_email")
        assert retry.args_kwargs["args"] == [email.pk]
        assert abs(retry.run_after - email.next_attempt_at) < timedelta(seconds=1)
    finally:
        task_backends._settings = None


def test_a_promotion_from_the_waiting_list_reaches_the_person_after_the_server_recovers(
    home_page, mail_server_down, settings, django_capture_on_commit_callbacks
):
    event = make_training(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        first = make_registration(event, email="eka@example.invalid")
        make_registration(event, email="toka@example.invalid")
        from events import services

        services.cancel(first)
    waiting = OutgoingEmail.objects.filter(recipients="toka@example.invalid", purpose="registration-promoted")
    assert waiting.get().status == Status.PENDING
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    outbox.send_due(now=timezone.now() + timedelta(minutes=2))
    assert waiting.get().status == Status.SENT
    assert any(m.to == ["toka@example.invalid"] for m in mail.outbox)
    assert Registration.objects.get(email="toka@example.invalid").status == Registration.Status.CONFIRMED


@pytest.fixture
def silent_mail_server():
    """A mail server that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    accepted = []

    def accept():
        while True:
            try:
                accepted.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    yield SimpleNamespace(port=server.getsockname()[1], accepted=accepted)
    server.close()
    for connection in accepted:
        connection.close()


def test_a_mail_server_that_never_answers_holds_a_message_only_for_email_timeout(
    home_page, settings, silent_mail_server
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_TIMEOUT = "127.0.0.1", 1
    settings.EMAIL_PORT = silent_mail_server.port
    settings.EMAIL_USE_TLS = False
    started = time.monotonic()
    email = outbox.send(mail.EmailMessage("Aihe", "Teksti", to=["maija@example.fi"]), "test")
    assert time.monotonic() - started < 5
    assert email.status == Status.PENDING and "did not answer" in email.last_error


def test_db_worker_stops_cleanly_on_sigterm_while_the_mail_server_hangs(tmp_path, silent_mail_server):
    """A worker stuck on a silent mail server ends its attempt within EMAIL_TIMEOUT and exits on SIGTERM;
    the message stays waiting for its next attempt."""
    import os
    import signal
    import subprocess
    import sys

    from django.conf import settings as django_settings

    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")},
        "DJANGO_SETTINGS_MODULE": "practice_site.settings.dev",
        "SQLITE_PATH": str(tmp_path / "worker.sqlite3"),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(silent_mail_server.port),
        "EMAIL_USE_TLS": "false",
        "EMAIL_TIMEOUT": "2",
    }
    manage = [sys.executable, str(django_settings.BASE_DIR / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, timeout=300)
    enqueue = (
        "from django.core.mail import EmailMessage; from home import outbox; from home.tasks import deliver_email; "
        "e = outbox.store(EmailMessage('Aihe', 'Teksti', to=['maija@example.fi']), 'test'); "
        "deliver_email.enqueue(e.pk)"
    )
    subprocess.run([*manage, "shell", "-c", enqueue], env=env, check=True, timeout=60)
    # As in production (DEBUG off): no autoreloader between the signal and the worker.
    worker = subprocess.Popen([*manage, "db_worker", "--interval", "0.2", "--no-reload"], env=env)
    try:
        for _ in range(300):  # until the worker has picked the task up and waits for the server
            if silent_mail_server.accepted:
                break
            time.sleep(0.1)
        assert silent_mail_server.accepted
        started = time.monotonic()
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=15) == 0
        assert time.monotonic() - started < 10
    finally:
        worker.kill()
    status = subprocess.run(
        [*manage, "shell", "-c", "from home.models import OutgoingEmail as E; print(E.objects.get().status)"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert status.stdout.strip().splitlines()[-1] == "pending"


def test_the_practitioner_sees_failed_emails_on_the_dashboard_and_sends_one_again(
    admin_client, home_page, mail_server_down, settings
):
    email = outbox.send(mail.EmailMessage("Paikka vapautui", "Teksti", to=["toka@example.invalid"]), "test")
    assert "could not be sent" not in admin_client.get("/admin/").content.decode()
    OutgoingEmail.objects.filter(pk=email.pk).update(status=Status.FAILED)
    dashboard = admin_client.get("/admin/").content.decode()
    assert "1 sähköposti jäi lähettämättä" in dashboard
    listing = admin_client.get("/admin/outgoing_email/?status=failed").content.decode()
    assert "Paikka vapautui" in listing and f"/admin/outgoing_email/send-again/{email.pk}/" in listing
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert admin_client.get(f"/admin/outgoing_email/send-again/{email.pk}/").status_code == 200
    response = admin_client.post(f"/admin/outgoing_email/send-again/{email.pk}/")
    assert response.status_code == 302
    email.refresh_from_db()
    assert email.status == Status.SENT and mail.outbox[0].to == ["toka@example.invalid"]


def test_only_users_with_the_permission_see_the_outbox(client, home_page, django_user_model):
    from tests.factories import make_editor

    editor = make_editor(django_user_model)
    client.force_login(editor)
    assert client.get("/admin/outgoing_email/").status_code in (302, 403)
