"""Where a checkout goes: its shipping and billing addresses, and how it is delivered (a
shipping method, or a warehouse the shopper collects from), with Saleor's rules.

A checkout owns its address rows: an address given to it is copied into a new row, and the row
it replaces is deleted. Choosing a collection point sets the shipping address to a copy of the
warehouse's address, which then cannot be changed by hand until the collection point goes.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from catalog.models import Warehouse
from infra.errors import FieldError, ValidationFailed
from infra.ids import to_global_id
from storefront.error_codes import CheckoutErrorCode
from storefront.models import Address, Checkout, CheckoutLine, ShippingMethod
from storefront.selectors.checkout import (
    CheckoutInfo,
    checkout_info_keep,
    checkouts_for_read,
    collection_points,
    fetch_checkout_info,
    shipping_listing,
)
from storefront.services.checkout_validation import (
    BILLING,
    SHIPPING,
    address_from_input,
    lines_quantity_check,
    reservations_refresh,
)

DOES_NOT_SHIP = "This checkout doesn't need shipping"
CC_ADDRESS_CHANGE_FORBIDDEN = (
    "Can't change shipping address manually. "
    "For click and collect delivery, address is set to a warehouse address."
)
NO_SHIPPING_ADDRESS = "Cannot choose a shipping method for a checkout without the shipping address."


def checkout_lock(checkout: Checkout) -> Checkout:
    """The checkout re-read under a row lock, so concurrent writes to it queue up."""
    locked = checkouts_for_read().select_for_update(of=("self",)).filter(pk=checkout.pk).first()
    if locked is None:
        raise ValidationFailed.single(
            "id",
            CheckoutErrorCode.NOT_FOUND,
            f"Couldn't resolve to a node: {to_global_id('Checkout', checkout.pk)}",
        )
    return locked


def _delete_addresses(*addresses: Address | None) -> None:
    pks = [address.pk for address in addresses if address is not None and address.pk]
    if pks:
        Address.objects.filter(pk__in=pks).delete()


def _warehouse_address(warehouse: Warehouse) -> Address:
    return Address.objects.create(
        company_name=warehouse.company_name or warehouse.name,
        street_address_1=warehouse.street_address_1,
        street_address_2=warehouse.street_address_2,
        city=warehouse.city,
        city_area=warehouse.city_area,
        postal_code=warehouse.postal_code,
        country=warehouse.country,
        country_area=warehouse.country_area,
        phone=warehouse.phone,
        division_id=warehouse.division_id,
    )


def _drop_collection_point(checkout: Checkout) -> list[Address]:
    """Forget the collection point and the warehouse address it put on the checkout."""
    if checkout.collection_point_id is None:
        return []
    dropped = [checkout.shipping_address]
    checkout.collection_point = None
    checkout.shipping_address = None
    return dropped


def delivery_invalidate(checkout: Checkout) -> list[Address]:
    """Clear a delivery method the checkout's lines or address no longer allow (Saleor's
    legacy flow); returns the address rows that became orphans, to delete once saved."""
    if checkout.shipping_method_id is None and checkout.collection_point_id is None:
        return []
    info = fetch_checkout_info(checkout)
    if checkout.shipping_method_id is not None and (
        not info.is_shipping_required or info.shipping_option is None
    ):
        checkout.shipping_method = None
    if checkout.collection_point_id is not None and (
        not info.is_shipping_required
        or checkout.collection_point_id not in {w.pk for w in collection_points(info)}
    ):
        return _drop_collection_point(checkout)
    return []


def _line_totals(checkout: Checkout) -> tuple[dict, dict[int, int]]:
    variants, totals = {}, {}
    for line in CheckoutLine.objects.filter(checkout=checkout).select_related("variant"):
        variants[line.variant_id] = line.variant
        totals[line.variant_id] = totals.get(line.variant_id, 0) + line.quantity
    return variants, totals


@transaction.atomic
def checkout_shipping_address_update(
    *, checkout: Checkout, data: Mapping[str, Any], rules: Mapping[str, Any] | None = None
) -> Checkout:
    """Copy the address onto the checkout; the lines must still be in stock for the new
    destination, and a shipping method that does not deliver there is cleared."""
    checkout = checkout_lock(checkout)
    if checkout.collection_point_id is not None:
        raise ValidationFailed.single(
            "shippingAddress",
            CheckoutErrorCode.SHIPPING_CHANGE_FORBIDDEN,
            CC_ADDRESS_CHANGE_FORBIDDEN,
        )
    address = address_from_input(data, address_type=SHIPPING, rules=rules)
    variants, totals = _line_totals(checkout)
    lines_quantity_check(
        channel=checkout.channel,
        country_code=address.country,
        variants=variants,
        totals=totals,
        checkout=checkout,
        user_id=checkout.user_id,
        email=checkout.email,
    )
    address.save()
    replaced = checkout.shipping_address
    checkout.shipping_address = address
    checkout.country = address.country
    orphans = delivery_invalidate(checkout)
    checkout.save()
    _delete_addresses(replaced, *orphans)
    reservations_refresh(checkout)
    return checkout


@transaction.atomic
def checkout_billing_address_update(
    *, checkout: Checkout, data: Mapping[str, Any], rules: Mapping[str, Any] | None = None
) -> Checkout:
    checkout = checkout_lock(checkout)
    address = address_from_input(data, address_type=BILLING, rules=rules)
    address.save()
    replaced = checkout.billing_address
    checkout.billing_address = address
    checkout.save()
    _delete_addresses(replaced)
    return checkout


@dataclass(frozen=True)
class DeliveryErrors:
    """Where errors go: checkoutDeliveryMethodUpdate and the deprecated
    checkoutShippingMethodUpdate name fields and codes differently."""

    method_field: str
    not_required_field: str
    not_applicable: CheckoutErrorCode
    # Only checkoutDeliveryMethodUpdate refuses checkouts with lines no longer sold.
    check_lines: bool = False


DELIVERY_METHOD_ERRORS = DeliveryErrors(
    method_field="deliveryMethodId",
    not_required_field="deliveryMethod",
    not_applicable=CheckoutErrorCode.DELIVERY_METHOD_NOT_APPLICABLE,
    check_lines=True,
)
SHIPPING_METHOD_ERRORS = DeliveryErrors(
    method_field="shippingMethod",
    not_required_field="shippingMethod",
    not_applicable=CheckoutErrorCode.SHIPPING_METHOD_NOT_APPLICABLE,
)


def _unavailable_lines_check(info: CheckoutInfo) -> None:
    unavailable = sorted(
        {
            line.variant.pk
            for line in info.lines
            if line.variant_listing is None or line.variant_listing.price_amount is None
        }
    )
    if unavailable:
        raise ValidationFailed(
            [
                FieldError(
                    "lines",
                    CheckoutErrorCode.UNAVAILABLE_VARIANT_IN_CHANNEL.value,
                    "Some of the checkout lines variants are unavailable.",
                    extra={"variants": [to_global_id("ProductVariant", pk) for pk in unavailable]},
                )
            ]
        )


def _shipping_method_check(
    info: CheckoutInfo, method: ShippingMethod, errors: DeliveryErrors
) -> None:
    if shipping_listing(method.pk, info.channel) is None:
        raise ValidationFailed.single(
            errors.method_field,
            errors.not_applicable,
            "This shipping method is not applicable in the given channel.",
        )
    if info.checkout.shipping_address is None:
        raise ValidationFailed.single(
            None, CheckoutErrorCode.SHIPPING_ADDRESS_NOT_SET, NO_SHIPPING_ADDRESS
        )
    if all(option.method.pk != method.pk for option in info.shipping_options):
        raise ValidationFailed.single(
            errors.method_field, errors.not_applicable, "This shipping method is not applicable."
        )


@transaction.atomic
def checkout_delivery_method_update(
    *,
    checkout: Checkout,
    method: ShippingMethod | Warehouse | None,
    errors: DeliveryErrors = DELIVERY_METHOD_ERRORS,
) -> Checkout:
    """Ship with a method that delivers to the checkout's address, collect from a warehouse
    that can hand over every line, or (None) choose nothing."""
    checkout = checkout_lock(checkout)
    info = fetch_checkout_info(checkout)
    if errors.check_lines:
        _unavailable_lines_check(info)
    if not info.is_shipping_required:
        raise ValidationFailed.single(
            errors.not_required_field, CheckoutErrorCode.SHIPPING_NOT_REQUIRED, DOES_NOT_SHIP
        )
    orphans: list[Address | None] = []
    if method is None:
        checkout.shipping_method = None
        orphans = _drop_collection_point(checkout)
    elif isinstance(method, ShippingMethod):
        _shipping_method_check(info, method, errors)
        orphans = _drop_collection_point(checkout)
        checkout.shipping_method = method
    else:
        if method.pk not in {w.pk for w in collection_points(info)}:
            raise ValidationFailed.single(
                errors.method_field,
                errors.not_applicable,
                "This pick up point is not applicable.",
            )
        if checkout.collection_point_id != method.pk:
            orphans = [checkout.shipping_address]
            checkout.shipping_address = _warehouse_address(method)
        checkout.shipping_method = None
        checkout.collection_point = method
    checkout.save()
    if isinstance(method, ShippingMethod) and not orphans:
        checkout_info_keep(checkout, info)
    _delete_addresses(*orphans)
    reservations_refresh(checkout)
    return checkout
