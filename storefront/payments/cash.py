"""Cash at the pickup counter, offered only for click-and-collect.

Initializing records the amount as a pending charge (CHARGE_REQUEST), which lets the checkout
complete as Saleor lets checkouts with pending payments complete; the order stays unpaid until
staff take the money and confirm (`orderMarkAsPaid` or a CHARGE action), which records
CHARGE_SUCCESS for the same reference. Cancelling records the request as failed.
"""

from decimal import Decimal

from django.utils.translation import gettext_noop

from storefront.models import TransactionEventType, TransactionItem
from storefront.payments.base import (
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


def cash_reference(transaction: TransactionItem) -> str:
    return f"cash-{transaction.token}"


class CashGateway(PaymentGateway):
    id = "tibet.payments.cash"
    name = gettext_noop("Cash at pickup")

    def is_available_for(self, source: PaymentSource) -> bool:
        return super().is_available_for(source) and source.is_click_and_collect

    def initialize(
        self,
        *,
        transaction: TransactionItem,
        source: PaymentSource,
        amount: Decimal,
        action: str,
        data: dict | None,
    ) -> GatewayResult:
        reference = cash_reference(transaction)
        event = EventSpec(
            type=TransactionEventType.CHARGE_REQUEST,
            amount=amount,
            psp_reference=reference,
            idempotency_key=f"charge_request:{reference}",
            message="To be paid in cash at pickup",
        )
        return GatewayResult(events=[event], psp_reference=reference, payment_method_type="cash")

    def charge(
        self, *, transaction: TransactionItem, amount: Decimal, idempotency_key: str
    ) -> GatewayResult:
        reference = cash_reference(transaction)
        return settled(TransactionEventType.CHARGE_SUCCESS, amount, reference, "Paid in cash")

    def cancel(self, *, transaction: TransactionItem, idempotency_key: str) -> GatewayResult:
        reference = cash_reference(transaction)
        return settled(
            TransactionEventType.CHARGE_FAILURE,
            transaction.charge_pending_value,
            reference,
            "Cash payment canceled",
        )

    def refund(
        self, *, transaction: TransactionItem, amount: Decimal, idempotency_key: str
    ) -> GatewayResult:
        # Handed back at the counter: done when staff record it.
        reference = f"cash-refund-{idempotency_key}"
        return settled(TransactionEventType.REFUND_SUCCESS, amount, reference, "Refunded in cash")

    def actions(self, transaction: TransactionItem) -> list[str]:
        actions = []
        if transaction.charge_pending_value > ZERO:
            actions += [CHARGE, CANCEL]
        if transaction.charged_value > ZERO:
            actions.append(REFUND)
        return actions
