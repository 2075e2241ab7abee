from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The site search's name for publications (search/kinds.py); the archive's free text asks for it.
SEARCH_KIND = "julkaisut"


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = _("Publications")

    def ready(self):
        from wagtail.signals import post_page_move

        from home.listings import register_home_listing
        from search.kinds import ResultKind, register_result_kind

        from .listings import latest_publications

        post_page_move.connect(follow_moved_publication, dispatch_uid="publications_follow_move")
        register_home_listing("latest_publications", latest_publications, order=30)
        register_result_kind(
            ResultKind(
                SEARCH_KIND,
                _("Publications"),
                ("publications.PublicationPage",),
                date=lambda page: page.sort_date,
                year_only=True,
                order=30,
            )
        )


def follow_moved_publication(sender, instance, parent_page_after, **kwargs):
    """A publication moved to another archive is counted and listed there (PublicationPage.archive)."""
    from .models import PublicationIndexPage, PublicationPage

    if isinstance(instance.specific_deferred, PublicationPage):
        archive = PublicationIndexPage.objects.filter(pk=parent_page_after.pk).first()
        PublicationPage.objects.filter(pk=instance.pk).update(archive=archive)
