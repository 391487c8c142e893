"""The interface every payment gateway implements, and what it answers with."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar

from storefront.models import Checkout, Order, TransactionEventType, TransactionItem

# Saleor's TransactionActionEnum values, as stored in TransactionItem.available_actions.
CHARGE = "CHARGE"
REFUND = "REFUND"
CANCEL = "CANCEL"

# Saleor's TransactionFlowStrategyEnum.
AUTHORIZATION = "AUTHORIZATION"
CHARGE_FLOW = "CHARGE"

ZERO = Decimal(0)


@dataclass(frozen=True)
class EventSpec:
    """One happening at the provider, to be recorded as a TransactionEvent.

    `idempotency_key` names the happening (e.g. "charge_success:pi_123"), so recording the
    same happening twice (a retried call, a redelivered webhook) changes nothing.
    """

    type: TransactionEventType
    amount: Decimal = ZERO
    psp_reference: str | None = None
    idempotency_key: str | None = None
    message: str = ""
    external_url: str = ""


@dataclass
class GatewayResult:
    events: list[EventSpec] = field(default_factory=list)
    # Returned to the client as the mutation's `data` (e.g. Stripe's client_secret).
    data: dict[str, Any] | None = None
    # The transaction's reference at the provider, once known.
    psp_reference: str | None = None
    payment_method_type: str = ""


def settled(
    type: TransactionEventType, amount: Decimal, reference: str, message: str = ""
) -> GatewayResult:
    """The result of an action a gateway settles at once: one event named by its type and
    reference, so the same action recorded again changes nothing."""
    event = EventSpec(
        type=type,
        amount=amount,
        psp_reference=reference,
        idempotency_key=f"{type.value}:{reference}",
        message=message,
    )
    return GatewayResult(events=[event], psp_reference=reference)


class GatewayError(Exception):
    """The provider refused or could not be reached; the message is safe to show."""


@dataclass(frozen=True)
class PaymentSource:
    """What a payment is for: a checkout or an order."""

    checkout: Checkout | None = None
    order: Order | None = None

    @property
    def object(self) -> Checkout | Order:
        return self.checkout if self.checkout is not None else self.order

    @property
    def currency(self) -> str:
        return self.object.currency

    @property
    def is_click_and_collect(self) -> bool:
        return self.object.collection_point_id is not None


class PaymentGateway:
    id: ClassVar[str]
    name: ClassVar[str]
    currencies: ClassVar[tuple[str, ...]] = ("CNY",)

    def config(self) -> list[tuple[str, str | None]]:
        """Public configuration a client needs (never secrets), as (field, value) pairs."""
        return []

    def is_available_for(self, source: PaymentSource) -> bool:
        return source.currency in self.currencies

    def initialize(
        self,
        *,
        transaction: TransactionItem,
        source: PaymentSource,
        amount: Decimal,
        action: str,
        data: dict | None,
    ) -> GatewayResult:
        raise NotImplementedError

    def process(self, *, transaction: TransactionItem, data: dict | None) -> GatewayResult:
        """Continue a payment the client has worked on (e.g. after confirming with Stripe)."""
        return GatewayResult()

    def refund(
        self, *, transaction: TransactionItem, amount: Decimal, idempotency_key: str
    ) -> GatewayResult:
        raise GatewayError("This gateway cannot refund.")

    def charge(
        self, *, transaction: TransactionItem, amount: Decimal, idempotency_key: str
    ) -> GatewayResult:
        raise GatewayError("This gateway cannot charge an authorization.")

    def cancel(self, *, transaction: TransactionItem, idempotency_key: str) -> GatewayResult:
        raise GatewayError("This gateway cannot cancel.")

    def actions(self, transaction: TransactionItem) -> list[str]:
        """The actions staff may request now, from the transaction's amounts."""
        return [REFUND] if transaction.charged_value > ZERO else []
