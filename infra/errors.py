"""Errors raised by services, mapped to Saleor's `errors { field code message }` by the API.

Services never import GraphQL; they raise `ValidationFailed` with one `FieldError` per problem,
and the mutation layer turns each into an item of the payload's `errors` list.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum


@dataclass(frozen=True)
class FieldError:
    field: str | None
    code: str
    message: str
    extra: dict = field(default_factory=dict)


class ValidationFailed(Exception):
    def __init__(self, errors: Iterable[FieldError]):
        self.errors = list(errors)
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in self.errors))

    @classmethod
    def single(
        cls, field: str | None, code: str | Enum, message: str, **extra
    ) -> "ValidationFailed":
        code_value = code.value if isinstance(code, Enum) else code
        return cls([FieldError(field=field, code=code_value, message=str(message), extra=extra)])
