"""Pure arithmetic of payments: a transaction's amounts from its events, and the payment
statuses of checkouts and orders from their transactions (Saleor's rules).

Events are grouped by action and PSP reference (one Stripe PaymentIntent, one refund …).
Within a group a request counts as pending until a success or failure for the same reference
exists; a success counts whatever else arrived, before or after it. Saleor lets a newer failure
override a success; we do not, because providers deliver events in any order and a reference
that succeeded (a PaymentIntent, a refund) never fails afterwards: a late `payment_failed` is an
earlier attempt. So the result depends on which events exist, never on their arrival order.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from storefront.models import (
    CheckoutAuthorizeStatus,
    CheckoutChargeStatus,
    OrderAuthorizeStatus,
    OrderChargeStatus,
    TransactionEvent,
    TransactionItem,
)
from storefront.models import TransactionEventType as T

ZERO = Decimal(0)
AMOUNT_FIELDS = (
    "authorized_value",
    "authorize_pending_value",
    "charged_value",
    "charge_pending_value",
    "refunded_value",
    "refund_pending_value",
    "canceled_value",
    "cancel_pending_value",
)

# action -> (request, success, failure, amount field, pending field, field it takes from)
_ACTIONS = {
    "authorization": (
        T.AUTHORIZATION_REQUEST,
        T.AUTHORIZATION_SUCCESS,
        T.AUTHORIZATION_FAILURE,
        "authorized_value",
        "authorize_pending_value",
        None,
    ),
    "charge": (
        T.CHARGE_REQUEST,
        T.CHARGE_SUCCESS,
        T.CHARGE_FAILURE,
        "charged_value",
        "charge_pending_value",
        "authorized_value",
    ),
    "refund": (
        T.REFUND_REQUEST,
        T.REFUND_SUCCESS,
        T.REFUND_FAILURE,
        "refunded_value",
        "refund_pending_value",
        "charged_value",
    ),
    "cancel": (
        T.CANCEL_REQUEST,
        T.CANCEL_SUCCESS,
        T.CANCEL_FAILURE,
        "canceled_value",
        "cancel_pending_value",
        "authorized_value",
    ),
}
_ACTION_OF = {
    event_type: (action, role)
    for action, (request, success, failure, *_fields) in _ACTIONS.items()
    for event_type, role in ((request, "request"), (success, "success"), (failure, "failure"))
}
# Events without a PSP reference are settled amounts reported as they are.
_WITHOUT_REFERENCE = {
    T.AUTHORIZATION_SUCCESS: ("authorized_value", 1),
    T.CHARGE_SUCCESS: ("charged_value", 1),
    T.CHARGE_BACK: ("charged_value", -1),
    T.REFUND_SUCCESS: ("refunded_value", 1),
    T.REFUND_REVERSE: ("charged_value", 1),
    T.CANCEL_SUCCESS: ("canceled_value", 1),
}


def quantize(amount: Decimal, currency: str = "CNY") -> Decimal:
    exponent = Decimal("1") if currency.upper() in {"JPY", "KRW", "VND"} else Decimal("0.01")
    return Decimal(amount).quantize(exponent, rounding=ROUND_HALF_UP)


def transaction_amounts(events: Iterable[TransactionEvent]) -> dict[str, Decimal]:
    """The eight amounts of a transaction from its events (oldest first)."""
    values = dict.fromkeys(AMOUNT_FIELDS, ZERO)
    groups: dict[tuple[str, str], dict[str, TransactionEvent]] = defaultdict(dict)
    adjustment: TransactionEvent | None = None
    for event in events:
        if not event.include_in_calculations:
            continue
        if event.type == T.AUTHORIZATION_ADJUSTMENT:
            adjustment = event
            continue
        if not event.psp_reference:
            field, sign = _WITHOUT_REFERENCE.get(event.type, (None, 0))
            if field:
                values[field] += sign * event.amount_value
            continue
        if event.type == T.CHARGE_BACK:
            values["charged_value"] -= event.amount_value
        elif event.type == T.REFUND_REVERSE:
            values["charged_value"] += event.amount_value
            values["refunded_value"] -= event.amount_value
        elif event.type in _ACTION_OF:
            action, role = _ACTION_OF[event.type]
            groups[(action, event.psp_reference)][role] = event
    if adjustment is not None:
        values["authorized_value"] = adjustment.amount_value
    for action in _ACTIONS:
        _request, _success, _failure, field, pending_field, source_field = _ACTIONS[action]
        for (group_action, _reference), group in groups.items():
            if group_action != action:
                continue
            if "success" in group:
                amount, target = group["success"].amount_value, field
            elif "request" in group and "failure" not in group:
                amount, target = group["request"].amount_value, pending_field
            else:
                continue
            values[target] += amount
            if source_field:
                values[source_field] -= amount
    values["authorized_value"] = max(values["authorized_value"], ZERO)
    values["authorize_pending_value"] = max(values["authorize_pending_value"], ZERO)
    return values


def transaction_covered(transaction: TransactionItem) -> Decimal:
    """What a transaction pays or will pay (authorized, charged and both pendings)."""
    return (
        transaction.authorized_value
        + transaction.authorize_pending_value
        + transaction.charged_value
        + transaction.charge_pending_value
    )


@dataclass(frozen=True)
class CheckoutStatuses:
    authorize_status: str
    charge_status: str


def checkout_statuses(
    *, total: Decimal, has_lines: bool, transactions: Iterable[TransactionItem], currency: str
) -> CheckoutStatuses:
    """Saleor's checkout statuses: pending amounts count, so a pending payment (cash at
    pickup, a PaymentIntent still processing) lets the checkout complete."""
    transactions = list(transactions)
    charged = sum((t.charged_value + t.charge_pending_value for t in transactions), ZERO)
    authorized = sum((t.authorized_value + t.authorize_pending_value for t in transactions), ZERO)
    charged = quantize(max(charged, ZERO), currency)
    covered = quantize(max(authorized, ZERO), currency) + charged
    total = quantize(total, currency)
    only_free_lines = has_lines and total <= ZERO
    if covered <= ZERO:
        authorize = (
            CheckoutAuthorizeStatus.FULL if only_free_lines else CheckoutAuthorizeStatus.NONE
        )
    elif covered >= total:
        authorize = CheckoutAuthorizeStatus.FULL
    else:
        authorize = CheckoutAuthorizeStatus.PARTIAL
    if charged <= ZERO:
        charge = CheckoutChargeStatus.FULL if only_free_lines else CheckoutChargeStatus.NONE
    elif charged < total:
        charge = CheckoutChargeStatus.PARTIAL
    elif charged == total:
        charge = CheckoutChargeStatus.FULL
    else:
        charge = CheckoutChargeStatus.OVERCHARGED
    return CheckoutStatuses(authorize_status=authorize, charge_status=charge)


def order_charge_status(*, charged: Decimal, total: Decimal, currency: str) -> str:
    charged, total = quantize(charged, currency), quantize(max(total, ZERO), currency)
    if charged == total:
        return OrderChargeStatus.FULL
    if charged <= ZERO:
        return OrderChargeStatus.NONE
    if charged < total:
        return OrderChargeStatus.PARTIAL
    return OrderChargeStatus.OVERCHARGED


def order_authorize_status(
    *, authorized: Decimal, charged: Decimal, total: Decimal, order_total: Decimal, currency: str
) -> str:
    covered = quantize(authorized + charged, currency)
    total = quantize(max(total, ZERO), currency)
    if covered == ZERO:
        return OrderAuthorizeStatus.FULL if order_total == ZERO else OrderAuthorizeStatus.NONE
    if covered >= total:
        return OrderAuthorizeStatus.FULL
    return OrderAuthorizeStatus.PARTIAL
