import re

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum.fi import ytunnus

from home.validators import BUSINESS_ID_EXAMPLE, normalise_business_id, validate_business_id


@pytest.mark.parametrize(
    "value",
    [
        "1234567-1",  # remainder 10 → 11 − 10 = 1
        "0737546-2",
        "1572860-0",  # remainder 0 → check digit 0
        "0112038-9",
        " 1234567 - 1 ",
        "12345671",  # without the hyphen
        "FI12345671",  # the VAT number's spelling
        "fi 1234567-1",
        "737546-2",  # the old six-digit form gets its leading zero back
    ],
)
def test_valid_business_ids_pass(value):
    validate_business_id(value)


@pytest.mark.parametrize(
    "value, message",
    [
        ("1234567-2", "tarkistusnumero ei täsmää"),
        ("0737546-3", "tarkistusnumero ei täsmää"),
        ("1234567", "muodossa 1234567-1"),
        ("12345678-1", "muodossa 1234567-1"),
        ("abcdefg-1", "muodossa 1234567-1"),
        ("", "muodossa 1234567-1"),
    ],
)
def test_invalid_business_ids_are_refused_in_finnish(value, message):
    with pytest.raises(ValidationError) as error:
        validate_business_id(value)
    assert message in str(error.value.messages[0])


def test_remainder_one_has_no_valid_check_digit():
    # 0000006: 6 × 2 = 12, remainder 1: no business ID ends like this
    for check in range(10):
        with pytest.raises(ValidationError):
            validate_business_id(f"0000006-{check}")


@given(st.text(alphabet="0123456789", min_size=7, max_size=7))
def test_exactly_one_check_digit_is_accepted_unless_none_is(digits):
    accepted = []
    for check in range(10):
        try:
            validate_business_id(f"{digits}-{check}")
        except ValidationError:
            continue
        accepted.append(check)
    remainder = sum(int(d) * w for d, w in zip(digits, (7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    assert accepted == ([] if remainder == 1 else [0 if remainder == 0 else 11 - remainder])


def test_normalise_keeps_a_valid_id_as_is():
    assert normalise_business_id("1234567-1") == "1234567-1"


@pytest.mark.parametrize("spelling", ["12345671", "FI12345671", "1234567 - 1", "fi1234567-1"])
def test_the_usual_spellings_are_stored_in_one_form(spelling):
    assert normalise_business_id(spelling) == "1234567-1"
    assert normalise_business_id("737546-2") == "0737546-2"


def test_every_example_on_the_site_is_a_valid_business_id():
    import subprocess

    validate_business_id(BUSINESS_ID_EXAMPLE)
    # Every 7+1-digit number written as an example in the code, templates and the Finnish catalogues.
    lines = subprocess.run(
        [
            "git",
            "grep",
            "-h",
            "-I",
            "-E",
            r"[0-9]{7}-[0-9]",
            "--",
            "home",
            "events",
            "templates",
            "locale",
            ":!*/migrations/*",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    # Lines of obsolete catalogue entries (#~) are history, not shown anywhere.
    found = [
        n for line in lines if not line.startswith("#~") for n in re.findall(r"\b[0-9]{7}-[0-9]\b", line)
    ]
    assert found and all(ytunnus.is_valid(number) for number in found), sorted(set(found))
