"""Pay later: a partner channel's orders are paid at the monthly settlement.

Offered only in channels whose `PartnerChannel.pay_later` is set, and only to the partner's app
or to staff: a shopper paying their own checkout is refused, since nobody would collect the
money from them. Initializing records the amount as an authorization (AUTHORIZATION_SUCCESS,
the partner's credit), which lets the checkout complete; the order stays unpaid until the
settlement charges the authorization (a CHARGE action, recorded as CHARGE_SUCCESS), or staff
mark it paid. Cancelling releases what is left of the authorization.
"""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_noop

from catalog.models import PartnerChannel
from catalog.selectors.app_channels import app_channel_ids
from storefront.models import TransactionEventType, TransactionItem
from storefront.payments.base import (
    CANCEL,
    CHARGE,
    REFUND,
    ZERO,
    EventSpec,
    GatewayError,
    GatewayResult,
    PaymentGateway,
    PaymentSource,
    settled,
)


def pay_later_reference(transaction: TransactionItem) -> str:
    return f"paylater-{transaction.token}"


def pay_later_channel(channel_id: int | None) -> bool:
    """Whether the channel is a partner channel whose orders may be paid at settlement."""
    return PartnerChannel.objects.filter(channel_id=channel_id, pay_later=True).exists()


def pay_later_payer_allowed(*, app: Any, user: Any, channel_id: int) -> bool:
    """An active app that may work in the channel (unlimited, or limited to it), or an
    active staff member."""
    if app is not None:
        channels = app_channel_ids(app)
        return app.is_active and (channels is None or channel_id in channels)
    return bool(user is not None and user.is_active and user.is_staff)


class PayLaterGateway(PaymentGateway):
    id = "tibet.payments.pay-later"
    name = gettext_noop("Pay later (monthly settlement)")

    def is_available_for(self, source: PaymentSource) -> bool:
        return super().is_available_for(source) and pay_later_channel(source.object.channel_id)

    def initialize(
        self,
        *,
        transaction: TransactionItem,
        source: PaymentSource,
        amount: Decimal,
        action: str,
        data: dict | None,
    ) -> GatewayResult:
        payer = {"app": transaction.app, "user": transaction.user}
        if not pay_later_payer_allowed(**payer, channel_id=source.object.channel_id):
            raise GatewayError("Pay later is only available to the partner's app and to staff.")
        reference = pay_later_reference(transaction)
        event = EventSpec(
            type=TransactionEventType.AUTHORIZATION_SUCCESS,
            amount=amount,
            psp_reference=reference,
            idempotency_key=f"authorization_success:{reference}",
            message="To be paid at the monthly settlement",
        )
        return GatewayResult(
            events=[event], psp_reference=reference, payment_method_type="pay_later"
        )

    def charge(
        self, *, transaction: TransactionItem, amount: Decimal, idempotency_key: str
    ) -> GatewayResult:
        # Each charge is its own happening (a settlement may charge part of the authorization).
        reference = f"{pay_later_reference(transaction)}-charge-{idempotency_key}"
        return settled(
            TransactionEventType.CHARGE_SUCCESS, amount, reference, "Paid at the monthly settlement"
        )

    def cancel(self, *, transaction: TransactionItem, idempotency_key: str) -> GatewayResult:
        return settled(
            TransactionEventType.CANCEL_SUCCESS,
            transaction.authorized_value,
            f"{pay_later_reference(transaction)}-cancel",
            "Pay later canceled",
        )

    def refund(
        self, *, transaction: TransactionItem, amount: Decimal, idempotency_key: str
    ) -> GatewayResult:
        # Credited to the partner on its next statement.
        reference = f"{pay_later_reference(transaction)}-refund-{idempotency_key}"
        return settled(
            TransactionEventType.REFUND_SUCCESS, amount, reference, "Credited at the settlement"
        )

    def actions(self, transaction: TransactionItem) -> list[str]:
        actions = []
        if transaction.authorized_value > ZERO:
            actions += [CHARGE, CANCEL]
        if transaction.charged_value > ZERO:
            actions.append(REFUND)
        return actions
