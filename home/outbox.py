"""Every email the site sends goes through here: stored first, then delivered, and tried again later
when the mail server refuses or does not answer, so no message is lost and none blocks a visitor.

`send(message, purpose)` is called from a background task (or after a commit): it stores the message
and tries it at once. A failed attempt is tried again after RETRY_DELAYS (1 min, 10 min, 1 h, 6 h);
after the last one the message is marked failed and the practitioner is told on the admin dashboard,
where "send again" starts over. Retries are deferred tasks on a task backend that supports them
(the database queue of `manage.py db_worker`); with the immediate backend, `manage.py
send_queued_email` sends whatever is due (run it from cron, or use "send again").

Stored errors name the kind of failure and the server's reply code, never an address: SMTP errors
quote the recipients they refused.
"""

import logging
import smtplib
import socket
from datetime import timedelta

from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import OutgoingEmail

logger = logging.getLogger(__name__)

Status = OutgoingEmail.Status
RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=10), timedelta(hours=1), timedelta(hours=6))
# A worker that died while sending leaves its message "sending"; after this long it is due again.
STALE_SENDING = timedelta(minutes=15)


def send(message: EmailMultiAlternatives, purpose: str) -> OutgoingEmail:
    """Store `message` and try to deliver it now; returns the stored row (sent, or waiting)."""
    email = store(message, purpose)
    deliver(email.pk)
    email.refresh_from_db()
    return email


def queue(message: EmailMultiAlternatives, purpose: str) -> OutgoingEmail:
    """Store `message` now and deliver it from the task queue once the transaction commits: for a
    request that must answer whatever the mail server does (the contact form)."""
    from .tasks import deliver_email

    email = store(message, purpose)
    pk = email.pk
    transaction.on_commit(lambda: deliver_email.enqueue(pk), robust=True)
    return email


def store(message: EmailMultiAlternatives, purpose: str) -> OutgoingEmail:
    html = next(
        (content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), ""
    )
    return OutgoingEmail.objects.create(
        purpose=purpose[:100],
        recipients=", ".join(message.to),
        reply_to=", ".join(message.reply_to),
        from_email=message.from_email or "",
        subject=message.subject,
        body=message.body,
        html=html,
        attachments=[
            {
                "filename": name,
                "content": content if isinstance(content, str) else content.decode(),
                "mimetype": mime,
            }
            for name, content, mime in message.attachments
        ],
    )


def as_message(email: OutgoingEmail, connection=None) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body,
        from_email=email.from_email or None,
        to=split(email.recipients),
        reply_to=split(email.reply_to) or None,
        connection=connection,
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    for attachment in email.attachments:
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    return message


def split(addresses: str) -> list[str]:
    return [address.strip() for address in addresses.split(",") if address.strip()]


def describe(error: Exception) -> str:
    """The error without personal data: its kind, and the SMTP reply code when there is one."""
    kind = type(error).__name__
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({str(code) for code, _message in error.recipients.values()})
        return f"{kind} {', '.join(codes)}"
    code = getattr(error, "smtp_code", None)
    if code:
        return f"{kind} {code}"
    if isinstance(error, (socket.timeout, TimeoutError)) or "timed out" in str(error):
        return f"{kind}: the mail server did not answer in time"
    if isinstance(error, OSError) and error.errno:
        return f"{kind} errno {error.errno}"
    return kind


def claim(pk: int) -> bool:
    """Take the message for this attempt, so two workers never send it twice."""
    now = timezone.now()
    due = Q(status=Status.PENDING) | Q(status=Status.SENDING, next_attempt_at__lte=now - STALE_SENDING)
    return bool(OutgoingEmail.objects.filter(due, pk=pk).update(status=Status.SENDING, next_attempt_at=now))


def deliver(pk: int) -> bool:
    """One attempt at delivering the stored message `pk`; True when it was sent. Never raises for a
    mail server's failure: it is recorded and the next attempt scheduled."""
    if not claim(pk):
        return False  # sent already, or another worker has it
    email = OutgoingEmail.objects.get(pk=pk)
    try:
        as_message(email, connection=get_connection()).send()
    except BaseException as error:
        # Any failure is tried again later; so is an attempt cut short by the worker being stopped
        # (db_worker exits from its SIGTERM handler), which then goes on exiting.
        failed_attempt(email, error)
        if not isinstance(error, Exception):
            raise
        return False
    email.status, email.sent_at, email.next_attempt_at = Status.SENT, timezone.now(), None
    email.attempts += 1
    email.last_error = ""
    email.save(update_fields=["status", "sent_at", "next_attempt_at", "attempts", "last_error"])
    return True


def failed_attempt(email: OutgoingEmail, error: Exception) -> None:
    email.attempts += 1
    email.last_error = describe(error)[:200]
    if email.attempts > len(RETRY_DELAYS):
        email.status, email.next_attempt_at = Status.FAILED, None
        logger.error(
            "email %s (%s) failed for good after %s attempts: %s",
            email.pk,
            email.purpose,
            email.attempts,
            email.last_error,
        )
    else:
        email.status = Status.PENDING
        email.next_attempt_at = timezone.now() + RETRY_DELAYS[email.attempts - 1]
        logger.warning(
            "email %s (%s) attempt %s failed, next at %s: %s",
            email.pk,
            email.purpose,
            email.attempts,
            email.next_attempt_at,
            email.last_error,
        )
    email.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
    if email.status == Status.PENDING:
        schedule(email)


def schedule(email: OutgoingEmail) -> None:
    """A deferred delivery task, where the task backend can defer; else send_queued_email finds it."""
    from django_tasks import default_task_backend

    from .tasks import deliver_email

    if not default_task_backend.supports_defer:
        return
    pk, when = email.pk, email.next_attempt_at
    transaction.on_commit(lambda: deliver_email.using(run_after=when).enqueue(pk), robust=True)


def send_again(email: OutgoingEmail) -> bool:
    """The admin's "send again": start over with a failed or waiting message, now."""
    updated = (
        OutgoingEmail.objects.filter(pk=email.pk)
        .exclude(status=Status.SENT)
        .update(status=Status.PENDING, attempts=0, next_attempt_at=None, last_error="")
    )
    return bool(updated) and deliver(email.pk)


def send_due(now=None) -> int:
    """Deliver every waiting message whose next attempt is due; how many were sent."""
    now = now or timezone.now()
    due = OutgoingEmail.objects.filter(
        Q(status=Status.PENDING, next_attempt_at__lte=now)
        | Q(status=Status.PENDING, next_attempt_at__isnull=True)
        | Q(status=Status.SENDING, next_attempt_at__lte=now - STALE_SENDING)
    )
    return sum(deliver(pk) for pk in due.values_list("pk", flat=True))


def failed_for_good():
    return OutgoingEmail.objects.filter(status=Status.FAILED)
