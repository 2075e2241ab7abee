from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views
from search.views import search_view

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("favicon.ico", home_views.favicon),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
elif getattr(settings, "SERVE_MEDIA_FROM_STORAGE", False):
    # The browser tests' live server: uploaded images live in the test's in-memory storage.
    from django.urls import re_path

    urlpatterns.append(re_path(r"^media/(?P<path>.+)$", home_views.media_file))

# Finnish pages live at the root, English ones under /en/.
urlpatterns += i18n_patterns(
    path("haku/", search_view, name="search"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
