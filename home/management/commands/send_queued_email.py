from django.core.management.base import BaseCommand

from home import outbox


class Command(BaseCommand):
    help = (
        "Send the stored emails whose next attempt is due. Needed from cron only with the immediate task "
        "backend; the database queue (db_worker) retries by itself."
    )

    def handle(self, *args, **options):
        sent = outbox.send_due()
        self.stdout.write(f"Sent {sent} queued emails.")
