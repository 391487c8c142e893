"""What a draft order costs: its lines priced from the channel's listings, its shipping method
priced for its address, weight and subtotal, and the totals; recomputed on every change of the
draft and once more when it is placed, so a draft is placed at the channel's current prices."""

from collections.abc import Iterable
from decimal import Decimal

from catalog.models import ProductTranslation, ProductVariant, ProductVariantTranslation
from catalog.models import ProductVariantChannelListing as VariantListing
from storefront.models import Order, OrderLine
from storefront.selectors.shipping import ShippingOption, applicable_shipping_methods

ZERO = Decimal(0)
PRICE_FIELDS = [
    "unit_price_amount",
    "undiscounted_unit_price_amount",
    "total_price_amount",
    "undiscounted_total_price_amount",
]


def variant_listings(channel_id: int, variant_ids: Iterable[int]) -> dict[int, VariantListing]:
    return {
        listing.variant_id: listing
        for listing in VariantListing.objects.filter(
            channel_id=channel_id, variant_id__in=list(variant_ids)
        )
    }


def listing_prices(listing: VariantListing | None) -> tuple[Decimal, Decimal]:
    """(unit price, undiscounted unit price), as a checkout line is priced."""
    if listing is None or listing.price_amount is None:
        return ZERO, ZERO
    if listing.discounted_price_amount is not None:
        return listing.discounted_price_amount, listing.price_amount
    return listing.price_amount, listing.price_amount


def translated_names(
    language: str, variants: Iterable[ProductVariant]
) -> tuple[dict[int, str], dict[int, str]]:
    """Product and variant names in the order's language (none needed for zh-Hans)."""
    variants = list(variants)
    if language == "zh-hans" or not variants:
        return {}, {}
    products = dict(
        ProductTranslation.objects.filter(
            language_code=language, product_id__in={v.product_id for v in variants}
        ).values_list("product_id", "name")
    )
    names = dict(
        ProductVariantTranslation.objects.filter(
            language_code=language, product_variant_id__in={v.pk for v in variants}
        ).values_list("product_variant_id", "name")
    )
    return products, names


def _unit_weight(variant: ProductVariant | None) -> Decimal:
    if variant is None:
        return ZERO
    product = variant.product
    return variant.weight or product.weight or product.product_type.weight or ZERO


def draft_shipping_option(order: Order, *, weight: Decimal, subtotal: Decimal):
    """The draft's shipping method priced for its address, or None if it cannot deliver it."""
    address = order.shipping_address
    if order.shipping_method_id is None or address is None:
        return None
    options: list[ShippingOption] = applicable_shipping_methods(
        channel=order.channel,
        country_code=address.country,
        weight=weight,
        subtotal=subtotal,
        division=address.division_id,
    )
    return next((o for o in options if o.method.pk == order.shipping_method_id), None)


def draft_lines(order: Order) -> list[OrderLine]:
    return list(
        OrderLine.objects.filter(order=order).select_related("variant__product__product_type")
    )


def draft_totals_refresh(order: Order) -> list[OrderLine]:
    """Price the draft's lines and shipping afresh and save the totals; returns the lines."""
    lines = draft_lines(order)
    listings = variant_listings(order.channel_id, {line.variant_id for line in lines})
    changed = []
    for line in lines:
        unit, undiscounted = listing_prices(listings.get(line.variant_id))
        prices = (unit, undiscounted, unit * line.quantity, undiscounted * line.quantity)
        if tuple(getattr(line, name) for name in PRICE_FIELDS) != prices:
            for name, value in zip(PRICE_FIELDS, prices, strict=True):
                setattr(line, name, value)
            changed.append(line)
    if changed:
        OrderLine.objects.bulk_update(changed, PRICE_FIELDS)
    subtotal = sum((line.total_price_amount for line in lines), ZERO)
    undiscounted = sum((line.undiscounted_total_price_amount for line in lines), ZERO)
    weight = sum((_unit_weight(line.variant) * line.quantity for line in lines), ZERO)
    option = None
    if any(line.is_shipping_required for line in lines):
        option = draft_shipping_option(order, weight=weight, subtotal=subtotal)
    shipping = option.price if option else ZERO
    order.subtotal_amount = subtotal
    order.shipping_price_amount = shipping
    order.total_amount = subtotal + shipping
    order.undiscounted_total_amount = undiscounted + shipping
    order.weight = weight
    order.shipping_method_name = order.shipping_method.name if order.shipping_method_id else ""
    order.save(
        update_fields=[
            "subtotal_amount",
            "shipping_price_amount",
            "total_amount",
            "undiscounted_total_amount",
            "weight",
            "shipping_method_name",
            "updated_at",
        ]
    )
    return lines
