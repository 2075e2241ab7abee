"""`make audit` only: the site's URLs and its media files (in production the proxy serves /media/).

The site's patterns are copied in, not include()d: i18n_patterns is only allowed in the root URLconf."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from practice_site.urls import urlpatterns as site_urlpatterns

# Before the site's patterns, whose last one (Wagtail's pages) matches every path.
urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    *site_urlpatterns,
]
