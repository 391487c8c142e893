"""Staff order mutations (MANAGE_ORDERS, as Saleor): orderFulfill,
orderFulfillmentUpdateTracking, orderCancel, orderConfirm and orderNoteAdd."""

from ariadne import MutationType
from graphql import GraphQLError, GraphQLResolveInfo

from catalog.graphql.taxonomy_common import decode_id, node_or_error, refuse_unsupported
from infra.accounts.permissions import PermissionEnum
from infra.errors import ValidationFailed
from infra.graphql.mutations import perform
from infra.graphql.permissions import require_one_of
from infra.ids import from_global_id_or_error
from storefront.graphql.order_access import order_in_staff_scope, order_visible, scoped_orders
from storefront.models import Fulfillment, Order
from storefront.selectors import orders as order_selectors
from storefront.services import orders as order_services
from storefront.services import orders_fulfillment as fulfillment_services
from storefront.services.orders_errors import OrderErrorCode
from storefront.services.orders_fulfillment import FulfillLine, FulfillStock

mutation = MutationType()
FULFILL_INPUT_FIELDS = {"lines", "notify_customer", "allow_stock_to_be_exceeded", "tracking_number"}


def _uuid_of(global_id: str | None, type_name: str, *, field: str, code: str = "GRAPHQL_ERROR"):
    try:
        pk = from_global_id_or_error(global_id or "", type_name, int_pk=False)
    except GraphQLError as exc:
        raise ValidationFailed.single(field, code, exc.message) from None
    value = order_selectors.as_uuid(pk)
    if value is None:
        raise ValidationFailed.single(
            field, code, f"Invalid ID: {global_id}. Expected: {type_name}."
        )
    return value


def order_or_error(
    global_id: str | None,
    *,
    field: str,
    not_found: str = "NOT_FOUND",
    info: GraphQLResolveInfo | None = None,
) -> Order:
    """The order a global ID names, as Saleor's `get_node_or_error` reports failures.

    Pass the caller's `info`: an order it may not see (another channel's, for a partner's
    app) is not found.
    """
    pk = _uuid_of(global_id, "Order", field=field)
    order = Order.objects.select_related("channel").filter(pk=pk).first()
    if order is None or (
        info is not None and not (order_visible(info, order) and order_in_staff_scope(info, order))
    ):
        raise ValidationFailed.single(field, not_found, f"Couldn't resolve to a node: {global_id}")
    return order


def _fulfill_lines(data: dict) -> list[FulfillLine]:
    lines = []
    for line in data.get("lines") or []:
        stocks = [
            FulfillStock(
                warehouse_id=decode_id(stock["warehouse"], "Warehouse", field="warehouse"),
                quantity=stock["quantity"],
            )
            for stock in line["stocks"]
        ]
        order_line_id = _uuid_of(line.get("order_line_id"), "OrderLine", field="orderLineId")
        lines.append(FulfillLine(order_line_id=order_line_id, stocks=stocks))
    return lines


@mutation.field("orderFulfill")
def resolve_order_fulfill(_obj, info, input, order=None):
    require_one_of(info, PermissionEnum.MANAGE_ORDERS)
    refuse_unsupported(input, FULFILL_INPUT_FIELDS, "Input")
    # Saleor notifies unless told not to.
    notify_customer = bool(input["notify_customer"]) if "notify_customer" in input else True

    def fulfill():
        if not order:
            raise ValidationFailed.single(None, OrderErrorCode.NOT_FOUND, "Order does not exist.")
        instance = order_or_error(order, field="order", info=info)
        updated, fulfillments = fulfillment_services.order_fulfill(
            order=instance,
            lines=_fulfill_lines(input),
            tracking_number=input.get("tracking_number") or "",
            allow_stock_to_be_exceeded=bool(input.get("allow_stock_to_be_exceeded")),
            notify_customer=notify_customer,
            **info.context.actor,
        )
        return {"order": updated, "fulfillments": fulfillments}

    return perform(fulfill)


@mutation.field("orderFulfillmentUpdateTracking")
def resolve_fulfillment_update_tracking(_obj, info, id, input):
    require_one_of(info, PermissionEnum.MANAGE_ORDERS)

    def update():
        fulfillments = Fulfillment.objects.select_related("order__channel")
        fulfillment = node_or_error(
            id, "Fulfillment", scoped_orders(info, fulfillments, "order__channel_id")
        )
        fulfillment, order = fulfillment_services.fulfillment_tracking_update(
            fulfillment=fulfillment,
            tracking_number=input.get("tracking_number") or "",
            notify_customer=bool(input.get("notify_customer")),
            **info.context.actor,
        )
        return {"fulfillment": fulfillment, "order": order}

    return perform(update)


@mutation.field("orderCancel")
def resolve_order_cancel(_obj, info, id):
    require_one_of(info, PermissionEnum.MANAGE_ORDERS)
    return perform(
        lambda: {
            "order": order_services.order_cancel(
                order=order_or_error(id, field="id", info=info), **info.context.actor
            )
        }
    )


@mutation.field("orderConfirm")
def resolve_order_confirm(_obj, info, id):
    require_one_of(info, PermissionEnum.MANAGE_ORDERS)
    return perform(
        lambda: {
            "order": order_services.order_confirm(
                order=order_or_error(id, field="id", info=info), **info.context.actor
            )
        }
    )


@mutation.field("orderNoteAdd")
def resolve_order_note_add(_obj, info, order, input):
    require_one_of(info, PermissionEnum.MANAGE_ORDERS)

    def add():
        # OrderNoteAddErrorCode has no NOT_FOUND; Saleor answers GRAPHQL_ERROR.
        instance = order_or_error(order, field="id", not_found="GRAPHQL_ERROR", info=info)
        updated, event = order_services.order_note_add(
            order=instance, message=input.get("message") or "", **info.context.actor
        )
        return {"order": updated, "event": event}

    return perform(add)


bindables = [mutation]
