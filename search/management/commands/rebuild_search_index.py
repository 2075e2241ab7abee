import time

from django.core.management.base import BaseCommand

from search.morphology import get_analyser
from search.services import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the site search index from every published, public page."

    def handle(self, *args, **options):
        started = time.monotonic()
        analyser = get_analyser()
        count = rebuild_index(analyser)
        self.stdout.write(
            f"Indexed {count} pages in {time.monotonic() - started:.1f} s (Finnish word forms: {analyser.name})."
        )
