"""Payment mutations: transactionInitialize/Process (shoppers, for their checkout or order),
transactionRequestAction and transactionRequestRefundForGrantedRefund (HANDLE_PAYMENTS),
orderMarkAsPaid, orderGrantRefundCreate and the legacy orderRefund (MANAGE_ORDERS)."""

import ipaddress
import uuid

from ariadne import MutationType
from django.db.models import QuerySet
from graphql import GraphQLError

from catalog.graphql.channel_scope import scoped
from catalog.graphql.taxonomy_common import refuse_unsupported
from infra.accounts.permissions import PermissionEnum
from infra.errors import ValidationFailed
from infra.graphql.errors import PermissionDenied
from infra.graphql.mutations import perform
from infra.graphql.permissions import has_permission, require_one_of
from infra.ids import from_global_id, from_global_id_or_error
from storefront.graphql.payment import transaction_by_ids
from storefront.models import Checkout, Order, OrderGrantedRefund
from storefront.payments.base import PaymentSource
from storefront.services import payments_actions, payments_refunds, payments_sessions
from storefront.services.payments_errors import TransactionInitializeErrorCode as InitCode
from storefront.services.payments_errors import TransactionRequestActionErrorCode as ActionCode

mutation = MutationType()


def _uuid_node(global_id: str, type_name: str, queryset: QuerySet, *, field: str = "id"):
    """The row a UUID-keyed global ID names, with Saleor's payload errors."""
    try:
        pk = uuid.UUID(str(from_global_id_or_error(global_id, type_name, int_pk=False)))
    except GraphQLError as error:
        raise ValidationFailed.single(field, "GRAPHQL_ERROR", error.message) from None
    except ValueError:
        raise ValidationFailed.single(
            field, "GRAPHQL_ERROR", f"Invalid ID: {global_id}. Expected: {type_name}."
        ) from None
    instance = queryset.filter(pk=pk).first()
    if instance is None:
        raise ValidationFailed.single(
            field, "NOT_FOUND", f"Couldn't resolve to a node: {global_id}"
        )
    return instance


def _payment_source(info, global_id: str) -> PaymentSource:
    type_name, _pk = from_global_id(global_id)
    if type_name not in ("Checkout", "Order"):
        raise ValidationFailed.single(
            "id",
            InitCode.INVALID,
            f"Invalid ID: {global_id}. Expected one of: Checkout, Order, received: {type_name}.",
        )
    queryset = scoped(
        info,
        Checkout.objects.select_related("channel", "shipping_address", "collection_point")
        if type_name == "Checkout"
        else Order.objects.select_related("channel"),
    )
    try:
        instance = _uuid_node(global_id, type_name, queryset)
    except ValidationFailed:
        raise ValidationFailed.single(
            "id", InitCode.NOT_FOUND, "`Order` or `Checkout` not found."
        ) from None
    if type_name == "Checkout":
        return PaymentSource(checkout=instance)
    return PaymentSource(order=instance)


def _require_payment_app(info) -> None:
    context = info.context
    if context.app is None or not has_permission(context, PermissionEnum.HANDLE_PAYMENTS):
        raise PermissionDenied(permissions=[PermissionEnum.HANDLE_PAYMENTS.value])


def _clean_customer_ip(info, address: str | None, code: str) -> None:
    """Saleor: only payment apps may pass the customer's IP (no gateway of ours uses it)."""
    if address is None:
        return
    _require_payment_app(info)
    try:
        ipaddress.ip_address(address)
    except ValueError:
        raise ValidationFailed.single(
            "customerIpAddress", code, "IP address in a wrong format."
        ) from None


def _transaction(info, id: str | None, token: str | None, code: str):
    transaction = transaction_by_ids(id, token, info)
    if transaction is None:
        raise ValidationFailed.single(
            "token" if token else "id", code, "Couldn't resolve to a transaction."
        )
    return transaction


@mutation.field("transactionInitialize")
def resolve_transaction_initialize(
    _obj,
    info,
    id,
    payment_gateway,
    amount=None,
    action=None,
    customer_ip_address=None,
    idempotency_key=None,
):
    if action is not None:
        _require_payment_app(info)
    _clean_customer_ip(info, customer_ip_address, InitCode.INVALID)
    context = info.context

    def initialize():
        result = payments_sessions.transaction_initialize(
            source=_payment_source(info, id),
            gateway_id=payment_gateway["id"],
            data=payment_gateway.get("data"),
            amount=amount,
            action=action,
            idempotency_key=idempotency_key,
            user=context.user,
            app=context.app,
        )
        return {
            "transaction": result.transaction,
            "transaction_event": result.event,
            "data": result.data,
        }

    return perform(initialize)


@mutation.field("transactionProcess")
def resolve_transaction_process(
    _obj, info, id=None, token=None, data=None, customer_ip_address=None
):
    _clean_customer_ip(info, customer_ip_address, "INVALID")
    context = info.context

    def process():
        transaction = _transaction(info, id, token, "NOT_FOUND")
        result = payments_sessions.transaction_process(
            transaction=transaction, data=data, user=context.user, app=context.app
        )
        return {
            "transaction": result.transaction,
            "transaction_event": result.event,
            "data": result.data,
        }

    return perform(process)


@mutation.field("transactionRequestAction")
def resolve_transaction_request_action(
    _obj,
    info,
    action_type,
    id=None,
    token=None,
    amount=None,
    refund_reason=None,
    refund_reason_reference=None,
):
    require_one_of(info, PermissionEnum.HANDLE_PAYMENTS)
    if refund_reason_reference is not None:
        raise GraphQLError("Argument `refundReasonReference` is not supported.")
    context = info.context

    def request():
        transaction = _transaction(info, id, token, ActionCode.NOT_FOUND)
        transaction = payments_actions.transaction_action_request(
            transaction=transaction,
            action=action_type,
            amount=amount,
            reason=refund_reason or "",
            user=context.user,
            app=context.app,
        )
        return {"transaction": transaction}

    return perform(request)


@mutation.field("transactionRequestRefundForGrantedRefund")
def resolve_transaction_request_refund_for_granted_refund(
    _obj, info, granted_refund_id, id=None, token=None
):
    require_one_of(info, PermissionEnum.HANDLE_PAYMENTS)
    context = info.context

    def request():
        transaction = _transaction(info, id, token, "NOT_FOUND")
        granted = _int_node(granted_refund_id, "OrderGrantedRefund", "grantedRefundId")
        transaction = payments_refunds.transaction_request_refund_for_granted_refund(
            transaction=transaction, granted_refund=granted, user=context.user, app=context.app
        )
        return {"transaction": transaction}

    return perform(request)


def _int_node(global_id: str, type_name: str, field: str) -> OrderGrantedRefund:
    try:
        pk = int(from_global_id_or_error(global_id, type_name))
    except GraphQLError as error:
        raise ValidationFailed.single(field, "GRAPHQL_ERROR", error.message) from None
    granted = OrderGrantedRefund.objects.filter(pk=pk).first()
    if granted is None:
        raise ValidationFailed.single(
            field, "NOT_FOUND", f"Couldn't resolve to a node: {global_id}"
        )
    return granted


@mutation.field("orderMarkAsPaid")
def resolve_order_mark_as_paid(_obj, info, id, transaction_reference=None):
    require_one_of(info, PermissionEnum.MANAGE_ORDERS)
    context = info.context

    def mark():
        order = _uuid_node(id, "Order", scoped(info, Order.objects.all()))
        order = payments_actions.order_mark_as_paid(
            order=order,
            transaction_reference=transaction_reference,
            user=context.user,
            app=context.app,
        )
        return {"order": order}

    return perform(mark)


@mutation.field("orderRefund")
def resolve_order_refund(_obj, info, amount, id):
    require_one_of(info, PermissionEnum.MANAGE_ORDERS)
    context = info.context

    def refund():
        order = _uuid_node(id, "Order", scoped(info, Order.objects.all()))
        order = payments_actions.order_refund(
            order=order, amount=amount, user=context.user, app=context.app
        )
        return {"order": order}

    return perform(refund)


@mutation.field("orderGrantRefundCreate")
def resolve_order_grant_refund_create(_obj, info, id, input):
    require_one_of(info, PermissionEnum.MANAGE_ORDERS)
    refuse_unsupported(
        input,
        {"amount", "reason", "lines", "grant_refund_for_shipping", "transaction_id"},
        "Input",
    )
    for line in input.get("lines") or []:
        refuse_unsupported(line, {"id", "quantity", "reason"}, "Input")
    context = info.context

    def grant():
        order = _uuid_node(id, "Order", scoped(info, Order.objects.all()))
        try:
            transaction = transaction_by_ids(input["transaction_id"], None, info)
        except GraphQLError as error:
            raise ValidationFailed.single("transactionId", "GRAPHQL_ERROR", error.message) from None
        granted = payments_refunds.order_grant_refund_create(
            order=order,
            transaction=transaction,
            amount=input.get("amount"),
            reason=input.get("reason") or "",
            lines=[_granted_line(line) for line in input.get("lines") or []],
            grant_refund_for_shipping=bool(input.get("grant_refund_for_shipping")),
            user=context.user,
            app=context.app,
        )
        order.refresh_from_db()
        return {"order": order, "granted_refund": granted}

    return perform(grant)


def _granted_line(line: dict) -> payments_refunds.GrantedLine:
    try:
        line_id = str(from_global_id_or_error(line["id"], "OrderLine", int_pk=False))
    except GraphQLError:
        line_id = line["id"]
    return payments_refunds.GrantedLine(
        line_id=line_id,
        quantity=line["quantity"],
        reason=line.get("reason") or "",
        global_id=line["id"],
    )


bindables = [mutation]
