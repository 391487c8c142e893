"""The border rules inside the checkout: what may be bought through a port, and what an order
of a border channel records. Both are called from the storefront's checkout services and do
nothing for other channels (one indexed query).

- Lines (added, raised, and again at completion): a variant needs a listing in the channel,
  its category must be exportable, and the listing's port must be open now.
- Completion: the goods are counted against the named resident's daily allowance under a
  row lock, and the order's declaration is recorded and made after commit.
"""

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from django.utils import timezone

from catalog.models import Product, ProductVariant
from infra.errors import FieldError, ValidationFailed
from infra.ids import to_global_id
from storefront.border.error_codes import BorderErrorCode
from storefront.border.models import BorderCheckout, BorderListing
from storefront.border.selectors import (
    border_channel_of,
    export_restrictions,
    listings_by_variant,
    port_closed_message,
)
from storefront.border.services.declarations import border_declaration_create
from storefront.border.services.quota import border_quota_consume
from storefront.error_codes import CheckoutErrorCode
from storefront.models import Order, OrderLine

if TYPE_CHECKING:
    from storefront.selectors.checkout import CheckoutInfo


def _error(code: CheckoutErrorCode, border_code: BorderErrorCode, message: str, variant_ids):
    return FieldError(
        "lines",
        code.value,
        message,
        extra={
            "border_code": border_code.value,
            "variants": [to_global_id("ProductVariant", pk) for pk in variant_ids],
        },
    )


def _line_errors(products: Mapping[int, Product], listings: Mapping[int, BorderListing]) -> list:
    """Errors for variants (pk → their product; their listings by variant pk) that the
    channel cannot sell now."""
    unlisted = [pk for pk in products if pk not in listings]
    errors = []
    if unlisted:
        errors.append(
            _error(
                CheckoutErrorCode.UNAVAILABLE_VARIANT_IN_CHANNEL,
                BorderErrorCode.BORDER_NOT_LISTED,
                "These variants are not listed for export in this border channel.",
                unlisted,
            )
        )
    restricted = export_restrictions(products[pk] for pk in listings)
    for slug in sorted({slug for slug, _reason in restricted.values()}):
        errors.append(
            _error(
                CheckoutErrorCode.PRODUCT_UNAVAILABLE_FOR_PURCHASE,
                BorderErrorCode.BORDER_NOT_EXPORTABLE,
                f"Products of category '{slug}' may not be exported through a border port.",
                [pk for pk in listings if restricted.get(products[pk].pk, ("",))[0] == slug],
            )
        )
    now = timezone.now()
    ports = {listing.port_id: listing.port for listing in listings.values()}
    for port_id, port in sorted(ports.items()):
        message = port_closed_message(port, now)
        if message is not None:
            errors.append(
                _error(
                    CheckoutErrorCode.PRODUCT_UNAVAILABLE_FOR_PURCHASE,
                    BorderErrorCode.BORDER_PORT_CLOSED,
                    message,
                    [pk for pk, listing in listings.items() if listing.port_id == port_id],
                )
            )
    return errors


def border_lines_check(*, channel_id: int, variants: Mapping[int, ProductVariant]) -> None:
    """Refuse variants a border channel cannot sell now (no-op in other channels)."""
    if not variants:
        return
    border_channel = border_channel_of(channel_id)
    if border_channel is None:
        return
    products = {pk: variant.product for pk, variant in variants.items()}
    errors = _line_errors(products, listings_by_variant(border_channel, products))
    if errors:
        raise ValidationFailed(errors)


def border_order_place(
    *, order: Order, order_lines: Iterable[OrderLine], info: "CheckoutInfo"
) -> None:
    """At checkoutComplete, inside its transaction: check the lines again, charge the
    resident's allowance and record the declaration (no-op in other channels)."""
    border_channel = border_channel_of(info.channel.pk)
    if border_channel is None:
        return
    products = {line.variant.pk: line.product for line in info.lines}
    listings = listings_by_variant(border_channel, products)
    errors = _line_errors(products, listings)
    if errors:
        raise ValidationFailed(errors)
    named = (
        BorderCheckout.objects.select_related("resident")
        .filter(checkout_id=info.checkout.pk)
        .first()
    )
    resident = named.resident if named is not None else None
    day = timezone.localdate()
    goods = info.subtotal
    if resident is not None:
        border_quota_consume(resident=resident, day=day, amount=goods)
    border_declaration_create(
        order=order,
        order_lines=list(order_lines),
        info=info,
        border_channel=border_channel,
        listings=listings,
        resident=resident,
        day=day,
        quota_amount=goods if resident is not None else 0,
    )
