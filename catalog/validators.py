"""Checks of identifiers the catalog stores.

The unified social credit code (统一社会信用代码, GB 32100-2015) has 18 characters from a
31-character alphabet (digits and capital letters without I, O, Z, S and V): the
registration authority, the kind of organisation, the 6-digit GB/T 2260 division code of the
registering office, the 9-character organisation code, and a check character. Character i
(from 0) weighs 3**i mod 31; the check character is the one whose value brings the weighted
sum of all 18 to a multiple of 31.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_LENGTH = 18
USCC_WEIGHTS = tuple(pow(3, position, 31) for position in range(USCC_LENGTH - 1))
_VALUES = {character: value for value, character in enumerate(USCC_ALPHABET)}


def normalize_registration_code(code: str | None) -> str | None:
    """The code as stored: upper case, without surrounding blanks; None when blank."""
    cleaned = (code or "").strip().upper()
    return cleaned or None


def uscc_check_character(first_17: str) -> str:
    """The check character for the first 17 characters of a code (in the code's alphabet)."""
    if len(first_17) != USCC_LENGTH - 1 or any(c not in _VALUES for c in first_17):
        raise ValueError("Expected 17 characters of the unified social credit code alphabet.")
    total = sum(_VALUES[c] * weight for c, weight in zip(first_17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def is_valid_registration_code(code: str | None) -> bool:
    """Whether `code` is a well-formed unified social credit code with the right check
    character (compared as given: normalise it first)."""
    if not code or len(code) != USCC_LENGTH or any(c not in _VALUES for c in code):
        return False
    if not code[2:8].isdigit():  # the registering office's division code
        return False
    return uscc_check_character(code[:17]) == code[17]


def validate_registration_code(code: str | None) -> None:
    """A Django validator (forms, admin): raise ValidationError for an invalid code."""
    if not is_valid_registration_code(normalize_registration_code(code)):
        raise ValidationError(
            _("Enter a valid unified social credit code."), code="invalid_registration_code"
        )
