"""Rate limits of the public forms, counted in the database every worker process shares
(home/counters.py). A limit is "count/seconds" (settings.FORM_RATE_LIMIT): a fixed window that
starts with the first post counted.

A view asks whether a limit is exceeded before it does anything, and counts only the posts that
indicate abuse (accepted forms, forms a bot filled): people who fix a typo and send again are never
turned away."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from . import counters


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> "Limit":
        count, _, seconds = str(text).partition("/")
        try:
            return cls(int(count), int(seconds or 3600))
        except ValueError:
            raise ImproperlyConfigured(
                f"A rate limit is 'count/seconds', such as 30/3600, not {text!r}."
            ) from None


class FormPosts:
    """The counts of one public form's posts from one client address (and, once the form is valid,
    one email address)."""

    def __init__(self, form: str, address: str):
        self.form = form
        self.address_key = f"form-posts:{form}:address:{address}"

    @staticmethod
    def address_limit() -> Limit:
        return Limit.parse(settings.FORM_RATE_LIMIT)

    @staticmethod
    def email_limit() -> Limit:
        return Limit.parse(settings.FORM_EMAIL_RATE_LIMIT)

    def email_key(self, email: str) -> str:
        return f"form-posts:{self.form}:email:{email.strip().lower()}"

    def address_exceeded(self) -> bool:
        return counters.value(self.address_key) >= self.address_limit().count

    def email_exceeded(self, email: str) -> bool:
        return bool(email) and counters.value(self.email_key(email)) >= self.email_limit().count

    def accepted(self, email: str = "") -> None:
        """A post the form accepted: it counts for the address and the email."""
        counters.increment(self.address_key, window=self.address_limit().seconds)
        if email:
            counters.increment(self.email_key(email), window=self.email_limit().seconds)

    def suspected(self) -> None:
        """A post a bot made (the honeypot was filled): it counts for the address."""
        counters.increment(self.address_key, window=self.address_limit().seconds)
