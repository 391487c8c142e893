"""The unified social credit code check character (GB 32100-2015)."""

import pytest
from django.core.exceptions import ValidationError

from catalog.validators import (
    USCC_WEIGHTS,
    is_valid_registration_code,
    normalize_registration_code,
    uscc_check_character,
    validate_registration_code,
)

# Codes printed on published business licences (Huawei Technologies, Tencent's Shenzhen
# computer systems company, Alibaba (China)), and the example the standard's guides use.
PUBLISHED = [
    "914403001922038216",
    "91440300708461136T",
    "91330100799655058B",
    "91350100M000100Y43",
]


def test_weights_are_powers_of_three_mod_31():
    assert USCC_WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


@pytest.mark.parametrize("code", PUBLISHED)
def test_published_codes_have_the_computed_check_character(code):
    assert uscc_check_character(code[:17]) == code[17]
    assert is_valid_registration_code(code)


def test_check_character_worked_by_hand():
    # 9 1 3 5 0 1 0 0 M(21) 0 0 0 1 0 0 Y(30) 4: weighted sum 1640 = 31·52 + 28, and 31 − 28 = 3.
    assert uscc_check_character("91350100M000100Y4") == "3"


def test_a_check_character_can_be_a_letter_and_zero_wraps():
    assert uscc_check_character("91440300708461136") == "T"
    # A sum that is already a multiple of 31 takes "0", not the 32nd character.
    first_17 = "00000000000000000"
    assert uscc_check_character(first_17) == "0"


@pytest.mark.parametrize("code", PUBLISHED)
def test_every_other_check_character_is_refused(code):
    wrong = [c for c in "0123456789ABCDEFGHJKLMNPQRTUWXY" if c != code[17]]
    assert not any(is_valid_registration_code(code[:17] + c) for c in wrong)


@pytest.mark.parametrize(
    "code",
    [
        "",
        None,
        "91440300708461136",  # 17 characters
        "91440300708461136TT",  # 19
        "91440300708461136t",  # lower case is not normalised by the check itself
        "9144030070846113OT",  # O is not in the alphabet
        "91440300708461I36T",  # nor is I
        "9144O300708461136T",  # the division part must be digits
    ],
)
def test_malformed_codes_are_refused(code):
    assert not is_valid_registration_code(code)


def test_a_single_changed_character_is_caught():
    code = "914403001922038216"
    swapped = code[:10] + "3" + code[11:]  # 2 → 3 in the organisation part
    assert not is_valid_registration_code(swapped)


def test_normalisation_and_django_validator():
    assert normalize_registration_code("  91440300708461136t ") == "91440300708461136T"
    assert normalize_registration_code("   ") is None
    validate_registration_code(" 91440300708461136t")
    with pytest.raises(ValidationError):
        validate_registration_code("914403001922038217")
