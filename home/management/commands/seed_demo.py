from django.core.management.base import BaseCommand

from events import demo as events_demo
from home import demo as home_demo
from home import demo_english
from publications import demo as publications_demo


class Command(BaseCommand):
    help = "Build the demo site from the practitioner's texts. Safe to run again: existing pages are kept."

    def handle(self, *args, **options):
        home = home_demo.seed(self.stdout)
        events_demo.seed(home, self.stdout)
        publications_demo.seed(home, self.stdout)
        home_demo.seed_contact(home)
        home_demo.seed_person(home, self.stdout)
        home_demo.offer_introductory_call(home)
        demo_english.seed_english(home, self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
