"""Small display filters for the shared blocks."""

from django import template

from home.models import format_number

register = template.Library()


@register.filter
def euros(value):
    """120 → "120 €", 1.5 → "1,5 €" (Finnish decimal comma, no needless ",00")."""
    if value is None or value == "":
        return ""
    return f"{format_number(value)} €"
