"""Background work (django-tasks): emails, and the retention clean-up for deployments that schedule tasks.

Services enqueue these only after their transaction has committed. Each renders its message and hands it
to the outbox (home/outbox.py), which stores it, sends it and, when the mail server fails, tries again
later; the registration it is about is already saved."""

import logging

from django_tasks import task

from home import outbox

from . import emails
from .models import LectureRequest, Registration

logger = logging.getLogger(__name__)


def _send(message, purpose):
    if message is None:
        logger.warning("%s: no recipient address, nothing sent", purpose)
        return False
    return outbox.send(message, purpose).status == outbox.Status.SENT


@task()
def send_registration_email(registration_id: int, kind: str) -> bool:
    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None or registration.anonymised_at or not registration.email:
        return False
    return _send(emails.registration_message(registration, kind), f"registration-{kind}")


@task()
def notify_practitioner(registration_id: int, kind: str) -> bool:
    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None:
        return False
    return _send(emails.practitioner_message(registration, kind), f"practitioner-{kind}")


@task()
def send_lecture_request(request_id: int) -> bool:
    lecture_request = LectureRequest.objects.select_related("lecture").filter(pk=request_id).first()
    if lecture_request is None:
        return False
    return _send(emails.lecture_request_message(lecture_request), "lecture-request")


@task()
def anonymise_registrations() -> int:
    """The same as `manage.py remove_expired_data`, for deployments that schedule tasks."""
    from home.personal_data import expire_all

    return sum(expire_all().values())
