from django.contrib.auth.backends import ModelBackend

from .services import is_locked_out


class LockoutModelBackend(ModelBackend):
    """Django's model backend that refuses every login attempt while the username is locked out
    from the requesting address, whichever login form or API the attempt comes through."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None and username and is_locked_out(username, request):
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
