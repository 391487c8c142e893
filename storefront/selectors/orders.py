"""Reads of orders: the querysets the API pages through, and batch reads by key for its
loaders (one query for every order of a page, whatever the page size)."""

import uuid
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q, QuerySet

from catalog.models import Warehouse
from infra.accounts.models import App, User
from storefront.models import (
    Address,
    Allocation,
    Fulfillment,
    FulfillmentLine,
    Order,
    OrderEvent,
    OrderLine,
    OrderStatus,
    ShippingMethod,
)


def orders() -> QuerySet[Order]:
    """Every order but drafts, with the rows each order renders by itself joined."""
    return Order.objects.exclude(status=OrderStatus.DRAFT).select_related("channel")


def orders_of_user(user) -> QuerySet[Order]:
    return orders().filter(user=user)


def as_uuid(value: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def order_by_pk(pk: object, *, drafts: bool = False) -> Order | None:
    """The order with this UUID; drafts only when asked for."""
    order_id = as_uuid(pk)
    if order_id is None:
        return None
    queryset = Order.objects.select_related("channel") if drafts else orders()
    return queryset.filter(pk=order_id).first()


# A short run of digits is an order number, not a fragment of phones and SKUs.
NUMBER_ONLY_DIGITS = 5


def search_q(value: str) -> Q:
    """Orders matching `value` (Saleor's order search): number, ID, e-mails, customer and
    address names, phone, note, and the lines' SKUs and names."""
    value = (value or "").strip()
    if not value:
        return Q()
    number = value.removeprefix("#")
    if number.isdigit() and len(number) < NUMBER_ONLY_DIGITS:
        return Q(number=int(number))
    condition = (
        Q(user_email__icontains=value)
        | Q(user__email__icontains=value)
        | Q(user__first_name__icontains=value)
        | Q(user__last_name__icontains=value)
        | Q(customer_note__icontains=value)
    )
    if number.isdigit():
        condition |= Q(number=int(number))
    if (order_id := as_uuid(value)) is not None:
        condition |= Q(pk=order_id)
    address = (
        Q(first_name__icontains=value)
        | Q(last_name__icontains=value)
        | Q(phone__icontains=value)
        | Q(street_address_1__icontains=value)
        | Q(company_name__icontains=value)
    )
    matching_addresses = Address.objects.filter(address).values("pk")
    condition |= Q(billing_address__in=matching_addresses)
    condition |= Q(shipping_address__in=matching_addresses)
    lines = OrderLine.objects.filter(
        Q(product_sku__icontains=value)
        | Q(product_name__icontains=value)
        | Q(variant_name__icontains=value)
        | Q(translated_product_name__icontains=value)
        | Q(translated_variant_name__icontains=value),
        order_id=OuterRef("pk"),
    )
    return condition | Q(Exists(lines))


def customer_q(value: str) -> Q:
    """Saleor's `customer` filter: e-mail or the customer's names."""
    condition = Q()
    for word in (value or "").split():
        condition &= (
            Q(user_email__icontains=word)
            | Q(user__email__icontains=word)
            | Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
        )
    return condition


def click_and_collect_q(value: bool) -> Q:
    condition = Q(collection_point__isnull=False) | ~Q(collection_point_name="")
    return condition if value else ~condition


def _grouped(rows: Iterable, key: str) -> dict:
    grouped: dict = defaultdict(list)
    for row in rows:
        grouped[getattr(row, key)].append(row)
    return grouped


def lines_by_order(order_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[OrderLine]]:
    return _grouped(OrderLine.objects.filter(order_id__in=list(order_ids)), "order_id")


def events_by_order(order_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[OrderEvent]]:
    return _grouped(OrderEvent.objects.filter(order_id__in=list(order_ids)), "order_id")


def fulfillments_by_order(order_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[Fulfillment]]:
    return _grouped(Fulfillment.objects.filter(order_id__in=list(order_ids)), "order_id")


def fulfillment_lines_by_fulfillment(ids: Iterable[int]) -> dict[int, list[FulfillmentLine]]:
    rows = FulfillmentLine.objects.filter(fulfillment_id__in=list(ids)).select_related(
        "stock__warehouse"
    )
    return _grouped(rows, "fulfillment_id")


def fulfillment_lines_by_id(ids: Iterable[int]) -> dict[int, FulfillmentLine]:
    return FulfillmentLine.objects.select_related("stock__warehouse").in_bulk(list(ids))


def order_lines_by_id(ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, OrderLine]:
    return OrderLine.objects.in_bulk(list(ids))


def allocations_by_line(line_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[Allocation]]:
    rows = Allocation.objects.filter(order_line_id__in=list(line_ids)).select_related(
        "stock__warehouse"
    )
    return _grouped(rows, "order_line_id")


def addresses_by_id(ids: Iterable[int]) -> dict[int, Address]:
    return Address.objects.in_bulk(list(ids))


def shipping_methods_by_id(ids: Iterable[int]) -> dict[int, ShippingMethod]:
    return ShippingMethod.objects.in_bulk(list(ids))


def warehouses_by_id(ids: Iterable[int]) -> dict[int, Warehouse]:
    return Warehouse.objects.in_bulk(list(ids))


def users_by_id(ids: Iterable[int]) -> dict[int, User]:
    return User.objects.in_bulk(list(ids))


def apps_by_id(ids: Iterable[int]) -> dict[int, App]:
    return App.objects.in_bulk(list(ids))


def orders_by_id(ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Order]:
    return Order.objects.select_related("channel").in_bulk(list(ids))


def events_by_id(ids: Iterable[int]) -> dict[int, OrderEvent]:
    return OrderEvent.objects.in_bulk(list(ids))
