"""An Atom feed of the newest publications in an archive (Django's syndication framework)."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

FEED_SIZE = 20


class LatestPublicationsFeed(Feed):
    feed_type = Atom1Feed

    def __init__(self, archive):
        super().__init__()
        self.archive = archive

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return self.archive.title

    def subtitle(self):
        return self.archive.lead

    def link(self):
        return self.archive.get_full_url(self.request)

    def feed_url(self):
        return self.archive.get_full_url(self.request) + self.archive.reverse_subpage("feed")

    def items(self):
        return self.archive.publications().newest_first()[:FEED_SIZE].for_citation()

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead or item.abstract or item.apa_text

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_author_name(self, item):
        return item.authors_text or None

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.sort_date, datetime.time(12)))

    def item_updateddate(self, item):
        return item.last_published_at or self.item_pubdate(item)

    def item_categories(self, item):
        return [tag.name for tag in item.topics]
