"""Saleor's error codes for the storefront's account operations (the subset we raise)."""

from enum import StrEnum


class AccountErrorCode(StrEnum):
    INVALID = "INVALID"
    INVALID_PASSWORD = "INVALID_PASSWORD"  # noqa: S105
    NOT_FOUND = "NOT_FOUND"
    PASSWORD_ENTIRELY_NUMERIC = "PASSWORD_ENTIRELY_NUMERIC"  # noqa: S105
    PASSWORD_TOO_COMMON = "PASSWORD_TOO_COMMON"  # noqa: S105
    PASSWORD_TOO_SHORT = "PASSWORD_TOO_SHORT"  # noqa: S105
    PASSWORD_TOO_SIMILAR = "PASSWORD_TOO_SIMILAR"  # noqa: S105
    REQUIRED = "REQUIRED"
    UNIQUE = "UNIQUE"
