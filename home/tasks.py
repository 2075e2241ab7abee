"""Background work of the site itself: delivering stored emails (home/outbox.py)."""

from django_tasks import task

from . import outbox


@task()
def deliver_email(email_id: int) -> bool:
    return outbox.deliver(email_id)
