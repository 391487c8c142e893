"""Checks shared by the checkout writes: can these variants be bought in the channel, in these
quantities, for this customer and delivery; and addresses cleaned with the field's type.

Each check raises `ValidationFailed` with Saleor's CheckoutError codes and messages.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils import timezone

from catalog.addresses import address_clean
from catalog.models import Channel, ProductChannelListing, ProductVariant, Warehouse
from catalog.models import ProductVariantChannelListing as VariantListing
from catalog.selectors.variants import checkout_quantity_limit
from infra.errors import FieldError, ValidationFailed
from infra.ids import to_global_id
from storefront.error_codes import CheckoutErrorCode
from storefront.models import Address, Checkout
from storefront.selectors.checkout import CheckoutInfo, ordered_quantities
from storefront.services.stock import (
    InsufficientStock,
    checkout_reservations_update,
    stock_check_lines,
)

SHIPPING = "SHIPPING"
BILLING = "BILLING"


def variant_ids_global(pks: Iterable[int]) -> list[str]:
    return [to_global_id("ProductVariant", pk) for pk in sorted(pks)]


def _lines_error(code: CheckoutErrorCode, message: str, pks: set[int]) -> ValidationFailed:
    return ValidationFailed(
        [FieldError("lines", code.value, message, extra={"variants": variant_ids_global(pks)})]
    )


def variants_availability_check(
    *, channel: Channel, variants: Mapping[int, ProductVariant]
) -> None:
    """Saleor's three checks, in its order: available for purchase, priced in the channel,
    published there."""
    if not variants:
        return
    listings = {
        listing.product_id: listing
        for listing in ProductChannelListing.objects.filter(
            channel=channel, product_id__in={v.product_id for v in variants.values()}
        )
    }
    priced = set(
        VariantListing.objects.filter(
            channel=channel, variant_id__in=list(variants), price_amount__isnull=False
        ).values_list("variant_id", flat=True)
    )
    _availability_check(
        {pk: listings.get(variant.product_id) for pk, variant in variants.items()}, priced
    )


def lines_availability_check(info: CheckoutInfo) -> None:
    """The same checks on a checkout's lines, from the listings already read with them."""
    _availability_check(
        {line.variant.pk: line.product_listing for line in info.lines},
        {
            line.variant.pk
            for line in info.lines
            if line.variant_listing is not None and line.variant_listing.price_amount is not None
        },
    )


def _availability_check(
    product_listings: Mapping[int, ProductChannelListing | None], priced: set[int]
) -> None:
    now = timezone.now()
    unavailable = {
        pk
        for pk, listing in product_listings.items()
        if listing is None or not listing.is_available_for_purchase(now)
    }
    if unavailable:
        raise _lines_error(
            CheckoutErrorCode.PRODUCT_UNAVAILABLE_FOR_PURCHASE,
            "Cannot add lines for unavailable for purchase variants.",
            unavailable,
        )
    if set(product_listings) - priced:
        raise _lines_error(
            CheckoutErrorCode.UNAVAILABLE_VARIANT_IN_CHANNEL,
            "Cannot add lines with unavailable variants.",
            set(product_listings) - priced,
        )
    unpublished = {pk for pk, listing in product_listings.items() if not listing.is_visible(now)}
    if unpublished:
        raise _lines_error(
            CheckoutErrorCode.PRODUCT_NOT_PUBLISHED,
            "Cannot add lines for unpublished variants.",
            unpublished,
        )


def quantities_positive_check(quantities: Iterable[int], *, allow_zero: bool = False) -> None:
    for quantity in quantities:
        if quantity < 0 or (quantity == 0 and not allow_zero):
            message = (
                "The quantity should be higher or equal zero."
                if allow_zero
                else "The quantity should be higher than zero."
            )
            raise ValidationFailed.single("quantity", CheckoutErrorCode.ZERO_QUANTITY, message)


def _limits_check(
    *,
    variants: Mapping[int, ProductVariant],
    totals: Mapping[int, int],
    user_id: int | None,
    email: str | None,
) -> None:
    """A variant's own per-customer limit counts what the customer already ordered; without
    one, the shop's per-checkout limit applies (Saleor: one replaces the other)."""
    limited = [pk for pk in totals if variants[pk].quantity_limit_per_customer]
    ordered = ordered_quantities(user_id=user_id, email=email, variant_ids=limited)
    shop_limit = checkout_quantity_limit()
    for pk, quantity in totals.items():
        variant = variants[pk]
        if variant.quantity_limit_per_customer:
            allowed = max(variant.quantity_limit_per_customer - ordered.get(pk, 0), 0)
        else:
            allowed = shop_limit
        if allowed is not None and quantity > allowed:
            raise ValidationFailed.single(
                "quantity",
                CheckoutErrorCode.QUANTITY_GREATER_THAN_LIMIT,
                f"Cannot add more than {allowed} times this item: {variant}.",
            )


def insufficient_stock_failure(error: InsufficientStock) -> ValidationFailed:
    return ValidationFailed(
        FieldError(
            "quantity",
            CheckoutErrorCode.INSUFFICIENT_STOCK.value,
            f"Could not add items {item.variant}. "
            f"Only {max(item.available, 0)} remaining in stock.",
            extra={"variants": [to_global_id("ProductVariant", item.variant.pk)]},
        )
        for item in error.items
    )


def lines_quantity_check(
    *,
    channel: Channel,
    country_code: str,
    variants: Mapping[int, ProductVariant],
    totals: Mapping[int, int],
    checkout: Checkout | None = None,
    collection_point: Warehouse | None = None,
    user_id: int | None = None,
    email: str | None = None,
) -> None:
    """The checkout would hold `totals` units of each variant (by pk): within the limits and
    the stock that serves this delivery."""
    totals = {pk: quantity for pk, quantity in totals.items() if quantity > 0}
    if not totals:
        return
    _limits_check(variants=variants, totals=totals, user_id=user_id, email=email)
    try:
        stock_check_lines(
            channel=channel,
            country_code=country_code,
            quantities=totals,
            collection_point=collection_point,
            checkout=checkout,
            variants=variants,
        )
    except InsufficientStock as error:
        raise insufficient_stock_failure(error) from None


def checkout_country(checkout: Checkout) -> str:
    address = checkout.shipping_address
    return address.country if address is not None else checkout.country


def reservations_refresh(checkout: Checkout) -> None:
    """Re-hold the lines' stock for the checkout's delivery (a no-op when reservations are
    off); another buyer holding the stock first is INSUFFICIENT_STOCK."""
    try:
        checkout_reservations_update(checkout=checkout)
    except InsufficientStock as error:
        raise insufficient_stock_failure(error) from None


ADDRESS_RULES = (
    "check_required_fields",
    "check_fields_format",
    "enable_fields_normalization",
)


def address_from_input(
    data: Mapping[str, Any], *, address_type: str, rules: Mapping[str, Any] | None = None
) -> Address:
    """A new, unsaved Address from AddressInput (snake_case keys); errors name the field and
    carry `address_type` as Saleor's CheckoutError does."""
    for rule in ADDRESS_RULES:
        if (rules or {}).get(rule) is False:
            camel = "".join(part.title() if i else part for i, part in enumerate(rule.split("_")))
            raise ValidationFailed.single(
                "validationRules",
                CheckoutErrorCode.INVALID,
                f"Input field `{camel}` set to false is not supported.",
            )
    if data.get("skip_validation"):
        raise ValidationFailed.single(
            "skipValidation",
            CheckoutErrorCode.INVALID,
            "Input field `skipValidation` is not supported.",
        )
    try:
        cleaned = address_clean(data)
    except ValidationFailed as failure:
        raise ValidationFailed(
            FieldError(e.field, e.code, e.message, extra={**e.extra, "address_type": address_type})
            for e in failure.errors
        ) from None
    address = Address(**cleaned)
    address.metadata = {str(item["key"]): str(item["value"]) for item in data.get("metadata") or []}
    return address
