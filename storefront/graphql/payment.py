"""Payment types: TransactionItem, TransactionEvent, PaymentGateway, OrderGrantedRefund, the
`transaction` query, and the payment fields of Order.

A TransactionItem's global ID wraps its token, as Saleor's does. Related rows (events,
transactions of orders, granted refunds) come from the sibling loaders in payment_loaders, so
lists cost the same number of queries at any size.
"""

from decimal import Decimal

from ariadne import ObjectType, QueryType
from django.db.models import Q
from django.utils.translation import gettext
from graphql import GraphQLError, GraphQLResolveInfo, get_named_type

from catalog.graphql.channel_scope import channel_scope
from catalog.graphql.loaders import load_for
from catalog.graphql.pricing import money
from infra.accounts.permissions import PermissionEnum
from infra.graphql.channel_context import unwrap
from infra.graphql.metadata import bind_metadata
from infra.graphql.permissions import require_one_of
from infra.ids import from_global_id_or_error, to_global_id
from storefront.graphql import payment_loaders as loaders
from storefront.models import OrderChargeStatus, TransactionItem
from storefront.services.payments_amounts import ZERO

query = QueryType()
transaction_type = ObjectType("TransactionItem")
event_type = ObjectType("TransactionEvent")
gateway_type = ObjectType("PaymentGateway")
granted_refund_type = ObjectType("OrderGrantedRefund")
granted_refund_line_type = ObjectType("OrderGrantedRefundLine")
order_type = ObjectType("Order")


def enum_output(info: GraphQLResolveInfo, name: str):
    """The value the field's enum uses internally for `name`, whether or not the module that
    defines the enum bound its values (ours are unbound: a value is its name)."""
    enum = get_named_type(info.return_type)
    value = enum.values[name].value
    return name if value is None else value


def _handle_payments(_instance) -> list:
    return [PermissionEnum.HANDLE_PAYMENTS]


bind_metadata(transaction_type, _handle_payments)


def transaction_by_ids(
    id: str | None, token: str | None, info: GraphQLResolveInfo | None = None
) -> TransactionItem | None:
    """The transaction named by a global ID (wrapping its token) or by its token.

    Pass the caller's `info`: a transaction of a channel it may not see (another channel's,
    for a partner's app) is not found.
    """
    if bool(id) == bool(token):
        raise GraphQLError("Argument 'id' or 'token' must be provided.")
    if id:
        token = str(from_global_id_or_error(id, "TransactionItem", int_pk=False))
    transactions = TransactionItem.objects.all()
    if info is not None and (scope := channel_scope(info)) is not None:
        transactions = transactions.filter(
            Q(order__channel_id__in=scope) | Q(order__isnull=True, checkout__channel_id__in=scope)
        )
    try:
        return transactions.filter(token=token).first()
    except Exception:  # noqa: BLE001 - a malformed UUID names nothing
        return None


@query.field("transaction")
def resolve_transaction(_obj, info, id=None, token=None):
    require_one_of(info, PermissionEnum.HANDLE_PAYMENTS, PermissionEnum.MANAGE_ORDERS)
    return transaction_by_ids(id, token, info)


# --- TransactionItem ---------------------------------------------------------------------


@transaction_type.field("id")
def resolve_transaction_id(transaction: TransactionItem, _info):
    return to_global_id("TransactionItem", transaction.token)


def _amount_field(name: str):
    def resolve(transaction: TransactionItem, _info):
        return money(getattr(transaction, name), transaction.currency)

    return resolve


for _field, _attribute in (
    ("authorizedAmount", "authorized_value"),
    ("authorizePendingAmount", "authorize_pending_value"),
    ("chargedAmount", "charged_value"),
    ("chargePendingAmount", "charge_pending_value"),
    ("refundedAmount", "refunded_value"),
    ("refundPendingAmount", "refund_pending_value"),
    ("canceledAmount", "canceled_value"),
    ("cancelPendingAmount", "cancel_pending_value"),
):
    transaction_type.set_field(_field, _amount_field(_attribute))


@transaction_type.field("pspReference")
def resolve_transaction_psp_reference(transaction: TransactionItem, _info):
    return transaction.psp_reference or ""


@transaction_type.field("actions")
def resolve_transaction_actions(transaction: TransactionItem, _info):
    return list(transaction.available_actions or [])


@transaction_type.field("events")
def resolve_transaction_events(transaction: TransactionItem, info):
    return load_for(info, loaders.EventsByTransactionIdLoader, transaction, lambda t: t.pk)


@transaction_type.field("order")
def resolve_transaction_order(transaction: TransactionItem, info):
    return load_for(info, loaders.OrderByIdLoader, transaction, lambda t: t.order_id)


# --- TransactionEvent --------------------------------------------------------------------


@event_type.field("id")
def resolve_event_id(event, _info):
    return to_global_id("TransactionEvent", event.pk)


@event_type.field("amount")
def resolve_event_amount(event, _info):
    return money(event.amount_value, event.currency)


@event_type.field("pspReference")
def resolve_event_psp_reference(event, _info):
    return event.psp_reference or ""


@event_type.field("type")
def resolve_event_type(event, info):
    return enum_output(info, event.type.upper())


# --- PaymentGateway ----------------------------------------------------------------------


@gateway_type.field("name")
def resolve_gateway_name(gateway, _info):
    """Shown to shoppers: translated into the request's language."""
    return gettext(gateway.name)


@gateway_type.field("currencies")
def resolve_gateway_currencies(gateway, _info):
    return list(gateway.currencies)


@gateway_type.field("config")
def resolve_gateway_config(gateway, _info):
    return [{"field": field, "value": value} for field, value in gateway.config()]


# --- OrderGrantedRefund ------------------------------------------------------------------


@granted_refund_type.field("id")
def resolve_granted_refund_id(granted, _info):
    return to_global_id("OrderGrantedRefund", granted.pk)


@granted_refund_type.field("amount")
def resolve_granted_refund_amount(granted, _info):
    return money(granted.amount_value, granted.currency)


@granted_refund_type.field("status")
def resolve_granted_refund_status(granted, info):
    return enum_output(info, granted.status.upper())


@granted_refund_type.field("lines")
def resolve_granted_refund_lines(granted, info):
    return load_for(info, loaders.GrantedRefundLinesByGrantedRefundIdLoader, granted, _pk)


@granted_refund_type.field("transaction")
def resolve_granted_refund_transaction(granted, info):
    return load_for(info, loaders.TransactionByIdLoader, granted, lambda g: g.transaction_item_id)


@granted_refund_type.field("transactionEvents")
def resolve_granted_refund_transaction_events(granted, info):
    """The refund events of its transaction that carry out this granted refund."""
    if granted.transaction_item_id is None:
        return []
    events = load_for(
        info, loaders.EventsByTransactionIdLoader, granted, lambda g: g.transaction_item_id
    )
    prefix = f"granted-refund:{granted.pk}:"
    requests = [e for e in events if (e.idempotency_key or "").startswith(prefix)]
    references = {e.psp_reference for e in requests if e.psp_reference}
    return [e for e in events if e in requests or e.psp_reference in references]


@granted_refund_line_type.field("id")
def resolve_granted_refund_line_id(line, _info):
    return to_global_id("OrderGrantedRefundLine", line.pk)


def _pk(instance):
    return instance.pk


# --- Order -------------------------------------------------------------------------------


def _order_transactions(order, info) -> list[TransactionItem]:
    return load_for(info, loaders.TransactionsByOrderIdLoader, order, _pk)


def _order_granted(order, info) -> Decimal:
    granted = load_for(info, loaders.GrantedRefundsByOrderIdLoader, order, _pk)
    return sum((g.amount_value for g in granted), ZERO)


@order_type.field("transactions")
def resolve_order_transactions(obj, info):
    require_one_of(info, PermissionEnum.MANAGE_ORDERS, PermissionEnum.HANDLE_PAYMENTS)
    return _order_transactions(unwrap(obj), info)


@order_type.field("grantedRefunds")
def resolve_order_granted_refunds(obj, info):
    require_one_of(info, PermissionEnum.MANAGE_ORDERS)
    return load_for(info, loaders.GrantedRefundsByOrderIdLoader, unwrap(obj), _pk)


@order_type.field("totalGrantedRefund")
def resolve_order_total_granted_refund(obj, info):
    require_one_of(info, PermissionEnum.MANAGE_ORDERS)
    order = unwrap(obj)
    return money(_order_granted(order, info), order.currency)


@order_type.field("totalRemainingGrant")
def resolve_order_total_remaining_grant(obj, info):
    require_one_of(info, PermissionEnum.MANAGE_ORDERS)
    order = unwrap(obj)
    remaining = _order_granted(order, info) - order.total_refunded_amount
    return money(max(remaining, ZERO), order.currency)


def _order_total(attribute: str):
    def resolve(obj, _info):
        order = unwrap(obj)
        return money(getattr(order, attribute), order.currency)

    return resolve


order_type.set_field("totalCharged", _order_total("total_charged_amount"))
order_type.set_field("totalAuthorized", _order_total("total_authorized_amount"))
order_type.set_field("totalRefunded", _order_total("total_refunded_amount"))


def _transactions_sum(attribute: str):
    def resolve(obj, info):
        order = unwrap(obj)
        transactions = _order_transactions(order, info)
        return money(sum((getattr(t, attribute) for t in transactions), ZERO), order.currency)

    return resolve


order_type.set_field("totalRefundPending", _transactions_sum("refund_pending_value"))
order_type.set_field("totalAuthorizePending", _transactions_sum("authorize_pending_value"))
order_type.set_field("totalChargePending", _transactions_sum("charge_pending_value"))
order_type.set_field("totalCancelPending", _transactions_sum("cancel_pending_value"))
order_type.set_field("totalCanceled", _transactions_sum("canceled_value"))


@order_type.field("totalBalance")
def resolve_order_total_balance(obj, info):
    """Charged less what is due (the total less granted refunds): negative while unpaid."""
    order = unwrap(obj)
    due = order.total_amount - _order_granted(order, info)
    return money(order.total_charged_amount - due, order.currency)


@order_type.field("isPaid")
def resolve_order_is_paid(obj, _info):
    return unwrap(obj).charge_status in (OrderChargeStatus.FULL, OrderChargeStatus.OVERCHARGED)


@order_type.field("chargeStatus")
def resolve_order_charge_status(obj, info):
    return enum_output(info, unwrap(obj).charge_status.upper())


@order_type.field("authorizeStatus")
def resolve_order_authorize_status(obj, info):
    return enum_output(info, unwrap(obj).authorize_status.upper())


@order_type.field("paymentStatus")
def resolve_order_payment_status(obj, info):
    """The legacy PaymentChargeStatusEnum, derived from the transactions."""
    order = unwrap(obj)
    transactions = _order_transactions(order, info)
    refunded = sum((t.refunded_value for t in transactions), ZERO)
    charged = sum((t.charged_value for t in transactions), ZERO)
    pending = sum((t.charge_pending_value + t.authorize_pending_value for t in transactions), ZERO)
    if refunded > ZERO:
        name = "FULLY_REFUNDED" if charged <= ZERO else "PARTIALLY_REFUNDED"
    elif order.charge_status in (OrderChargeStatus.FULL, OrderChargeStatus.OVERCHARGED):
        name = "FULLY_CHARGED"
    elif order.charge_status == OrderChargeStatus.PARTIAL:
        name = "PARTIALLY_CHARGED"
    elif pending > ZERO:
        name = "PENDING"
    else:
        name = "NOT_CHARGED"
    return enum_output(info, name)


bindables = [
    query,
    transaction_type,
    event_type,
    gateway_type,
    granted_refund_type,
    granted_refund_line_type,
    order_type,
]
cost_map = {
    "Query": {"transaction": {"complexity": 1}},
    "Order": {"transactions": {"complexity": 1}, "grantedRefunds": {"complexity": 1}},
    "TransactionItem": {"events": {"complexity": 1}},
}
