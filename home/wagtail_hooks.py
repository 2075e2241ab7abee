from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SupervisedGroup


class SupervisedGroupViewSet(SnippetViewSet):
    model = SupervisedGroup
    icon = "group"
    menu_label = _("Supervised groups")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name"]
    search_fields = ["name"]


register_snippet(SupervisedGroupViewSet)
