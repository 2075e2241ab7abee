import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from events.validators import business_id_check_digit, normalise_business_id, validate_business_id


@pytest.mark.parametrize(
    "value",
    [
        "1234567-1",  # remainder 10 → 11 − 10 = 1
        "0737546-2",
        "1572860-0",  # remainder 0 → check digit 0
        "0112038-9",
        " 1234567 - 1 ",
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
        ("1234567", "muodossa 1234567-8"),
        ("12345678-1", "muodossa 1234567-8"),
        ("abcdefg-1", "muodossa 1234567-8"),
        ("", "muodossa 1234567-8"),
    ],
)
def test_invalid_business_ids_are_refused_in_finnish(value, message):
    with pytest.raises(ValidationError) as error:
        validate_business_id(value)
    assert message in str(error.value.messages[0])


def test_remainder_one_has_no_valid_check_digit():
    # 0000006: 6 × 2 = 12, remainder 1: no business ID ends like this
    assert business_id_check_digit("0000006") is None
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
    expected = business_id_check_digit(digits)
    assert accepted == ([] if expected is None else [expected])


def test_normalise_keeps_a_valid_id_as_is():
    assert normalise_business_id("1234567-1") == "1234567-1"
