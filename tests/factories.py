"""Plain helpers that build test data; each app's tests add theirs here."""

from django.contrib.auth.models import Group, Permission


def make_editor(django_user_model, username="editor", permissions=()):
    """A Wagtail editor (admin access, Editors group) with optional extra permissions ("app.codename")."""
    user = django_user_model.objects.create_user(username, f"{username}@example.fi", "pw")
    user.groups.add(Group.objects.get(name="Editors"))
    for dotted in permissions:
        app_label, codename = dotted.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return user
