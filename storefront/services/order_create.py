"""Turning a checkout into an order: numbers, copied addresses, lines with frozen prices."""

import secrets

from django.db import connection
from django.db.models import F

from catalog.models import ProductTranslation, ProductVariantTranslation
from storefront.models import Order, OrderLine, OrderNumber, OrderStatus
from storefront.selectors.checkout import CheckoutInfo

ORDER_NUMBER_SEQUENCE = "storefront_order_number_seq"


def next_order_number() -> int:
    """The next display number: a sequence on PostgreSQL, a counter row elsewhere."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(%s)", [ORDER_NUMBER_SEQUENCE])
            return cursor.fetchone()[0]
    OrderNumber.objects.get_or_create(pk=1)
    OrderNumber.objects.filter(pk=1).update(last_number=F("last_number") + 1)
    return OrderNumber.objects.values_list("last_number", flat=True).get(pk=1)


def _translations(info: CheckoutInfo, language: str) -> tuple[dict, dict]:
    if language == "zh-hans" or not info.lines:
        return {}, {}
    products = dict(
        ProductTranslation.objects.filter(
            language_code=language, product_id__in={i.product.pk for i in info.lines}
        ).values_list("product_id", "name")
    )
    variants = dict(
        ProductVariantTranslation.objects.filter(
            language_code=language, product_variant_id__in={i.variant.pk for i in info.lines}
        ).values_list("product_variant_id", "name")
    )
    return products, variants


def pickup_code() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def order_create_from_checkout_info(
    *, info: CheckoutInfo, user, email: str
) -> tuple[Order, list[OrderLine]]:
    """Create the order and its lines (no stock, no payments: the caller does those)."""
    checkout = info.checkout
    shipping_option = info.shipping_option if info.is_shipping_required else None
    collection_point = info.collection_point
    order = Order.objects.create(
        number=next_order_number(),
        status=OrderStatus.UNFULFILLED,
        user=user if user is not None and user.is_authenticated else None,
        user_email=email,
        language_code=checkout.language_code,
        channel=info.channel,
        currency=info.currency,
        # The checkout's own address rows (copied from the address book when set) pass to
        # the order, since the checkout is deleted once completed.
        billing_address_id=checkout.billing_address_id,
        shipping_address_id=checkout.shipping_address_id if shipping_option else None,
        shipping_method=shipping_option.method if shipping_option else None,
        shipping_method_name=shipping_option.method.name if shipping_option else "",
        collection_point=collection_point,
        collection_point_name=collection_point.name if collection_point else "",
        shipping_price_amount=info.shipping_price,
        subtotal_amount=info.subtotal,
        total_amount=info.total,
        undiscounted_total_amount=info.undiscounted_subtotal + info.shipping_price,
        weight=info.weight,
        customer_note=checkout.customer_note,
        checkout_token=str(checkout.token),
        pickup_code=pickup_code() if collection_point else "",
        metadata=checkout.metadata,
        private_metadata=checkout.private_metadata,
    )
    product_names, variant_names = _translations(info, checkout.language_code)
    lines = [
        OrderLine(
            order=order,
            variant=line.variant,
            product_name=line.product.name,
            variant_name=line.variant.name,
            translated_product_name=product_names.get(line.product.pk) or "",
            translated_variant_name=variant_names.get(line.variant.pk) or "",
            product_sku=line.variant.sku,
            product_variant_id=str(line.variant.pk),
            is_shipping_required=line.requires_shipping,
            quantity=line.line.quantity,
            currency=info.currency,
            unit_price_amount=line.unit_price,
            undiscounted_unit_price_amount=line.undiscounted_unit_price,
            total_price_amount=line.total_price,
            undiscounted_total_price_amount=line.undiscounted_total_price,
        )
        for line in info.lines
    ]
    OrderLine.objects.bulk_create(lines)
    return order, lines
