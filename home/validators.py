"""Finnish business IDs (Y-tunnus), checked with python-stdnum (stdnum.fi.ytunnus)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_errors
from stdnum.fi import ytunnus

# A valid number (the check digit matches) for help texts and the demo: every example on the site passes.
BUSINESS_ID_EXAMPLE = "1234567-1"


def normalise_business_id(value: str) -> str:
    """ "1234567-1" from the usual spellings: "12345671", " 1234567 - 1 ", the VAT form "FI12345671",
    and the older six-digit form "123456-…" with its leading zero. Anything else is returned stripped."""
    value = (value or "").strip()
    if re.fullmatch(r"\d{6}\s*-\s*\d", value):
        value = "0" + value
    try:
        return ytunnus.format(ytunnus.validate(value))
    except stdnum_errors.ValidationError:
        return re.sub(r"\s+", "", value)


def validate_business_id(value: str) -> None:
    try:
        ytunnus.validate(normalise_business_id(value))
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(
            _("This business ID is not valid: check the digits (the last digit does not match)."),
            code="business_id_check_digit",
        ) from None
    except stdnum_errors.ValidationError:
        raise ValidationError(
            _("Enter the business ID in the form %(example)s.") % {"example": BUSINESS_ID_EXAMPLE},
            code="business_id_format",
        ) from None
