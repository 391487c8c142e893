"""The payment fields of Checkout: its transactions, payment statuses, balance and the
gateways it can be paid with (cash only for click-and-collect).

The statuses are computed on read from the current total, as Saleor refreshes them whenever
checkout data is fetched, so changing lines after paying shows at once.
"""

from ariadne import ObjectType

from catalog.graphql.loaders import load_for
from catalog.graphql.pricing import money
from infra.accounts.permissions import PermissionEnum
from infra.graphql.permissions import require_one_of
from storefront.graphql import payment_loaders as loaders
from storefront.graphql.checkout import checkout_info
from storefront.graphql.payment import enum_output
from storefront.models import Checkout, TransactionItem
from storefront.payments.base import PaymentSource
from storefront.payments.registry import available_gateways
from storefront.services.payments_amounts import ZERO, checkout_statuses

checkout_type = ObjectType("Checkout")
transaction_type = ObjectType("TransactionItem")


def _transactions(checkout: Checkout, info) -> list[TransactionItem]:
    return load_for(info, loaders.TransactionsByCheckoutIdLoader, checkout, lambda c: c.pk)


def _statuses(checkout: Checkout, info):
    computed = checkout_info(checkout, info)
    return checkout_statuses(
        total=computed.total,
        has_lines=bool(computed.lines),
        transactions=_transactions(checkout, info),
        currency=checkout.currency,
    )


@checkout_type.field("transactions")
def resolve_checkout_transactions(checkout: Checkout, info):
    require_one_of(info, PermissionEnum.MANAGE_CHECKOUTS, PermissionEnum.HANDLE_PAYMENTS)
    return _transactions(checkout, info)


@checkout_type.field("authorizeStatus")
def resolve_checkout_authorize_status(checkout: Checkout, info):
    return enum_output(info, _statuses(checkout, info).authorize_status.upper())


@checkout_type.field("chargeStatus")
def resolve_checkout_charge_status(checkout: Checkout, info):
    return enum_output(info, _statuses(checkout, info).charge_status.upper())


@checkout_type.field("totalBalance")
def resolve_checkout_total_balance(checkout: Checkout, info):
    """Charged (pending included) less the total: negative while something is left to pay."""
    charged = sum(
        (t.charged_value + t.charge_pending_value for t in _transactions(checkout, info)), ZERO
    )
    return money(charged - checkout_info(checkout, info).total, checkout.currency)


@checkout_type.field("availablePaymentGateways")
def resolve_checkout_available_payment_gateways(checkout: Checkout, _info):
    return available_gateways(PaymentSource(checkout=checkout))


@transaction_type.field("checkout")
def resolve_transaction_checkout(transaction: TransactionItem, _info):
    if transaction.checkout_id is None:
        return None
    return Checkout.objects.filter(pk=transaction.checkout_id).first()


bindables = [checkout_type, transaction_type]
