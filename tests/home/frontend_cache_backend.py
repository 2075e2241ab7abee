"""A frontend-cache backend (wagtail.contrib.frontend_cache) that records what it was told to purge."""

from wagtail.contrib.frontend_cache.backends.base import BaseBackend


class RecordingBackend(BaseBackend):
    purged: list[str] = []

    def purge(self, url):
        RecordingBackend.purged.append(url)
