"""Fulfillment (a shipment of some of an order's units) and its FulfillmentLine rows."""

from ariadne import ObjectType

from catalog.graphql.loaders import load_for
from infra.accounts.permissions import PermissionEnum
from infra.graphql.metadata import bind_metadata
from storefront.graphql.order_loaders import (
    FulfillmentLinesByFulfillmentIdLoader,
    OrderLineByIdLoader,
)
from storefront.models import Fulfillment, FulfillmentLine, FulfillmentStatus

fulfillment_type = ObjectType("Fulfillment")
fulfillment_line_type = ObjectType("FulfillmentLine")
bind_metadata(fulfillment_type, lambda _fulfillment: [PermissionEnum.MANAGE_ORDERS])

# Saleor's FulfillmentStatus display names (API text, not translated).
STATUS_DISPLAY = {
    FulfillmentStatus.FULFILLED: "Fulfilled",
    FulfillmentStatus.REFUNDED: "Refunded",
    FulfillmentStatus.RETURNED: "Returned",
    FulfillmentStatus.REPLACED: "Replaced",
    FulfillmentStatus.REFUNDED_AND_RETURNED: "Refunded and returned",
    FulfillmentStatus.CANCELED: "Canceled",
    FulfillmentStatus.WAITING_FOR_APPROVAL: "Waiting for approval",
}


def _lines(info, fulfillment: Fulfillment) -> list[FulfillmentLine]:
    return load_for(info, FulfillmentLinesByFulfillmentIdLoader, fulfillment, lambda f: f.pk)


@fulfillment_type.field("created")
def resolve_created(fulfillment: Fulfillment, _info):
    return fulfillment.created_at


@fulfillment_type.field("lines")
def resolve_lines(fulfillment: Fulfillment, info):
    return _lines(info, fulfillment)


@fulfillment_type.field("statusDisplay")
def resolve_status_display(fulfillment: Fulfillment, _info):
    return STATUS_DISPLAY.get(fulfillment.status, fulfillment.status)


@fulfillment_type.field("warehouse")
def resolve_warehouse(fulfillment: Fulfillment, info):
    """The warehouse the units left from (every line of a fulfilment shares it)."""
    for line in _lines(info, fulfillment):
        if line.stock_id is not None and line.stock is not None:
            return line.stock.warehouse
    return None


@fulfillment_line_type.field("orderLine")
def resolve_order_line(line: FulfillmentLine, info):
    return load_for(info, OrderLineByIdLoader, line, lambda row: row.order_line_id)


bindables = [fulfillment_type, fulfillment_line_type]
