"""The bench's URLconf (scripts/bench.py only; production never loads it): the site's own URLs and
one minimal view, the framework's floor, i.e. what any response costs through the project's full
middleware stack, with the same settings and the same gunicorn configuration as the pages.

The site's patterns are copied in, not include()d: i18n_patterns is only allowed in the root URLconf.
"""

from django.http import HttpResponse
from django.urls import path

from practice_site.urls import urlpatterns as site_urlpatterns

FLOOR_PATH = "/__bench_floor__/"


def floor(request):
    return HttpResponse("ok")


# Before the site's patterns, whose last one (Wagtail's pages) matches every path.
urlpatterns = [path(FLOOR_PATH.strip("/") + "/", floor, name="bench_floor"), *site_urlpatterns]
