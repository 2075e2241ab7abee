"""Kept for events/migrations/0001_initial.py, which names the validator by this path; the check itself
is home.validators (python-stdnum)."""

from home.validators import normalise_business_id, validate_business_id

__all__ = ["normalise_business_id", "validate_business_id"]
