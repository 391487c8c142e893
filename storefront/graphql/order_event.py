"""OrderEvent: one entry of an order's history, its details read from the event's parameters
as Saleor stores them (message, email, email_type, amount, lines, fulfilled_items, …)."""

import uuid

from ariadne import ObjectType

from catalog.graphql.loaders import load_for, siblings_of
from infra.accounts.permissions import PermissionEnum
from infra.graphql.permissions import require_one_of
from storefront.graphql.order_access import is_owner
from storefront.graphql.order_loaders import (
    AppByIdLoader,
    FulfillmentLineByIdLoader,
    OrderByIdLoader,
    OrderEventByIdLoader,
    OrderLineByIdLoader,
    UserByIdLoader,
    WarehouseByIdLoader,
)
from storefront.models import OrderEvent
from storefront.selectors import orders as order_selectors

event_type = ObjectType("OrderEvent")
line_object_type = ObjectType("OrderEventOrderLineObject")


def _parameter(name: str, convert=None):
    def resolve(event: OrderEvent, _info):
        value = (event.parameters or {}).get(name)
        if value in (None, "") or convert is None:
            return value
        return convert(value)

    return resolve


for _field, _name, _convert in (
    ("message", "message", None),
    ("email", "email", None),
    ("emailType", "email_type", None),
    ("amount", "amount", float),
    ("paymentId", "payment_id", None),
    ("paymentGateway", "payment_gateway", None),
    ("quantity", "quantity", int),
    ("composedId", "composed_id", None),
    ("invoiceNumber", "invoice_number", None),
    ("oversoldItems", "oversold_items", None),
    ("transactionReference", "transaction_reference", None),
    ("shippingCostsIncluded", "shipping_costs_included", None),
    ("reference", "reference", None),
    ("trackingNumber", "tracking_number", None),
):
    event_type.set_field(_field, _parameter(_name, _convert))


@event_type.field("user")
def resolve_user(event: OrderEvent, info):
    """Saleor: the acting user is shown to themself and to who manages users or staff."""
    if event.user_id is None:
        return None
    context = info.context
    if context.app is None and not context.user.is_authenticated:
        return None
    allowed = is_owner(info, event.user_id) or (
        context.app is None
        and (
            context.user.has_perm(PermissionEnum.MANAGE_USERS.perm)
            or context.user.has_perm(PermissionEnum.MANAGE_STAFF.perm)
        )
    )
    if not allowed:
        return None
    return load_for(info, UserByIdLoader, event, lambda e: e.user_id)


@event_type.field("app")
def resolve_app(event: OrderEvent, info):
    if not is_owner(info, event.user_id):
        require_one_of(info, PermissionEnum.MANAGE_APPS, PermissionEnum.MANAGE_ORDERS)
    if event.app_id is None:
        return None
    return load_for(info, AppByIdLoader, event, lambda e: e.app_id)


@event_type.field("orderNumber")
def resolve_order_number(event: OrderEvent, info):
    order = load_for(info, OrderByIdLoader, event, lambda e: e.order_id)
    return str(order.number) if order is not None else None


def _line_pks(event: OrderEvent) -> list[uuid.UUID]:
    entries = (event.parameters or {}).get("lines") or []
    pks = [order_selectors.as_uuid(entry.get("line_pk")) for entry in entries]
    return [pk for pk in pks if pk is not None]


@event_type.field("lines")
def resolve_lines(event: OrderEvent, info):
    entries = (event.parameters or {}).get("lines")
    if not entries:
        return None
    loader = OrderLineByIdLoader.of(info)
    others = [pk for sibling in siblings_of(event) for pk in _line_pks(sibling)]
    results = []
    for entry in entries:
        line_pk = order_selectors.as_uuid(entry.get("line_pk"))
        line = loader.load(line_pk, others) if line_pk is not None else None
        results.append(
            {"quantity": entry.get("quantity"), "order_line": line, "item_name": entry.get("item")}
        )
    return results


def _fulfilled_pks(event: OrderEvent) -> list[int]:
    return [int(pk) for pk in (event.parameters or {}).get("fulfilled_items") or []]


@event_type.field("fulfilledItems")
def resolve_fulfilled_items(event: OrderEvent, info):
    pks = _fulfilled_pks(event)
    if not pks:
        return None
    loader = FulfillmentLineByIdLoader.of(info)
    others = [pk for sibling in siblings_of(event) for pk in _fulfilled_pks(sibling)]
    lines = [loader.load(pk, others) for pk in pks]
    return [line for line in lines if line is not None]


@event_type.field("warehouse")
def resolve_warehouse(event: OrderEvent, info):
    pk = (event.parameters or {}).get("warehouse")
    if not pk:
        return None
    return WarehouseByIdLoader.of(info).load(int(pk))


@event_type.field("related")
def resolve_related(event: OrderEvent, info):
    if event.related_id is None:
        return None
    return load_for(info, OrderEventByIdLoader, event, lambda e: e.related_id)


bindables = [event_type, line_object_type]
