"""Formats: HS codes, ID numbers and their masks."""

import pytest

from storefront.border.validators import (
    FormatError,
    hs_code_display,
    hs_code_normalise,
    id_number_parse,
)


@pytest.mark.parametrize(
    "written, stored",
    [
        ("090230", "090230"),
        ("0902.30", "090230"),
        ("0902.30.00", "09023000"),
        ("0902.3000", "09023000"),
        ("09023000", "09023000"),
        ("0902.30.00.10", "0902300010"),
        ("0902300010", "0902300010"),
        (" 1003 90 ", "100390"),
        ("9701.21", "970121"),
    ],
)
def test_hs_codes_in_plain_or_dotted_forms_are_stored_as_digits(written, stored):
    assert hs_code_normalise(written) == stored


@pytest.mark.parametrize(
    "written, says",
    [
        ("", "Enter an HS code"),
        ("09023", "has 5 digits"),
        ("0902300", "has 7 digits"),
        ("090230001", "has 9 digits"),
        ("09023000100", "has 11 digits"),
        ("0902-30", "only contain digits and dots"),
        ("09O230", "only contain digits and dots"),
        ("09.0230", "dotted form"),
        ("0902..30", "dotted form"),
        ("0902.3", "dotted form"),
        ("000000", "chapter 00"),
        ("980100", "chapter 98"),
        ("770100", "chapter 77"),
    ],
)
def test_malformed_hs_codes_are_refused_with_the_reason(written, says):
    with pytest.raises(FormatError, match=says):
        hs_code_normalise(written)


def test_hs_codes_print_dotted():
    assert hs_code_display("090230") == "0902.30"
    assert hs_code_display("09023000") == "0902.30.00"
    assert hs_code_display("0902300010") == "0902.30.00.10"


def test_resident_id_with_its_check_character_is_masked_to_four_and_four():
    number = id_number_parse("54023419900101123x")

    assert (number.kind, number.number) == ("resident_id", "54023419900101123X")
    assert number.masked == "5402**********123X"


@pytest.mark.parametrize(
    "written, says",
    [
        ("540234199001011231", "check character"),
        ("540234199002301234", "birth date"),
        ("54023419900101123", "18-character"),
        ("T1234567", "18-character"),
        ("", "18-character"),
    ],
)
def test_malformed_id_numbers_are_refused_without_echoing_them(written, says):
    with pytest.raises(FormatError, match=says) as refused:
        id_number_parse(written)

    assert written.strip() == "" or written not in str(refused.value)


def test_border_pass_numbers_are_checked_for_shape_and_masked():
    number = id_number_parse("T 1234 5678")

    assert (number.kind, number.number, number.masked) == (
        "border_pass",
        "T12345678",
        "T1*****78",
    )
