"""Shared input handling for product writes: Saleor's ID lookups, metadata, model validation.

Saleor's inputs name objects by global ID, so the write services resolve them here (through
`infra.ids`, the one codec) and report failures as payload errors with Saleor's codes and
messages: GRAPHQL_ERROR for a malformed or wrong-type ID, NOT_FOUND for a missing object.
"""

from collections.abc import Iterable, Mapping, Sequence
from enum import Enum
from typing import Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from django.utils import translation
from graphql import GraphQLError

from catalog.error_codes import ProductErrorCode
from infra.errors import FieldError, ValidationFailed
from infra.ids import from_global_id_or_error, to_global_id

M = TypeVar("M", bound=Model)

_REQUIRED_CODES = {"required", "blank", "null"}
_UNIQUE_CODES = {"unique", "unique_for_date"}


def error(field: str | None, code: str | Enum, message: str, **extra: Any) -> FieldError:
    code_value = code.value if isinstance(code, Enum) else str(code)
    return FieldError(field=field, code=code_value, message=message, extra=extra)


def fail(field: str | None, code: str | Enum, message: str, **extra: Any) -> ValidationFailed:
    return ValidationFailed([error(field, code, message, **extra)])


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def decode_pk(global_id: str, type_name: str, *, field: str | None, code=None) -> int:
    """The pk behind a global ID of `type_name`, or Saleor's GRAPHQL_ERROR on `field`."""
    try:
        return int(from_global_id_or_error(global_id, type_name))
    except GraphQLError as exc:
        raise fail(field, code or ProductErrorCode.GRAPHQL_ERROR, exc.message) from None


def get_node(
    queryset: QuerySet[M], global_id: str, type_name: str, *, field: str | None, code=None
) -> M:
    """One object by global ID; Saleor's "Couldn't resolve to a node" when it is missing."""
    pk = decode_pk(global_id, type_name, field=field)
    instance = queryset.filter(pk=pk).first()
    if instance is None:
        raise fail(
            field, code or ProductErrorCode.NOT_FOUND, f"Couldn't resolve to a node: {global_id}"
        )
    return instance


def get_nodes(
    queryset: QuerySet[M], global_ids: Sequence[str], type_name: str, *, field: str
) -> list[M]:
    """Objects by global IDs, in input order; GRAPHQL_ERROR naming what is missing."""
    pks = [decode_pk(gid, type_name, field=field) for gid in global_ids]
    found = queryset.in_bulk(pks)
    if not found and pks:
        raise fail(
            field,
            ProductErrorCode.GRAPHQL_ERROR,
            f"Could not resolve to a node with the global id list of '{list(global_ids)}'.",
        )
    missing = [pk for pk in pks if pk not in found]
    if missing:
        raise fail(
            field,
            ProductErrorCode.GRAPHQL_ERROR,
            f"There is no node of type {type_name} with pk {missing[0]}",
        )
    return [found[pk] for pk in pks]


def get_by_external_reference(queryset: QuerySet[M], external_reference: str) -> M:
    instance = queryset.filter(external_reference=external_reference).first()
    if instance is None:
        raise fail(
            "externalReference",
            ProductErrorCode.NOT_FOUND,
            f"Couldn't resolve to a node by given external reference: {external_reference}",
        )
    return instance


def require_one_of(*pairs: tuple[str, Any], code=ProductErrorCode.GRAPHQL_ERROR) -> None:
    """Saleor's check that exactly one of the named arguments is given."""
    given = [name for name, value in pairs if value]
    if len(given) > 1:
        rest = ", ".join(f"'{name}'" for name in given[1:])
        raise fail(None, code, f"Argument '{given[0]}' cannot be combined with {rest}")
    if not given:
        names = ", ".join(f"'{name}'" for name, _value in pairs)
        raise fail(None, code, f"At least one of arguments is required: {names}.")


def metadata_dict(items: Iterable[Mapping[str, str]] | None, *, field: str) -> dict[str, str]:
    """MetadataInput items as a dict; Saleor refuses an empty key."""
    result: dict[str, str] = {}
    for item in items or ():
        key = item["key"]
        if not key or not key.strip():
            raise fail(field, ProductErrorCode.REQUIRED, "Metadata key cannot be empty.")
        result[key] = item["value"]
    return result


def apply_metadata(instance: Model, data: Mapping[str, Any]) -> None:
    """Merge `metadata` / `privateMetadata` inputs into the instance, as Saleor does."""
    public = metadata_dict(data.get("metadata"), field="metadata")
    private = metadata_dict(data.get("private_metadata"), field="privateMetadata")
    if public:
        instance.metadata = {**(instance.metadata or {}), **public}
    if private:
        instance.private_metadata = {**(instance.private_metadata or {}), **private}


def truncate(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _code(exc: DjangoValidationError, code_enum: type[Enum]) -> str:
    code = exc.code
    if code in _REQUIRED_CODES:
        return code_enum.REQUIRED.value
    if code in _UNIQUE_CODES:
        return code_enum.UNIQUE.value
    return code_enum.INVALID.value


def model_errors(
    exc: DjangoValidationError, code_enum: type[Enum] = ProductErrorCode
) -> list[FieldError]:
    """Django's model validation errors as Saleor maps them (camelCase fields, codes)."""
    errors = []
    for name, items in exc.error_dict.items():
        field = None if name == NON_FIELD_ERRORS else camel(name)
        for item in items:
            errors.append(error(field, _code(item, code_enum), item.messages[0]))
    return errors


def full_clean(
    instance: Model, *, exclude: Iterable[str] = (), code_enum: type[Enum] = ProductErrorCode
) -> None:
    """Run Django's model validation; raise its errors as Saleor's payload errors."""
    # Saleor's clients get Django's messages in English, whatever the request language.
    with translation.override("en"):
        try:
            instance.full_clean(exclude=list(exclude), validate_constraints=False)
        except DjangoValidationError as exc:
            raise ValidationFailed(model_errors(exc, code_enum)) from None


def global_ids(type_name: str, pks: Iterable[Any]) -> list[str]:
    return [to_global_id(type_name, pk) for pk in pks]


def duplicated(values: Iterable[Any]) -> list[Any]:
    """Values occurring more than once, in first-seen order."""
    seen: set = set()
    duplicates: list = []
    for value in values:
        if value in seen and value not in duplicates:
            duplicates.append(value)
        seen.add(value)
    return duplicates
