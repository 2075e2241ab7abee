from django.core.management.base import BaseCommand

from home.personal_data import expire_all


class Command(BaseCommand):
    help = "The same as `manage.py remove_expired_data` (its earlier name, kept for existing cron entries)."

    def handle(self, *args, **options):
        counts = expire_all()
        self.stdout.write(self.style.SUCCESS(", ".join(f"{name}: {count}" for name, count in counts.items())))
