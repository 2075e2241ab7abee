from django.core.management.base import BaseCommand

from events.services import anonymise_expired


class Command(BaseCommand):
    help = (
        "Blank the personal data of registrations whose event ended longer ago than the retention period "
        "in Settings → Practice (counts are kept) and delete old lecture requests. Run it daily from cron "
        "or a scheduler; it is safe to run any time."
    )

    def handle(self, *args, **options):
        count = anonymise_expired()
        self.stdout.write(self.style.SUCCESS(f"Anonymised {count} registrations."))
