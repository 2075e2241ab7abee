import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

BUSINESS_ID_RE = re.compile(r"^(\d{7})-(\d)$")
BUSINESS_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)


def business_id_check_digit(digits: str) -> int | None:
    """The check digit of a Finnish business ID (Y-tunnus) for its seven digits; None if none is valid."""
    remainder = (
        sum(int(digit) * weight for digit, weight in zip(digits, BUSINESS_ID_WEIGHTS, strict=True)) % 11
    )
    if remainder == 0:
        return 0
    if remainder == 1:
        return None  # such numbers are never issued
    return 11 - remainder


def normalise_business_id(value: str) -> str:
    """ "1234567-1", also from " 1234567 - 1 " or the older six-digit form "123456-…" with its leading zero."""
    value = re.sub(r"\s+", "", value or "")
    if re.fullmatch(r"\d{6}-\d", value):
        value = "0" + value
    return value


def validate_business_id(value: str) -> None:
    match = BUSINESS_ID_RE.fullmatch(normalise_business_id(value))
    if not match:
        raise ValidationError(_("Enter the business ID in the form 1234567-8."), code="business_id_format")
    digits, check = match.groups()
    if business_id_check_digit(digits) != int(check):
        raise ValidationError(
            _("This business ID is not valid: check the digits (the last digit does not match)."),
            code="business_id_check_digit",
        )
