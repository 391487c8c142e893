"""The gateways enabled by settings: Stripe when STRIPE_SECRET_KEY is set, and those named in
PAYMENT_GATEWAYS ("cash", "dummy", "pay-later")."""

from django.conf import settings

from storefront.payments.base import PaymentGateway, PaymentSource
from storefront.payments.cash import CashGateway
from storefront.payments.dummy import DummyGateway
from storefront.payments.pay_later import PayLaterGateway
from storefront.payments.stripe_gateway import StripeGateway

_BY_NAME: dict[str, type[PaymentGateway]] = {
    "cash": CashGateway,
    "dummy": DummyGateway,
    "pay-later": PayLaterGateway,
}


def enabled_gateways() -> list[PaymentGateway]:
    gateways: list[PaymentGateway] = []
    if settings.STRIPE_SECRET_KEY:
        gateways.append(
            StripeGateway(
                secret_key=settings.STRIPE_SECRET_KEY,
                publishable_key=settings.STRIPE_PUBLISHABLE_KEY,
            )
        )
    for name in settings.PAYMENT_GATEWAYS:
        if name in _BY_NAME:
            gateways.append(_BY_NAME[name]())
    return gateways


def get_gateway(gateway_id: str) -> PaymentGateway | None:
    """The enabled gateway with this `PaymentGateway.id`."""
    return next((g for g in enabled_gateways() if g.id == gateway_id), None)


def gateway_of(gateway_id: str) -> PaymentGateway | None:
    """The gateway that handles existing transactions of `gateway_id`, even if it is no longer
    offered for new payments (refunds of old payments must still work)."""
    gateway = get_gateway(gateway_id)
    if gateway is not None:
        return gateway
    for cls in _BY_NAME.values():
        if cls.id == gateway_id:
            return cls()
    return None


def available_gateways(source: PaymentSource) -> list[PaymentGateway]:
    return [g for g in enabled_gateways() if g.is_available_for(source)]
