from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import ImportPublicationsView, archives_for


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(archives_for(request.user))


@hooks.register("register_admin_urls")
def register_import_url():
    return [path("publications/import/", ImportPublicationsView.as_view(), name="publications_import")]


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        _("Import publications"), reverse("publications_import"), icon_name="upload", order=320
    )
