from django.core.management.base import BaseCommand

from home.personal_data import expire_all


class Command(BaseCommand):
    help = (
        "Remove or anonymise personal data older than the retention period in Settings → Practice: "
        "registrations (counts are kept), lecture requests, contact-form enquiries, sent emails and "
        "finished task rows. Run it daily from cron or a scheduler; it is safe to run any time."
    )

    def handle(self, *args, **options):
        counts = expire_all()
        self.stdout.write(self.style.SUCCESS(", ".join(f"{name}: {count}" for name, count in counts.items())))
