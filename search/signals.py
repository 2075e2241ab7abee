"""Keeps the site search index in step with what visitors can see: publish, unpublish, move, view
restrictions. Deleting a page deletes its entry with it (a foreign key)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import services


def page_changed(sender, instance, **kwargs):
    services.index_page(instance)


def page_moved(sender, instance, **kwargs):
    # Moved under a private section, or out of one: the whole subtree is findable or not anew. Its
    # tree path as the database has it now (the moved instance's may be the old one).
    services.index_subtree(Page.objects.get(pk=instance.pk))


def restriction_changed(sender, instance, **kwargs):
    # After the commit: a restriction is also deleted when its page is, and the page is gone by then.
    page_id = instance.page_id

    def reindex():
        page = Page.objects.filter(pk=page_id).first()
        if page is not None:
            services.index_subtree(page)

    transaction.on_commit(reindex)


def site_changed(sender, instance, **kwargs):
    # Only pages under a site's root have an address: a new root brings its pages into the index.
    transaction.on_commit(lambda: services.index_subtree(Page.objects.get(pk=instance.root_page_id)))


def connect():
    page_published.connect(page_changed, dispatch_uid="search-index-publish")
    page_unpublished.connect(page_changed, dispatch_uid="search-index-unpublish")
    post_page_move.connect(page_moved, dispatch_uid="search-index-move")
    post_save.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="search-index-restrict")
    post_delete.connect(
        restriction_changed, sender=PageViewRestriction, dispatch_uid="search-index-unrestrict"
    )
    post_save.connect(site_changed, sender=Site, dispatch_uid="search-index-site")
