"""Per-request loaders for payment fields: one query per kind of data for all siblings
(the transactions of a page of orders, the events of those transactions …)."""

from collections import defaultdict
from collections.abc import Mapping

from catalog.graphql.loaders import Loader, remember_siblings
from storefront.models import (
    Order,
    OrderGrantedRefund,
    OrderGrantedRefundLine,
    TransactionEvent,
    TransactionItem,
)


def _grouped(rows, key_of) -> dict:
    """Rows by key; all rows fetched together become siblings, so their own related data
    (a transaction's events) loads for all of them at once."""
    grouped: dict = defaultdict(list)
    for row in remember_siblings(rows):
        grouped[key_of(row)].append(row)
    return grouped


def transactions_by_order_id(keys: list) -> Mapping:
    rows = TransactionItem.objects.filter(order_id__in=keys).order_by("created_at", "pk")
    return _grouped(rows, lambda t: t.order_id)


def transactions_by_checkout_id(keys: list) -> Mapping:
    rows = TransactionItem.objects.filter(checkout_id__in=keys, order__isnull=True).order_by(
        "created_at", "pk"
    )
    return _grouped(rows, lambda t: t.checkout_id)


def events_by_transaction_id(keys: list) -> Mapping:
    rows = TransactionEvent.objects.filter(transaction_id__in=keys).order_by("created_at", "pk")
    return _grouped(rows, lambda e: e.transaction_id)


def granted_refunds_by_order_id(keys: list) -> Mapping:
    rows = (
        OrderGrantedRefund.objects.filter(order_id__in=keys)
        .select_related("user", "app")
        .order_by("created_at", "pk")
    )
    return _grouped(rows, lambda g: g.order_id)


def granted_refund_lines_by_granted_refund_id(keys: list) -> Mapping:
    rows = OrderGrantedRefundLine.objects.filter(granted_refund_id__in=keys).select_related(
        "order_line"
    )
    return _grouped(rows, lambda line: line.granted_refund_id)


def transactions_by_id(keys: list) -> Mapping:
    return {t.pk: t for t in TransactionItem.objects.filter(pk__in=keys)}


def orders_by_id(keys: list) -> Mapping:
    return {o.pk: o for o in Order.objects.filter(pk__in=keys).select_related("channel")}


class TransactionsByOrderIdLoader(Loader):
    many = True
    fetch_many = staticmethod(transactions_by_order_id)


class TransactionsByCheckoutIdLoader(Loader):
    many = True
    fetch_many = staticmethod(transactions_by_checkout_id)


class EventsByTransactionIdLoader(Loader):
    many = True
    fetch_many = staticmethod(events_by_transaction_id)


class GrantedRefundsByOrderIdLoader(Loader):
    many = True
    fetch_many = staticmethod(granted_refunds_by_order_id)


class GrantedRefundLinesByGrantedRefundIdLoader(Loader):
    many = True
    fetch_many = staticmethod(granted_refund_lines_by_granted_refund_id)


class TransactionByIdLoader(Loader):
    fetch_many = staticmethod(transactions_by_id)


class OrderByIdLoader(Loader):
    fetch_many = staticmethod(orders_by_id)
