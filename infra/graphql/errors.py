"""Top-level GraphQL errors in Saleor's shape, and mutation payload errors."""

from collections.abc import Iterable
from typing import Any

from graphql import GraphQLError

from infra.errors import FieldError, ValidationFailed


class PermissionDenied(GraphQLError):
    """Raised by resolvers when the caller lacks a permission (Saleor: code PermissionDenied)."""

    code = "PermissionDenied"

    def __init__(self, message: str | None = None, permissions: Iterable[str] = ()):
        permissions = [str(p) for p in permissions]
        if message is None:
            if permissions:
                message = (
                    "To access this path, you need one of the following permissions: "
                    + ", ".join(permissions)
                )
            else:
                message = "You do not have permission to perform this action"
        super().__init__(message, extensions={"exception": {"code": self.code}})


def format_error(error: GraphQLError, debug: bool = False) -> dict[str, Any]:
    formatted: dict[str, Any] = {"message": error.message}
    if error.locations:
        formatted["locations"] = [
            {"line": loc.line, "column": loc.column} for loc in error.locations
        ]
    if error.path:
        formatted["path"] = error.path
    extensions = dict(error.extensions or {})
    original = error.original_error
    if "exception" not in extensions:
        code = type(original).__name__ if original else "GraphQLError"
        extensions["exception"] = {"code": code}
    if original is not None and not isinstance(original, GraphQLError) and not debug:
        # Never leak internals of unexpected failures to callers.
        formatted["message"] = "Internal Server Error"
    formatted["extensions"] = extensions
    return formatted


def error_items(errors: Iterable[FieldError]) -> list[dict[str, Any]]:
    return [{"field": e.field, "code": e.code, "message": e.message, **e.extra} for e in errors]


def payload_from_failure(failure: ValidationFailed, **fields: Any) -> dict[str, Any]:
    """A mutation payload carrying the service's errors, Saleor style."""
    return {"errors": error_items(failure.errors), **fields}
