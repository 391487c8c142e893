"""A gateway that needs no provider, for the demo and for trying the API (Saleor's dummy).

It charges or authorizes at once, unless the shopper's `data` carries the declined test card
"4000000000000002" (as `card` or `token`), which fails with CHARGE_FAILURE.
"""

import uuid
from decimal import Decimal

from django.utils.translation import gettext_noop

from storefront.models import TransactionEventType, TransactionItem
from storefront.payments.base import (
    AUTHORIZATION,
    CANCEL,
    CHARGE,
    REFUND,
    ZERO,
    EventSpec,
    GatewayResult,
    PaymentGateway,
    PaymentSource,
    settled,
)

DECLINED_CARD = "4000000000000002"


def _declined(data: dict | None) -> bool:
    data = data or {}
    return DECLINED_CARD in (str(data.get("card", "")), str(data.get("token", "")))


class DummyGateway(PaymentGateway):
    id = "mirumee.payments.dummy"
    name = gettext_noop("Dummy")

    def _attempt(
        self, transaction: TransactionItem, amount: Decimal, action: str, data: dict | None
    ) -> GatewayResult:
        psp_reference = f"dummy-{transaction.token}"
        if _declined(data):
            failure = (
                TransactionEventType.AUTHORIZATION_FAILURE
                if action == AUTHORIZATION
                else TransactionEventType.CHARGE_FAILURE
            )
            event = EventSpec(
                type=failure,
                amount=amount,
                psp_reference=psp_reference,
                # Every declined attempt is its own happening.
                idempotency_key=f"{failure.value}:{psp_reference}:{uuid.uuid4()}",
                message="Card declined",
            )
            return GatewayResult(events=[event], psp_reference=psp_reference)
        success = (
            TransactionEventType.AUTHORIZATION_SUCCESS
            if action == AUTHORIZATION
            else TransactionEventType.CHARGE_SUCCESS
        )
        event = EventSpec(
            type=success,
            amount=amount,
            psp_reference=psp_reference,
            idempotency_key=f"{success.value}:{psp_reference}",
        )
        return GatewayResult(events=[event], psp_reference=psp_reference)

    def initialize(
        self,
        *,
        transaction: TransactionItem,
        source: PaymentSource,
        amount: Decimal,
        action: str,
        data: dict | None,
    ) -> GatewayResult:
        result = self._attempt(transaction, amount, action, data)
        result.payment_method_type = "card"
        return result

    def process(self, *, transaction: TransactionItem, data: dict | None) -> GatewayResult:
        request = (
            transaction.events.filter(
                type__in=[
                    TransactionEventType.AUTHORIZATION_REQUEST,
                    TransactionEventType.CHARGE_REQUEST,
                ],
                include_in_calculations=False,
            )
            .order_by("created_at", "pk")
            .first()
        )
        if request is None:
            return GatewayResult()
        action = (
            AUTHORIZATION if request.type == TransactionEventType.AUTHORIZATION_REQUEST else CHARGE
        )
        return self._attempt(transaction, request.amount_value, action, data)

    def refund(
        self, *, transaction: TransactionItem, amount: Decimal, idempotency_key: str
    ) -> GatewayResult:
        reference = f"dummy-refund-{idempotency_key}"
        return settled(TransactionEventType.REFUND_SUCCESS, amount, reference)

    def charge(
        self, *, transaction: TransactionItem, amount: Decimal, idempotency_key: str
    ) -> GatewayResult:
        reference = f"dummy-charge-{idempotency_key}"
        return settled(TransactionEventType.CHARGE_SUCCESS, amount, reference)

    def cancel(self, *, transaction: TransactionItem, idempotency_key: str) -> GatewayResult:
        reference = f"dummy-cancel-{idempotency_key}"
        return settled(TransactionEventType.CANCEL_SUCCESS, transaction.authorized_value, reference)

    def actions(self, transaction: TransactionItem) -> list[str]:
        actions = []
        if transaction.authorized_value > ZERO:
            actions += [CHARGE, CANCEL]
        if transaction.charged_value > ZERO:
            actions.append(REFUND)
        return actions
