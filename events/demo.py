"""Demo content for this app; called by `manage.py seed_demo` after the home pages exist."""


def seed(home, stdout=None):
    return None
