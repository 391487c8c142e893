"""Bookable tourism products: a product type with a booking unit, a priced variant that
tracks no stock, its terms and its slots."""

from datetime import timedelta

from django.utils import timezone

from catalog.models import BookingSlot, BookingTerms, BookingUnit, Channel, ProductVariant
from storefront.models import Checkout, Order
from storefront.payments.base import PaymentSource
from storefront.payments.dummy import DummyGateway
from storefront.services.checkout import checkout_create
from storefront.services.checkout_complete import checkout_complete
from storefront.services.checkout_lines import LineInput
from storefront.services.payments_sessions import transaction_initialize
from tests.factories.addresses import AddressFactory
from tests.factories.catalog import (
    ProductFactory,
    ProductTypeFactory,
    ProductVariantFactory,
    list_product,
    price_variant,
)


def bookable_variant(
    channel: Channel,
    *,
    price: str = "300.00",
    unit: str = BookingUnit.TOUR_SEAT,
    terms: dict | None = None,
    **product_kwargs,
) -> ProductVariant:
    """A published tour (or homestay, festival) variant priced in `channel`, with terms."""
    kind = ProductTypeFactory(booking_unit=unit, is_shipping_required=False, has_variants=False)
    product = ProductFactory(product_type=kind, **product_kwargs)
    variant = ProductVariantFactory(product=product, track_inventory=False)
    product.default_variant = variant
    product.save(update_fields=["default_variant"])
    list_product(product, channel)
    price_variant(variant, channel, price)
    BookingTerms.objects.create(product=product, **(terms or {}))
    return variant


def slot_of(
    variant: ProductVariant, *, capacity: int = 10, days: float = 7, hours: float = 0
) -> BookingSlot:
    starts_at = timezone.now() + timedelta(days=days, hours=hours)
    return BookingSlot.objects.create(variant=variant, starts_at=starts_at, capacity=capacity)


def checkout_for_slot(
    slot: BookingSlot, *, quantity: int = 1, channel: Channel, user=None, extra=()
) -> Checkout:
    """A checkout holding `quantity` seats of `slot` (plus `extra` LineInputs)."""
    checkout = checkout_create(
        channel=channel,
        user=user,
        email=None if user else "traveller@example.com",
        lines=[
            LineInput(variant_id=slot.variant_id, quantity=quantity, booking_slot_id=slot.pk),
            *extra,
        ],
    )
    checkout.billing_address = AddressFactory()
    checkout.save(update_fields=["billing_address"])
    return checkout


def pay_and_complete(checkout: Checkout, *, user=None) -> Order:
    transaction_initialize(
        source=PaymentSource(checkout=checkout), gateway_id=DummyGateway.id, user=user
    )
    return checkout_complete(checkout=checkout, user=user)
