"""Saleor's custom scalars. Money and weights travel as Decimal, never float."""

import datetime
import json
import uuid
from decimal import Decimal, InvalidOperation
from typing import Any

from ariadne import ScalarType, upload_scalar
from django.utils import timezone
from graphql import GraphQLError
from graphql.language import FloatValueNode, IntValueNode, StringValueNode


def _decimal(value: Any) -> Decimal:
    if isinstance(value, float):
        value = repr(value)
    try:
        result = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise GraphQLError(f"Decimal cannot represent value: {value!r}") from None
    if not result.is_finite():
        raise GraphQLError(f"Decimal cannot represent value: {value!r}")
    return result


def _literal(node, _variables=None):
    if isinstance(node, IntValueNode | FloatValueNode | StringValueNode):
        return node.value
    raise GraphQLError("Expected a number.")


decimal_scalar = ScalarType("Decimal")


@decimal_scalar.serializer
def serialize_decimal(value: Any) -> Decimal:
    # Kept a Decimal: the view writes it as an exact JSON number, as Saleor's clients expect.
    return _decimal(value)


@decimal_scalar.value_parser
def parse_decimal(value: Any) -> Decimal:
    return _decimal(value)


@decimal_scalar.literal_parser
def parse_decimal_literal(node, variables=None) -> Decimal:
    return _decimal(_literal(node))


positive_decimal_scalar = ScalarType("PositiveDecimal")


positive_decimal_scalar.set_serializer(_decimal)


def _positive(value: Any) -> Decimal:
    result = _decimal(value)
    if result < 0:
        raise GraphQLError(f"Value cannot be lower than 0. Unsupported value: {value}")
    return result


positive_decimal_scalar.set_value_parser(_positive)
positive_decimal_scalar.set_literal_parser(lambda node, variables=None: _positive(_literal(node)))

weight_scalar = ScalarType("WeightScalar")
weight_scalar.set_serializer(_decimal)
weight_scalar.set_value_parser(_decimal)
weight_scalar.set_literal_parser(lambda node, variables=None: _decimal(_literal(node)))


def _int_positive(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise GraphQLError(f"Value cannot be lower than 0. Unsupported value: {value}")
    return value


positive_int_scalar = ScalarType("PositiveInt")
positive_int_scalar.set_serializer(int)
positive_int_scalar.set_value_parser(_int_positive)
positive_int_scalar.set_literal_parser(
    lambda node, variables=None: (
        _int_positive(int(node.value)) if isinstance(node, IntValueNode) else _int_positive(None)
    )
)

datetime_scalar = ScalarType("DateTime")


@datetime_scalar.serializer
def serialize_datetime(value: datetime.datetime) -> str:
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value.isoformat()


def _parse_datetime(value: Any) -> datetime.datetime:
    try:
        parsed = datetime.datetime.fromisoformat(str(value))
    except ValueError:
        raise GraphQLError(f"DateTime cannot represent value: {value!r}") from None
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


datetime_scalar.set_value_parser(_parse_datetime)
datetime_scalar.set_literal_parser(lambda node, variables=None: _parse_datetime(node.value))

date_scalar = ScalarType("Date")
date_scalar.set_serializer(lambda value: value.isoformat())


def _parse_date(value: Any) -> datetime.date:
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise GraphQLError(f"Date cannot represent value: {value!r}") from None


date_scalar.set_value_parser(_parse_date)
date_scalar.set_literal_parser(lambda node, variables=None: _parse_date(node.value))

uuid_scalar = ScalarType("UUID")
uuid_scalar.set_serializer(str)


def _parse_uuid(value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise GraphQLError(f"UUID cannot represent value: {value!r}") from None


uuid_scalar.set_value_parser(_parse_uuid)
uuid_scalar.set_literal_parser(lambda node, variables=None: _parse_uuid(node.value))

json_string_scalar = ScalarType("JSONString")
json_string_scalar.set_serializer(lambda value: json.dumps(value, default=str))
json_string_scalar.set_value_parser(
    lambda value: json.loads(value) if isinstance(value, str) else value
)

passthrough_scalars = [ScalarType(name) for name in ("JSON", "GenericScalar", "Metadata")]

SCALARS = [
    decimal_scalar,
    positive_decimal_scalar,
    weight_scalar,
    positive_int_scalar,
    datetime_scalar,
    date_scalar,
    uuid_scalar,
    json_string_scalar,
    upload_scalar,
    *passthrough_scalars,
]
