"""Lines of a draft order (Saleor's orderLinesCreate, orderLineUpdate, orderLineDelete on
drafts): checked against the channel, merged by variant unless a new line is forced, recorded
in the order's history as products added or removed."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from catalog.models import Channel, ProductChannelListing, ProductVariant
from infra.errors import FieldError, ValidationFailed
from infra.ids import to_global_id
from storefront.models import Order, OrderEvents, OrderLine, OrderStatus
from storefront.services.checkout_lines import variants_by_pk
from storefront.services.draft_orders_errors import DraftOrderErrorCode as Code
from storefront.services.draft_orders_pricing import (
    draft_lines,
    draft_totals_refresh,
    translated_names,
    variant_listings,
)
from storefront.services.order_events import order_event_record
from storefront.services.orders import order_lock

DRAFT_CREATED = OrderEvents.DRAFT_CREATED
ADDED_PRODUCTS = OrderEvents.ADDED_PRODUCTS
REMOVED_PRODUCTS = OrderEvents.REMOVED_PRODUCTS
PLACED_FROM_DRAFT = OrderEvents.PLACED_FROM_DRAFT


@dataclass(frozen=True)
class DraftLineInput:
    """One OrderLineCreateInput with its variant ID decoded."""

    variant_id: int
    quantity: int
    force_new_line: bool = False


def draft_editable_check(order: Order) -> None:
    if order.status != OrderStatus.DRAFT:
        raise ValidationFailed.single("id", Code.NOT_EDITABLE, "Only draft orders can be edited.")


def _variants_error(code: Code, message: str, variants: Sequence[ProductVariant]) -> FieldError:
    ids = [to_global_id("ProductVariant", v.pk) for v in sorted(variants, key=lambda v: v.pk)]
    return FieldError("lines", code.value, message, extra={"variants": ids})


def variants_in_channel_check(*, channel: Channel, variants: Sequence[ProductVariant]) -> None:
    """Saleor's draft checks: published in the channel, priced there; dated products (tours,
    rooms) need a slot, which only a checkout can choose."""
    now = timezone.now()
    listings = {
        listing.product_id: listing
        for listing in ProductChannelListing.objects.filter(
            channel=channel, product_id__in={v.product_id for v in variants}
        )
    }
    unpublished = [
        v
        for v in variants
        if listings.get(v.product_id) is None or not listings[v.product_id].is_visible(now)
    ]
    if unpublished:
        raise ValidationFailed(
            [
                _variants_error(
                    Code.PRODUCT_NOT_PUBLISHED,
                    "Can't add product variant that are not published in the channel "
                    "associated with this draft order.",
                    unpublished,
                )
            ]
        )
    priced = variant_listings(channel.pk, [v.pk for v in variants])
    unpriced = [v for v in variants if getattr(priced.get(v.pk), "price_amount", None) is None]
    if unpriced:
        raise ValidationFailed(
            [
                _variants_error(
                    Code.NOT_AVAILABLE_IN_CHANNEL,
                    "Can't add product variant that are don't have price in the channel "
                    "associated with this draft order.",
                    unpriced,
                )
            ]
        )
    dated = [v for v in variants if v.product.product_type.booking_unit]
    if dated:
        raise ValidationFailed(
            [
                _variants_error(
                    Code.INVALID,
                    "Bookable variants need a date: order them through a checkout.",
                    dated,
                )
            ]
        )


def quantity_positive_check(quantity: int) -> None:
    if quantity <= 0:
        raise ValidationFailed.single(
            "quantity", Code.ZERO_QUANTITY, "Ensure this value is greater than 0."
        )


def _line_entry(line: OrderLine, quantity: int) -> dict:
    item = f"{line.product_name} ({line.variant_name})" if line.variant_name else line.product_name
    return {"quantity": quantity, "line_pk": str(line.pk), "item": item}


def draft_lines_write(
    *, order: Order, lines: Sequence[DraftLineInput], user: Any = None, app: Any = None
) -> list[OrderLine]:
    """Add `lines` to the locked draft `order` (no totals): a variant already on the draft
    goes into its line unless a new line is forced. Returns the lines added or grown."""
    if not lines:
        return []
    for item in lines:
        quantity_positive_check(item.quantity)
    variants = variants_by_pk([item.variant_id for item in lines], field_name="variants")
    variants_in_channel_check(channel=order.channel, variants=list(variants.values()))
    existing: dict[int, OrderLine] = {}
    for line in draft_lines(order):
        existing.setdefault(line.variant_id, line)
    product_names, variant_names = translated_names(order.language_code, variants.values())
    grown: dict[Any, OrderLine] = {}
    added: list[tuple[OrderLine, int]] = []
    for item in lines:
        variant = variants[item.variant_id]
        line = None if item.force_new_line else existing.get(variant.pk)
        if line is None:
            line = OrderLine.objects.create(
                order=order,
                variant=variant,
                product_name=variant.product.name,
                variant_name=variant.name,
                translated_product_name=product_names.get(variant.product_id) or "",
                translated_variant_name=variant_names.get(variant.pk) or "",
                product_sku=variant.sku,
                product_variant_id=str(variant.pk),
                is_shipping_required=variant.product.product_type.is_shipping_required,
                quantity=item.quantity,
                currency=order.currency,
                unit_price_amount=0,
                undiscounted_unit_price_amount=0,
                total_price_amount=0,
                undiscounted_total_price_amount=0,
            )
            if not item.force_new_line:
                existing[variant.pk] = line
        else:
            line.quantity += item.quantity
            line.save(update_fields=["quantity"])
        grown[line.pk] = line
        added.append((line, item.quantity))
    order_event_record(
        order=order,
        type=ADDED_PRODUCTS,
        user=user,
        app=app,
        lines=[_line_entry(line, quantity) for line, quantity in added],
    )
    return list(grown.values())


def draft_order_lines_add(
    *, order: Order, lines: Sequence[DraftLineInput], user: Any = None, app: Any = None
) -> tuple[Order, list[OrderLine]]:
    """orderLinesCreate on a draft: the draft with its new totals, and the lines touched."""
    with transaction.atomic():
        order = order_lock(order)
        draft_editable_check(order)
        if not lines:
            raise ValidationFailed.single(
                "input", Code.REQUIRED, "Could not create order line with empty input."
            )
        touched = draft_lines_write(order=order, lines=lines, user=user, app=app)
        priced = {line.pk: line for line in draft_totals_refresh(order)}
    return order, [priced.get(line.pk, line) for line in touched]


def _locked_line(line: OrderLine) -> tuple[Order, OrderLine]:
    order = order_lock(line.order)
    draft_editable_check(order)
    return order, OrderLine.objects.select_for_update().get(pk=line.pk)


def draft_order_line_update(
    *, line: OrderLine, quantity: int, user: Any = None, app: Any = None
) -> tuple[Order, OrderLine]:
    """orderLineUpdate on a draft: set the line's quantity."""
    quantity_positive_check(quantity)
    with transaction.atomic():
        order, line = _locked_line(line)
        difference = quantity - line.quantity
        if difference:
            line.quantity = quantity
            line.save(update_fields=["quantity"])
            order_event_record(
                order=order,
                type=ADDED_PRODUCTS if difference > 0 else REMOVED_PRODUCTS,
                user=user,
                app=app,
                lines=[_line_entry(line, abs(difference))],
            )
        priced = {row.pk: row for row in draft_totals_refresh(order)}
    return order, priced.get(line.pk, line)


def draft_order_line_delete(
    *, line: OrderLine, user: Any = None, app: Any = None
) -> tuple[Order, OrderLine]:
    """orderLineDelete on a draft; the deleted line keeps its ID for the answer."""
    with transaction.atomic():
        order, line = _locked_line(line)
        line_pk = line.pk
        order_event_record(
            order=order,
            type=REMOVED_PRODUCTS,
            user=user,
            app=app,
            lines=[_line_entry(line, line.quantity)],
        )
        line.delete()
        line.pk = line_pk
        draft_totals_refresh(order)
    return order, line
