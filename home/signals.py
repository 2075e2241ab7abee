"""Keeps the anonymous page cache (home/cache.py) in step with content."""

from django.db.models.signals import post_delete, post_migrate, post_save
from wagtail import hooks
from wagtail.signals import page_published, page_unpublished, post_page_move

from .cache import mark_page_cacheable, purge_page_cache
from .site_url import sync_default_site


def purge(sender=None, **kwargs):
    purge_page_cache()


def purge_when_page_changes(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        purge_page_cache()


def purge_on_change(*models):
    """Purge cached pages whenever a row of one of `models` is saved or deleted.

    For data pages show that is not a page: snippets, settings, images. Apps call it from their
    AppConfig.ready(), e.g. `purge_on_change(Registration)`."""
    for model in models:
        uid = f"page-cache-purge:{model._meta.label}"
        post_save.connect(purge, sender=model, dispatch_uid=uid, weak=False)
        post_delete.connect(purge, sender=model, dispatch_uid=uid, weak=False)


def connect(app_config):
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Locale, PageViewRestriction, Site

    from .models import Person, PracticeSettings, SupervisedGroup, Testimonial

    hooks.register("before_serve_page", mark_page_cacheable)
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(purge, dispatch_uid=f"page-cache-purge:{id(signal)}", weak=False)
    # Every page subclass: plain saves (add_child, drafts), and deletes (pre_delete would be too
    # early: a request could cache the page again before the row is gone).
    post_save.connect(purge_when_page_changes, dispatch_uid="page-cache-purge:page-save", weak=False)
    post_delete.connect(purge_when_page_changes, dispatch_uid="page-cache-purge:page-delete", weak=False)
    # A deploy runs migrate: pages rendered by the old code and templates are not served after it.
    post_migrate.connect(purge, sender=app_config, dispatch_uid="page-cache-purge:migrate", weak=False)
    # The default Site answers at SITE_URL, so every absolute link does (home/site_url.py).
    post_migrate.connect(sync_default_site, sender=app_config, dispatch_uid="site-url:migrate", weak=False)
    purge_on_change(
        PracticeSettings,
        SupervisedGroup,
        Person,
        Testimonial,
        Site,
        Locale,
        PageViewRestriction,
        get_image_model(),
        get_document_model(),
    )
