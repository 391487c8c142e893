"""The counter sale at a showroom or station: the clerk sells from the place's own shelf.

The sale goes through the storefront's own services, as a shopper's checkout would: a checkout
in the place's channel, collected at the place (its stock is LOCAL, so only this shelf serves
it), paid in cash (recorded as taken at once, as orderMarkAsPaid records it) or through the dummy
gateway, completed, then fulfilled at once from the place's stock: the goods leave over the
counter. Everything runs in one transaction, so a refused sale leaves no checkout, order or
allocation behind.

The channel is the place's own (showroom.place_checkout.place_channel).
"""

import re
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from catalog.models import (
    Channel,
    ClickAndCollectOption,
    PlaceKind,
    Product,
    ProductVariant,
    Warehouse,
)
from infra.errors import ValidationFailed
from showroom.place_checkout import PlaceLine, place_channel, place_checkout_create
from storefront.models import Order
from storefront.payments.base import PaymentSource
from storefront.payments.cash import CashGateway
from storefront.payments.dummy import DummyGateway
from storefront.services.checkout_complete import checkout_complete
from storefront.services.orders_fulfillment import FulfillLine, FulfillStock, order_fulfill
from storefront.services.payments_actions import order_mark_as_paid
from storefront.services.payments_sessions import transaction_initialize

COUNTER_KINDS = (PlaceKind.SHOWROOM, PlaceKind.STATION)
PAYMENTS = {"cash": CashGateway.id, "dummy": DummyGateway.id}
PRODUCT_URL = re.compile(r"/products/(?P<slug>[^/?#\s]+)/?")


def counter_place_check(place: Warehouse) -> None:
    """The place sells over a counter from its own shelf, or the sale is refused."""
    if place.kind not in COUNTER_KINDS:
        raise ValidationFailed.single(
            "place", "INVALID", "Only showrooms and stations have a counter."
        )
    if place.click_and_collect_option != ClickAndCollectOption.LOCAL_STOCK:
        raise ValidationFailed.single(
            "place",
            "INVALID",
            "The place must offer click and collect from its local stock to sell at the "
            "counter (set its click and collect option to LOCAL).",
        )


def counter_variant_find(code: str) -> ProductVariant:
    """The variant of a typed or scanned SKU, or the default variant of a product whose page
    URL (or QR content) was given."""
    code = (code or "").strip()
    if not code:
        raise ValidationFailed.single("sku", "REQUIRED", "This field is required.")
    variant = ProductVariant.objects.filter(sku=code).select_related("product").first()
    if variant is not None:
        return variant
    match = PRODUCT_URL.search(code)
    if match is not None:
        product = (
            Product.objects.filter(slug=match.group("slug"))
            .select_related("default_variant__product")
            .first()
        )
        if product is not None and product.default_variant is not None:
            return product.default_variant
    raise ValidationFailed.single("sku", "NOT_FOUND", f"No product with SKU or URL '{code}'.")


def counter_lines(
    lines: Sequence[tuple[ProductVariant | str, int]], *, max_quantity: int | None = None
) -> list[PlaceLine]:
    """`lines` (a variant, or a SKU or product URL, with a quantity) merged by variant; each
    quantity at most `max_quantity` when given."""
    merged: dict[int, PlaceLine] = {}
    for item, quantity in lines:
        variant = item if isinstance(item, ProductVariant) else counter_variant_find(item)
        if max_quantity is not None and not 1 <= int(quantity) <= max_quantity:
            raise ValidationFailed.single(
                "quantity", "INVALID", f"The quantity must be between 1 and {max_quantity}."
            )
        if variant.pk in merged:
            merged[variant.pk].quantity += int(quantity)
        else:
            merged[variant.pk] = PlaceLine(variant=variant, quantity=int(quantity))
    if not merged:
        raise ValidationFailed.single("lines", "REQUIRED", "Add at least one product.")
    return list(merged.values())


def counter_sale(
    *,
    place: Warehouse,
    channel: Channel | None = None,
    lines: Sequence[tuple[ProductVariant | str, int]],
    payment: str,
    clerk: Any,
) -> Order:
    """Sell `lines` (variant or SKU/product URL, quantity) from the place's shelf: a paid,
    fulfilled order in the place's channel, or ValidationFailed and nothing changed."""
    counter_place_check(place)
    if payment not in PAYMENTS:
        raise ValidationFailed.single("payment", "INVALID", f"Unknown payment '{payment}'.")
    channel = channel or place_channel(place)
    sold = counter_lines(lines)
    with transaction.atomic():
        checkout = place_checkout_create(
            place=place, channel=channel, lines=sold, email=getattr(clerk, "email", "")
        )
        transaction_initialize(
            source=PaymentSource(checkout=checkout), gateway_id=PAYMENTS[payment], user=clerk
        )
        order = checkout_complete(checkout=checkout, user=clerk)
        if payment == "cash":
            order = order_mark_as_paid(order=order, transaction_reference="counter", user=clerk)
        order, _ = order_fulfill(
            order=order,
            lines=[
                FulfillLine(
                    order_line_id=line.pk,
                    stocks=[FulfillStock(warehouse_id=place.pk, quantity=line.quantity)],
                )
                for line in order.lines.all()
            ],
            user=clerk,
        )
    return order
