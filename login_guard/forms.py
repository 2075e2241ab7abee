from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from .services import is_locked_out


class LoginForm(WagtailLoginForm):
    """The Wagtail admin login form, telling a locked-out user why they cannot log in."""

    error_messages = {
        **WagtailLoginForm.error_messages,
        "locked_out": _("Too many failed login attempts. Please wait %(minutes)s before trying again."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail's form leaves the password label to the field name, which is never translated.
        self.fields["password"].label = _("Password")

    def clean(self):
        username = self.cleaned_data.get("username")
        if username and self.request is not None and is_locked_out(username, self.request):
            minutes = max(1, settings.LOGIN_FAILURE_WINDOW // 60)
            raise ValidationError(
                self.error_messages["locked_out"],
                code="locked_out",
                params={
                    "minutes": ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
                },
            )
        return super().clean()
