from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from .admin_views import CountedListingMixin
from .models import SupervisedGroup


class SupervisedGroupIndexView(CountedListingMixin, IndexView):
    pass


class SupervisedGroupViewSet(SnippetViewSet):
    model = SupervisedGroup
    index_view_class = SupervisedGroupIndexView
    icon = "group"
    menu_label = _("Supervised groups")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name"]
    search_fields = ["name"]


register_snippet(SupervisedGroupViewSet)


@hooks.register("filter_form_submissions_for_user")
def enquiries_only_for_permitted_users(user, editable_forms):
    """Enquiries are personal data: only users given "Can view form submission" see or export them
    (by default Wagtail shows them to everyone who may edit the form page)."""
    return editable_forms if user.has_perm("wagtailforms.view_formsubmission") else editable_forms.none()


@hooks.register("register_admin_viewset")
def register_outgoing_email_admin():
    from .admin_views import OutgoingEmailViewSet

    return OutgoingEmailViewSet()


@hooks.register("construct_homepage_panels")
def add_failed_emails_panel(request, panels):
    from .admin_views import FailedEmailsPanel

    panels.append(FailedEmailsPanel())
