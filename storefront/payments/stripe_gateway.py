"""Stripe PaymentIntents in CNY: cards, Alipay and WeChat Pay.

The intent is created server side with an idempotency key derived from the transaction's
token, so a retried `transactionInitialize` (same Saleor idempotency key, hence the same
transaction) gets the same intent back from Stripe instead of a second one. The client confirms
it with the returned `client_secret`; `transactionProcess` and the webhook then record what
Stripe says. Every event is keyed by the Stripe object it comes from ("charge_success:pi_…",
"refund_success:re_…"), so the same happening is recorded once however it arrives.
"""

from decimal import ROUND_HALF_UP, Decimal
from typing import Any, ClassVar

import stripe
from django.utils.translation import gettext_noop

from storefront.models import TransactionEventType, TransactionItem
from storefront.payments.base import (
    ZERO,
    EventSpec,
    GatewayError,
    GatewayResult,
    PaymentGateway,
    PaymentSource,
)

PAYMENT_METHOD_TYPES = ("card", "alipay", "wechat_pay")
WECHAT_PAY_CLIENTS = ("web", "mobile", "ios", "android")
# Stripe's zero-decimal currencies among those we could ever sell in.
_ZERO_DECIMAL = {"JPY", "KRW", "VND"}


def to_minor_units(amount: Decimal, currency: str) -> int:
    """Decimal yuan to integer fen (Stripe's smallest unit), rounding half up, never via float."""
    exponent = 0 if currency.upper() in _ZERO_DECIMAL else 2
    return int((amount * (10**exponent)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def from_minor_units(value: int | None, currency: str) -> Decimal:
    exponent = 0 if currency.upper() in _ZERO_DECIMAL else 2
    return Decimal(value or 0).scaleb(-exponent)


def intent_events(intent: dict[str, Any]) -> list[EventSpec]:
    """What a PaymentIntent's current state means for its transaction."""
    pi = intent["id"]
    currency = intent.get("currency", "cny")
    status = intent.get("status")
    amount = from_minor_units(intent.get("amount"), currency)
    if status == "succeeded":
        received = from_minor_units(intent.get("amount_received") or intent.get("amount"), currency)
        return [
            EventSpec(
                type=TransactionEventType.CHARGE_SUCCESS,
                amount=received,
                psp_reference=pi,
                idempotency_key=f"charge_success:{pi}",
            )
        ]
    if status == "processing":
        return [
            EventSpec(
                type=TransactionEventType.CHARGE_REQUEST,
                amount=amount,
                psp_reference=pi,
                idempotency_key=f"charge_request:{pi}",
                message="Payment processing",
            )
        ]
    if status == "canceled":
        return [
            EventSpec(
                type=TransactionEventType.CHARGE_FAILURE,
                amount=amount,
                psp_reference=pi,
                idempotency_key=f"charge_failure:{pi}:canceled",
                message=f"Payment canceled ({intent.get('cancellation_reason') or 'canceled'})",
            )
        ]
    error = intent.get("last_payment_error")
    if status == "requires_payment_method" and error:
        return [payment_failure(intent, attempt=None)]
    return [
        EventSpec(
            type=TransactionEventType.CHARGE_ACTION_REQUIRED,
            amount=amount,
            psp_reference=pi,
            idempotency_key=f"charge_action_required:{pi}",
        )
    ]


def payment_failure(intent: dict[str, Any], attempt: str | None) -> EventSpec:
    """A failed attempt at paying `intent`, keyed by the failed charge when Stripe names it."""
    pi = intent["id"]
    error = intent.get("last_payment_error") or {}
    payment_method = error.get("payment_method") or {}
    attempt = (
        error.get("charge")
        or (payment_method.get("id") if isinstance(payment_method, dict) else payment_method)
        or attempt
        or "unknown"
    )
    return EventSpec(
        type=TransactionEventType.CHARGE_FAILURE,
        amount=from_minor_units(intent.get("amount"), intent.get("currency", "cny")),
        psp_reference=pi,
        idempotency_key=f"charge_failure:{pi}:{attempt}",
        message=(error.get("message") or "Payment failed")[:512],
    )


def refund_events(refund: dict[str, Any]) -> list[EventSpec]:
    re = refund["id"]
    amount = from_minor_units(refund.get("amount"), refund.get("currency", "cny"))
    status = refund.get("status")
    if status == "succeeded":
        kind = TransactionEventType.REFUND_SUCCESS
    elif status in ("failed", "canceled"):
        kind = TransactionEventType.REFUND_FAILURE
    else:  # pending, requires_action
        kind = TransactionEventType.REFUND_REQUEST
    message = ""
    if kind == TransactionEventType.REFUND_FAILURE:
        message = f"Refund failed ({refund.get('failure_reason') or status})"
    return [
        EventSpec(
            type=kind,
            amount=amount,
            psp_reference=re,
            idempotency_key=f"{kind.value}:{re}",
            message=message,
        )
    ]


def charge_events(charge: dict[str, Any]) -> list[EventSpec]:
    """A refunded charge: it was paid (so its intent succeeded) and each refund stands alone."""
    events = []
    pi = charge.get("payment_intent")
    if isinstance(pi, dict):
        pi = pi.get("id")
    captured = charge.get("amount_captured") or (charge.get("amount") if charge.get("paid") else 0)
    if pi and captured and charge.get("status") == "succeeded":
        events.append(
            EventSpec(
                type=TransactionEventType.CHARGE_SUCCESS,
                amount=from_minor_units(captured, charge.get("currency", "cny")),
                psp_reference=pi,
                idempotency_key=f"charge_success:{pi}",
            )
        )
    for refund in (charge.get("refunds") or {}).get("data") or []:
        events.extend(refund_events(refund))
    return events


class StripeGateway(PaymentGateway):
    id = "tibet.payments.stripe"
    name = gettext_noop("Stripe")
    # Tests put a recording client here; None uses the library's default (requests/urllib).
    http_client: ClassVar[stripe.HTTPClient | None] = None

    def __init__(self, *, secret_key: str, publishable_key: str):
        self.secret_key = secret_key
        self.publishable_key = publishable_key

    def client(self) -> stripe.StripeClient:
        return stripe.StripeClient(
            self.secret_key, http_client=type(self).http_client, max_network_retries=2
        )

    def config(self) -> list[tuple[str, str | None]]:
        return [
            ("api_key", self.publishable_key),
            ("payment_method_types", ",".join(PAYMENT_METHOD_TYPES)),
        ]

    def _call(self, request):
        try:
            return request().to_dict()
        except stripe.APIConnectionError as error:
            raise GatewayError("Stripe could not be reached; please try again.") from error
        except stripe.StripeError as error:
            message = getattr(error, "user_message", None) or "Stripe refused the request."
            raise GatewayError(message) from error

    def initialize(
        self,
        *,
        transaction: TransactionItem,
        source: PaymentSource,
        amount: Decimal,
        action: str,
        data: dict | None,
    ) -> GatewayResult:
        data = data or {}
        method = data.get("paymentMethodType") or data.get("payment_method_type")
        if method is not None and method not in PAYMENT_METHOD_TYPES:
            raise GatewayError(
                f"Unsupported payment method type {method!r}; "
                f"use one of {', '.join(PAYMENT_METHOD_TYPES)}."
            )
        methods = [method] if method else list(PAYMENT_METHOD_TYPES)
        if to_minor_units(amount, source.currency) <= 0:
            raise GatewayError("The amount to pay must be positive.")
        metadata = {"transaction_token": str(transaction.token)}
        if source.checkout is not None:
            metadata["checkout_id"] = str(source.checkout.pk)
        if source.order is not None:
            metadata["order_id"] = str(source.order.pk)
        params: dict[str, Any] = {
            "amount": to_minor_units(amount, source.currency),
            "currency": source.currency.lower(),
            "payment_method_types": methods,
            "metadata": metadata,
        }
        if "wechat_pay" in methods:
            client = data.get("wechatPayClient") or "web"
            if client not in WECHAT_PAY_CLIENTS:
                raise GatewayError(f"Unsupported WeChat Pay client {client!r}.")
            params["payment_method_options"] = {"wechat_pay": {"client": client}}
        intent = self._call(
            lambda: self.client().v1.payment_intents.create(
                params=params,
                options={"idempotency_key": f"tibet-{transaction.token}-initialize"},
            )
        )
        return GatewayResult(
            events=intent_events(intent),
            data={
                "client_secret": intent.get("client_secret"),
                "publishable_key": self.publishable_key,
                "payment_intent_id": intent["id"],
                "payment_method_types": intent.get("payment_method_types") or methods,
            },
            psp_reference=intent["id"],
            payment_method_type=method or "",
        )

    def process(self, *, transaction: TransactionItem, data: dict | None) -> GatewayResult:
        if not transaction.psp_reference:
            raise GatewayError("The payment was not initialized at Stripe.")
        intent = self._call(
            lambda: self.client().v1.payment_intents.retrieve(transaction.psp_reference)
        )
        return GatewayResult(
            events=intent_events(intent),
            data={"payment_intent_id": intent["id"], "status": intent.get("status")},
            psp_reference=intent["id"],
        )

    def refund(
        self, *, transaction: TransactionItem, amount: Decimal, idempotency_key: str
    ) -> GatewayResult:
        if not transaction.psp_reference or to_minor_units(amount, transaction.currency) <= 0:
            raise GatewayError("Nothing to refund at Stripe.")
        refund = self._call(
            lambda: self.client().v1.refunds.create(
                params={
                    "payment_intent": transaction.psp_reference,
                    "amount": to_minor_units(amount, transaction.currency),
                    "metadata": {"transaction_token": str(transaction.token)},
                },
                options={"idempotency_key": idempotency_key},
            )
        )
        return GatewayResult(events=refund_events(refund), psp_reference=refund["id"])

    def actions(self, transaction: TransactionItem) -> list[str]:
        return super().actions(transaction) if transaction.charged_value > ZERO else []
