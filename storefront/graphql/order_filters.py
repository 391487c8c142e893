"""`filter`, `where`, `search` and `sortBy` of order lists, as Saleor reads them.

Input fields we do not act on are refused by name.
"""

from collections.abc import Mapping
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from graphql import GraphQLError

from catalog.graphql.taxonomy_common import (
    metadata_q,
    pks_of_type,
    refuse_unsupported,
    string_filter_q,
    updated_at_q,
    where_q,
)
from infra.graphql.connections import SortKey
from infra.ids import from_global_id_or_error
from storefront.graphql.order_enums import READY_TO_CAPTURE, READY_TO_FULFILL
from storefront.models import (
    Fulfillment,
    OrderAuthorizeStatus,
    OrderChargeStatus,
    OrderStatus,
)
from storefront.selectors import orders as order_selectors

FILTER_FIELDS = {
    "status", "customer", "created", "updated_at", "search", "metadata", "channels",
    "authorize_status", "charge_status", "is_click_and_collect", "ids", "numbers",
    "checkout_tokens", "checkout_ids",
}  # fmt: skip
WHERE_FIELDS = {
    "metadata", "ids", "number", "channel_id", "created_at", "updated_at", "user", "user_email",
    "authorize_status", "charge_status", "status", "checkout_token", "checkout_id",
    "is_click_and_collect", "has_fulfillments", "AND", "OR",
}  # fmt: skip
CUSTOMER_WHERE_FIELDS = WHERE_FIELDS - {"user"}
SORT_FIELDS: dict[str, tuple[str, ...]] = {
    "NUMBER": ("number",),
    "CREATION_DATE": ("created_at", "status"),
    "CREATED_AT": ("created_at", "status"),
    "LAST_MODIFIED_AT": ("updated_at", "status"),
    "CUSTOMER": ("customer_last_name", "customer_first_name"),
    "STATUS": ("status", "number"),
    "FULFILLMENT_STATUS": ("status", "user_email"),
}
DEFAULT_SORT = SortKey(fields=("number",), descending=True)
ACTIVE = (OrderStatus.UNFULFILLED, OrderStatus.PARTIALLY_FULFILLED)


def order_uuids(global_ids: list[str]) -> list:
    """UUIDs of Order global IDs; an ID of another type is Saleor's GraphQLError."""
    values = [from_global_id_or_error(gid, "Order", int_pk=False) for gid in global_ids]
    return [pk for pk in map(order_selectors.as_uuid, values) if pk is not None]


def _checkout_tokens(global_ids: list[str]) -> list[str]:
    values = [from_global_id_or_error(gid, "Checkout", int_pk=False) for gid in global_ids]
    return [str(pk) for pk in map(order_selectors.as_uuid, values) if pk is not None]


def ready_to_fulfill_q() -> Q:
    return Q(
        status__in=ACTIVE, charge_status__in=(OrderChargeStatus.FULL, OrderChargeStatus.OVERCHARGED)
    )


def ready_to_capture_q() -> Q:
    return (
        ~Q(status__in=(OrderStatus.DRAFT, OrderStatus.CANCELED, OrderStatus.EXPIRED))
        & ~Q(authorize_status=OrderAuthorizeStatus.NONE)
        & Q(charge_status__in=(OrderChargeStatus.NONE, OrderChargeStatus.PARTIAL))
    )


def status_filter_q(values: list[str]) -> Q:
    condition = Q(status__in=[v for v in values if v not in (READY_TO_FULFILL, READY_TO_CAPTURE)])
    if READY_TO_FULFILL in values:
        condition |= ready_to_fulfill_q()
    if READY_TO_CAPTURE in values:
        condition |= ready_to_capture_q()
    return condition


def _date_range_q(field: str, value: Mapping[str, Any] | None) -> Q:
    condition = Q()
    for bound in ("gte", "lte"):
        if value and value.get(bound) is not None:
            condition &= Q(**{f"{field}__{bound}": value[bound]})
    return condition


def filter_q(data: Mapping[str, Any] | None) -> Q:
    refuse_unsupported(data, FILTER_FIELDS, "Filtering")
    data = data or {}
    if data.get("ids") is not None and data.get("numbers") is not None:
        raise GraphQLError("'ids' and 'numbers` are not allowed to use together in filter.")
    condition = metadata_q(data.get("metadata") or [])
    if data.get("status"):
        condition &= status_filter_q(data["status"])
    if data.get("customer"):
        condition &= order_selectors.customer_q(data["customer"])
    condition &= _date_range_q("created_at__date", data.get("created"))
    condition &= updated_at_q(data.get("updated_at"))
    if data.get("search"):
        condition &= order_selectors.search_q(data["search"])
    if data.get("channels"):
        condition &= Q(channel_id__in=pks_of_type(data["channels"], "Channel"))
    if data.get("authorize_status"):
        condition &= Q(authorize_status__in=data["authorize_status"])
    if data.get("charge_status"):
        condition &= Q(charge_status__in=data["charge_status"])
    if data.get("is_click_and_collect") is not None:
        condition &= order_selectors.click_and_collect_q(data["is_click_and_collect"])
    if data.get("ids"):
        condition &= Q(pk__in=order_uuids(data["ids"]))
    if data.get("numbers"):
        numbers = [int(n) for n in data["numbers"] if str(n).strip().isdigit()]
        condition &= Q(number__in=numbers)
    if data.get("checkout_tokens"):
        condition &= Q(checkout_token__in=[str(token) for token in data["checkout_tokens"]])
    if data.get("checkout_ids"):
        condition &= Q(checkout_token__in=_checkout_tokens(data["checkout_ids"]))
    return condition


def _int_filter_q(field: str, value: Mapping[str, Any] | None) -> Q:
    """IntFilterInput: {eq, oneOf} as a string filter, or a {gte, lte} range."""
    if value and value.get("eq") is None and value.get("one_of") is None:
        return _date_range_q(field, value.get("range"))
    return string_filter_q(field, value)


def _global_id_q(field: str, value: Mapping[str, Any] | None, type_name: str) -> Q:
    if not value:
        return Q()
    if value.get("eq") is not None:
        return Q(**{f"{field}__in": pks_of_type([value["eq"]], type_name)})
    if value.get("one_of") is not None:
        return Q(**{f"{field}__in": pks_of_type(value["one_of"], type_name)})
    return Q()


def _uuid_filter_q(field: str, value: Mapping[str, Any] | None) -> Q:
    if not value:
        return Q()
    if value.get("eq") is not None:
        return Q(**{field: str(value["eq"])})
    if value.get("one_of") is not None:
        return Q(**{f"{field}__in": [str(v) for v in value["one_of"]]})
    return Q()


def _metadata_where_q(value: Mapping[str, Any] | None) -> Q:
    if not value:
        return Q()
    wanted = value.get("value") or {}
    if wanted.get("one_of") is not None:
        condition = Q()
        for option in wanted["one_of"]:
            condition |= metadata_q([{"key": value["key"], "value": option}])
        return condition
    return metadata_q([{"key": value["key"], "value": wanted.get("eq")}])


def _where_fields_q(data: Mapping[str, Any], supported: set[str]) -> Q:
    refuse_unsupported(data, supported, "Filtering")
    condition = _metadata_where_q(data.get("metadata"))
    if data.get("ids"):
        condition &= Q(pk__in=order_uuids(data["ids"]))
    condition &= _int_filter_q("number", data.get("number"))
    condition &= _global_id_q("channel_id", data.get("channel_id"), "Channel")
    condition &= updated_at_q(data.get("created_at"), "created_at")
    condition &= updated_at_q(data.get("updated_at"))
    condition &= _global_id_q("user_id", data.get("user"), "User")
    condition &= string_filter_q("user_email", data.get("user_email"))
    condition &= string_filter_q("authorize_status", data.get("authorize_status"))
    condition &= string_filter_q("charge_status", data.get("charge_status"))
    condition &= string_filter_q("status", data.get("status"))
    condition &= _uuid_filter_q("checkout_token", data.get("checkout_token"))
    checkout_id = data.get("checkout_id") or {}
    if checkout_id.get("eq") is not None:
        condition &= Q(checkout_token__in=_checkout_tokens([checkout_id["eq"]]))
    elif checkout_id.get("one_of") is not None:
        condition &= Q(checkout_token__in=_checkout_tokens(checkout_id["one_of"]))
    if data.get("is_click_and_collect") is not None:
        condition &= order_selectors.click_and_collect_q(data["is_click_and_collect"])
    if data.get("has_fulfillments") is not None:
        fulfilled = Q(Exists(Fulfillment.objects.filter(order_id=OuterRef("pk"))))
        condition &= fulfilled if data["has_fulfillments"] else ~fulfilled
    return condition


def where_orders_q(where: Mapping[str, Any] | None) -> Q:
    return where_q(where, lambda data: _where_fields_q(data, WHERE_FIELDS))


def where_customer_orders_q(where: Mapping[str, Any] | None) -> Q:
    return where_q(where, lambda data: _where_fields_q(data, CUSTOMER_WHERE_FIELDS))


def sorted_orders(
    queryset: QuerySet, sort_by: Mapping[str, Any] | None, *, searching: bool
) -> tuple[QuerySet, SortKey]:
    """The queryset (annotated when the sort needs it) and its keyset sort key."""
    if not sort_by:
        return queryset, DEFAULT_SORT
    name = sort_by["field"]
    if name == "RANK" and not searching:
        raise GraphQLError("Sorting by RANK is available only when using a search filter.")
    fields = SORT_FIELDS.get(name)
    if fields is None:
        raise GraphQLError(f"Sorting by `{name}` is not supported.")
    if name == "CUSTOMER":
        queryset = queryset.annotate(
            customer_last_name=Coalesce("billing_address__last_name", Value("")),
            customer_first_name=Coalesce("billing_address__first_name", Value("")),
        )
    return queryset, SortKey(fields=(*fields, "pk"), descending=sort_by.get("direction") == "DESC")
