from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from .admin_views import CountedListingMixin
from .models import Person, SupervisedGroup, Testimonial


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


class TestimonialViewSet(SnippetViewSet):
    model = Testimonial
    icon = "openquote"
    menu_label = _("Testimonials")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["__str__", "role", "organisation", "permission_given", "locale"]
    list_filter = ["permission_given"]
    list_export = ["quote", "name", "role", "organisation", "permission_given", "permission_record"]
    search_fields = ["quote", "name", "role", "organisation"]


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("People")
    menu_order = 320
    add_to_admin_menu = True
    list_display = ["name", "role", "locale"]
    search_fields = ["name", "role"]


register_snippet(TestimonialViewSet)
register_snippet(PersonViewSet)


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
