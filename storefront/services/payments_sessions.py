"""transactionInitialize and transactionProcess: a shopper (or an app) pays a checkout or an
order at one of the enabled gateways.

Initializing creates the transaction and its request event first, in their own database
transaction, and only then calls the gateway: a retry with the same idempotency key finds the
same transaction and calls the gateway again with the same key derived from it, so a lost
response never leads to a second payment at the provider.
"""

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError
from django.db import transaction as db_transaction

from infra.errors import ValidationFailed
from storefront.models import TransactionEvent, TransactionItem
from storefront.models import TransactionEventType as T
from storefront.payments.base import (
    AUTHORIZATION,
    CHARGE_FLOW,
    GatewayError,
    GatewayResult,
    PaymentGateway,
    PaymentSource,
)
from storefront.payments.registry import gateway_of, get_gateway
from storefront.selectors.checkout import fetch_checkout_info
from storefront.services.payments import (
    payment_source_of,
    source_balance,
    transaction_events_record,
)
from storefront.services.payments_errors import (
    TransactionInitializeErrorCode as InitCode,
)
from storefront.services.payments_errors import (
    TransactionProcessErrorCode as ProcessCode,
)

TRANSACTION_ITEMS_LIMIT = 100
FINAL_EVENT_TYPES = (T.AUTHORIZATION_SUCCESS, T.CHARGE_SUCCESS)
REQUEST_TYPES = (T.AUTHORIZATION_REQUEST, T.CHARGE_REQUEST)


@dataclass
class SessionResult:
    transaction: TransactionItem
    event: TransactionEvent | None
    data: dict | None


def _total(source: PaymentSource) -> Decimal:
    if source.order is not None:
        return source.order.total_amount
    return fetch_checkout_info(source.checkout).total


def _gateway_for(source: PaymentSource, gateway_id: str) -> PaymentGateway:
    gateway = get_gateway(gateway_id)
    if gateway is None:
        raise ValidationFailed.single(
            "paymentGateway", InitCode.NOT_FOUND, "App with provided identifier not found."
        )
    if not gateway.is_available_for(source):
        message = (
            "Cash payment is only available for click-and-collect."
            if gateway_id.endswith(".cash")
            else f"The gateway {gateway_id} does not accept {source.currency}."
        )
        raise ValidationFailed.single("paymentGateway", InitCode.INVALID, message)
    return gateway


def _existing(source: PaymentSource, idempotency_key: str) -> TransactionItem | None:
    owner = {"order": source.order} if source.order else {"checkout": source.checkout}
    return TransactionItem.objects.filter(idempotency_key=idempotency_key, **owner).first()


def _request_event(transaction: TransactionItem) -> TransactionEvent | None:
    return (
        transaction.events.filter(type__in=REQUEST_TYPES, include_in_calculations=False)
        .order_by("created_at", "pk")
        .first()
    )


def _different_transaction() -> ValidationFailed:
    return ValidationFailed.single(
        "idempotencyKey",
        InitCode.UNIQUE,
        "Different transaction with provided idempotency key already exists.",
    )


def _create(
    *,
    source: PaymentSource,
    gateway: PaymentGateway,
    amount: Decimal,
    action: str,
    idempotency_key: str,
    user: Any,
    app: Any,
) -> tuple[TransactionItem, TransactionEvent]:
    staff = user if user is not None and getattr(user, "is_authenticated", False) else None
    try:
        with db_transaction.atomic():
            transaction = TransactionItem.objects.create(
                gateway=gateway.id,
                name=gateway.name,
                currency=source.currency,
                checkout=source.checkout,
                order=source.order,
                idempotency_key=idempotency_key,
                user=staff,
                app=app,
            )
            request = transaction.events.create(
                type=T.AUTHORIZATION_REQUEST if action == AUTHORIZATION else T.CHARGE_REQUEST,
                amount_value=amount,
                currency=source.currency,
                idempotency_key=idempotency_key,
                include_in_calculations=False,
                user=staff,
                app=app,
            )
    except IntegrityError:
        # A concurrent retry created it first.
        transaction = _existing(source, idempotency_key)
        if transaction is None:
            raise
        request = _request_event(transaction)
    return transaction, request


def transaction_initialize(
    *,
    source: PaymentSource,
    gateway_id: str,
    data: dict | None = None,
    amount: Decimal | None = None,
    action: str | None = None,
    idempotency_key: str | None = None,
    user: Any = None,
    app: Any = None,
) -> SessionResult:
    """Start paying `source` at `gateway_id`; `amount` defaults to what is left to pay."""
    if idempotency_key is not None and not idempotency_key:
        raise ValidationFailed.single(
            "idempotencyKey", InitCode.INVALID, "Cannot be provided as an empty string."
        )
    idempotency_key = idempotency_key or str(uuid.uuid4())
    if data is not None and not isinstance(data, dict):
        raise ValidationFailed.single(
            "paymentGateway", InitCode.INVALID, "The gateway data must be a JSON object."
        )
    gateway = _gateway_for(source, gateway_id)
    action = action or CHARGE_FLOW
    transaction = _existing(source, idempotency_key)
    if transaction is not None:
        request = _request_event(transaction)
        if transaction.gateway != gateway.id or request is None:
            raise _different_transaction()
        if amount is not None and amount != request.amount_value:
            raise _different_transaction()
        amount = request.amount_value
    else:
        owner = {"order": source.order} if source.order else {"checkout": source.checkout}
        if TransactionItem.objects.filter(**owner).count() >= TRANSACTION_ITEMS_LIMIT:
            kind = "Order" if source.order else "Checkout"
            raise ValidationFailed.single(
                "transactions",
                InitCode.INVALID,
                f"{kind} transactions limit of {TRANSACTION_ITEMS_LIMIT} reached.",
            )
        if amount is None:
            amount = source_balance(source, _total(source))
        transaction, request = _create(
            source=source,
            gateway=gateway,
            amount=amount,
            action=action,
            idempotency_key=idempotency_key,
            user=user,
            app=app,
        )
    try:
        result = gateway.initialize(
            transaction=transaction, source=source, amount=amount, action=action, data=data
        )
    except GatewayError as error:
        raise ValidationFailed.single("paymentGateway", InitCode.INVALID, str(error)) from None
    event = _apply(transaction, result, request, user=user, app=app)
    return SessionResult(transaction=transaction, event=event, data=result.data)


def _apply(
    transaction: TransactionItem,
    result: GatewayResult,
    request: TransactionEvent | None,
    *,
    user: Any,
    app: Any,
) -> TransactionEvent | None:
    """Store what the gateway said about the transaction and record its events."""
    changed = []
    if result.psp_reference and transaction.psp_reference != result.psp_reference:
        transaction.psp_reference = result.psp_reference
        changed.append("psp_reference")
    if result.payment_method_type and not transaction.payment_method_type:
        transaction.payment_method_type = result.payment_method_type
        changed.append("payment_method_type")
    if changed:
        transaction.save(update_fields=[*changed, "modified_at"])
    recorded = transaction_events_record(
        transaction=transaction, events=result.events, user=user, app=app
    )
    return recorded[-1].event if recorded else request


def transaction_process(
    *, transaction: TransactionItem, data: dict | None = None, user: Any = None, app: Any = None
) -> SessionResult:
    """Ask the gateway where the payment stands (after the client acted on it)."""
    events = list(transaction.events.order_by("created_at", "pk"))
    processed = next(
        (e for e in events if e.type in FINAL_EVENT_TYPES and e.include_in_calculations), None
    )
    if processed is not None:
        return SessionResult(transaction=transaction, event=processed, data=None)
    request = next(
        (e for e in events if e.type in REQUEST_TYPES and not e.include_in_calculations), None
    )
    if request is None:
        raise ValidationFailed.single(
            "id", ProcessCode.INVALID, "Missing call of `transactionInitialize` mutation."
        )
    source = payment_source_of(transaction)
    if source.object is None:
        raise ValidationFailed.single(
            "id", ProcessCode.INVALID, "Transaction doesn't have attached order or checkout."
        )
    gateway = gateway_of(transaction.gateway)
    if gateway is None:
        raise ValidationFailed.single(
            "id",
            ProcessCode.MISSING_PAYMENT_APP,
            "Payment app attached to the transaction, doesn't exist.",
        )
    if data is not None and not isinstance(data, dict):
        raise ValidationFailed.single("data", ProcessCode.INVALID, "Must be a JSON object.")
    try:
        result = gateway.process(transaction=transaction, data=data)
    except GatewayError as error:
        raise ValidationFailed.single("id", ProcessCode.INVALID, str(error)) from None
    event = _apply(transaction, result, request, user=user, app=app)
    return SessionResult(transaction=transaction, event=event, data=result.data)
