from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoginGuardConfig(AppConfig):
    name = "login_guard"
    verbose_name = _("Login protection")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from . import services

        user_login_failed.connect(services.on_login_failed, dispatch_uid="login_guard.failed")
        user_logged_in.connect(services.on_logged_in, dispatch_uid="login_guard.logged_in")
