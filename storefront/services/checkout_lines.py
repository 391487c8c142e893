"""Checkout lines: add, update, delete, with Saleor's rules.

A variant added again goes into the line that already holds it (unless the input forces a new
line, or it is already split over several lines). Every change is checked against
availability in the channel, the quantity limits and the stock serving the checkout's
delivery; afterwards the stock reservations are renewed and a delivery method the new lines no
longer allow is cleared.
"""

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.db import transaction

from catalog.models import BookingSlot, ProductVariant
from infra.errors import FieldError, ValidationFailed
from infra.ids import to_global_id
from storefront.border.services.checkout import border_lines_check
from storefront.error_codes import CheckoutErrorCode
from storefront.models import Address, Checkout, CheckoutLine
from storefront.services.booking_holds import (
    booking_holds_refresh,
    booking_line_check,
    booking_slots_by_pk,
)
from storefront.services.checkout_delivery import checkout_lock, delivery_invalidate
from storefront.services.checkout_validation import (
    checkout_country,
    lines_quantity_check,
    quantities_positive_check,
    reservations_refresh,
    variants_availability_check,
)


@dataclass
class LineInput:
    """One CheckoutLineInput (or CheckoutLineUpdateInput) with its IDs decoded."""

    variant_id: int | None = None
    quantity: int | None = None
    line_id: uuid.UUID | None = None
    force_new_line: bool = False
    metadata: dict[str, str] = field(default_factory=dict)
    booking_slot_id: int | None = None


@dataclass
class LineChange:
    """What one existing line (or a new one, `line` None) becomes."""

    variant: ProductVariant
    line: CheckoutLine | None = None
    quantity: int = 0
    quantity_given: bool = False
    metadata: dict[str, str] = field(default_factory=dict)
    booking_slot: BookingSlot | None = None

    @property
    def booking_slot_id(self) -> int | None:
        if self.booking_slot is not None:
            return self.booking_slot.pk
        return self.line.booking_slot_id if self.line is not None else None


def variants_by_pk(pks: Iterable[int], *, field_name: str = "variantId") -> dict:
    """Variants by pk; unknown ones are Saleor's GRAPHQL_ERROR naming their global IDs."""
    pks = list(dict.fromkeys(pks))
    found = ProductVariant.objects.select_related("product__product_type").in_bulk(pks)
    missing = [to_global_id("ProductVariant", pk) for pk in pks if pk not in found]
    if missing:
        raise ValidationFailed.single(
            field_name,
            CheckoutErrorCode.GRAPHQL_ERROR,
            f"Could not resolve to a node with the global id list of '{missing}'.",
        )
    return found


def _existing(checkout: Checkout) -> list[CheckoutLine]:
    return list(
        CheckoutLine.objects.filter(checkout=checkout).select_related(
            "variant__product__product_type"
        )
    )


def line_totals(lines: Iterable[CheckoutLine], changes: Iterable[LineChange]) -> dict[int, int]:
    """Units per variant once `changes` are applied to `lines`."""
    changed = {change.line.pk for change in changes if change.line is not None}
    totals: dict[int, int] = defaultdict(int)
    for line in lines:
        if line.pk not in changed:
            totals[line.variant_id] += line.quantity
    for change in changes:
        totals[change.variant.pk] += change.quantity
    return dict(totals)


def lines_write(checkout: Checkout, changes: Sequence[LineChange]) -> None:
    new_lines, updated, deleted = [], [], []
    for change in changes:
        line = change.line
        if line is None:
            if change.quantity > 0:
                new_lines.append(
                    CheckoutLine(
                        checkout=checkout,
                        variant=change.variant,
                        quantity=change.quantity,
                        metadata=change.metadata,
                        booking_slot=change.booking_slot,
                    )
                )
            continue
        if change.quantity_given and change.quantity == 0:
            deleted.append(line.pk)
            continue
        if change.quantity_given:
            line.quantity = change.quantity
        if change.metadata:
            line.metadata = {**(line.metadata or {}), **change.metadata}
        updated.append(line)
    if deleted:
        CheckoutLine.objects.filter(pk__in=deleted).delete()
    if updated:
        CheckoutLine.objects.bulk_update(updated, ["quantity", "metadata"])
    for line in new_lines:
        # One by one: lines are listed by creation time, which a bulk insert could tie.
        line.save(force_insert=True)


def _after_lines_change(checkout: Checkout, *, dated: bool = False) -> Checkout:
    orphans = delivery_invalidate(checkout)
    checkout.save()
    Address.objects.filter(pk__in=[a.pk for a in orphans if a is not None]).delete()
    reservations_refresh(checkout)
    if dated:
        booking_holds_refresh(checkout)
    return checkout


def lines_dated(changes: Iterable[LineChange]) -> bool:
    """Whether any change touches a line booked by date (its holds then need renewing)."""
    return any(change.booking_slot_id is not None for change in changes)


def booking_lines_check(changes: Iterable[LineChange]) -> None:
    """Every line given a quantity has the slot its variant needs (or none)."""
    for change in changes:
        if change.quantity_given and change.quantity > 0:
            slot = change.booking_slot
            if slot is None and change.line is not None:
                slot = change.line.booking_slot
            booking_line_check(change.variant, slot)


def _check(
    checkout: Checkout,
    lines: list[CheckoutLine],
    changes: Sequence[LineChange],
    *,
    validate: Mapping[int, ProductVariant],
) -> None:
    variants_availability_check(channel=checkout.channel, variants=validate)
    border_lines_check(channel_id=checkout.channel_id, variants=validate)
    booking_lines_check(changes)
    variants = {line.variant_id: line.variant for line in lines}
    variants.update({change.variant.pk: change.variant for change in changes})
    touched = {change.variant.pk for change in changes}
    lines_quantity_check(
        channel=checkout.channel,
        country_code=checkout_country(checkout),
        variants=variants,
        totals={pk: qty for pk, qty in line_totals(lines, changes).items() if pk in touched},
        checkout=checkout,
        collection_point=checkout.collection_point,
        user_id=checkout.user_id,
        email=checkout.email,
    )


def lines_for_new_checkout(
    inputs: Sequence[LineInput],
) -> tuple[list[LineChange], dict[int, ProductVariant]]:
    """The lines a new checkout starts with (inputs of one variant merged)."""
    variants = variants_by_pk(item.variant_id for item in inputs)
    quantities_positive_check(item.quantity for item in inputs)
    changes = _group_added([], inputs, variants)
    booking_lines_check(changes)
    return changes, variants


def _group_added(
    lines: list[CheckoutLine], inputs: Sequence[LineInput], variants: Mapping[int, ProductVariant]
) -> list[LineChange]:
    # A variant booked by date is one line per slot.
    by_key: dict[tuple, list[CheckoutLine]] = defaultdict(list)
    for line in lines:
        by_key[line.variant_id, line.booking_slot_id].append(line)
    slots = booking_slots_by_pk(item.booking_slot_id for item in inputs)
    merged: dict[tuple, LineChange] = {}
    changes: list[LineChange] = []
    for item in inputs:
        variant = variants[item.variant_id]
        slot = slots.get(item.booking_slot_id)
        key = (variant.pk, item.booking_slot_id)
        existing = by_key[key]
        if item.force_new_line or len(existing) > 1:
            change = LineChange(variant=variant, booking_slot=slot)
            changes.append(change)
        elif key in merged:
            change = merged[key]
        else:
            line = existing[0] if existing else None
            change = LineChange(
                variant=variant,
                line=line,
                quantity=line.quantity if line else 0,
                booking_slot=slot,
            )
            merged[key] = change
            changes.append(change)
        change.quantity += item.quantity
        change.quantity_given = True
        change.metadata.update(item.metadata)
    return changes


@transaction.atomic
def checkout_lines_add(*, checkout: Checkout, lines: Sequence[LineInput]) -> Checkout:
    """Add units to the checkout, merging a variant into the line that already holds it."""
    checkout = checkout_lock(checkout)
    variants = variants_by_pk(item.variant_id for item in lines)
    quantities_positive_check(item.quantity for item in lines)
    existing = _existing(checkout)
    changes = _group_added(existing, lines, variants)
    _check(checkout, existing, changes, validate=variants)
    lines_write(checkout, changes)
    return _after_lines_change(checkout, dated=lines_dated(changes))


def _line_ids_error(field_name: str, line_ids: Iterable[uuid.UUID]) -> ValidationFailed:
    missing = [to_global_id("CheckoutLine", pk) for pk in line_ids]
    return ValidationFailed.single(
        field_name,
        CheckoutErrorCode.GRAPHQL_ERROR,
        f"Could not resolve to a node with the global id list of '{missing}'.",
    )


@transaction.atomic
def checkout_lines_update(
    *, checkout: Checkout, lines: Sequence[LineInput], quantity_required: bool = True
) -> Checkout:
    """Set line quantities (0 removes the line); lines are named by ID, or by variant when
    that variant is in one line only (a variant not in the checkout yet gets a new line)."""
    checkout = checkout_lock(checkout)
    if quantity_required and any(item.quantity is None for item in lines):
        raise ValidationFailed.single(
            "quantity", CheckoutErrorCode.REQUIRED, "The quantity is required for all lines."
        )
    existing = _existing(checkout)
    by_id = {line.pk: line for line in existing}
    unknown = [item.line_id for item in lines if item.line_id and item.line_id not in by_id]
    if unknown:
        raise _line_ids_error("lineId", unknown)
    variants = variants_by_pk(
        [item.variant_id for item in lines if item.variant_id is not None]
        + [by_id[item.line_id].variant_id for item in lines if item.line_id is not None]
    )
    quantities_positive_check(
        (item.quantity for item in lines if item.quantity is not None), allow_zero=True
    )
    changes: dict[object, LineChange] = {}
    for item in lines:
        line = by_id.get(item.line_id) if item.line_id else _line_of_variant(existing, item)
        key = line.pk if line is not None else ("new", item.variant_id)
        variant = variants[line.variant_id if line is not None else item.variant_id]
        change = changes.setdefault(key, LineChange(variant=variant, line=line))
        if item.quantity is not None:
            change.quantity += item.quantity
            change.quantity_given = True
        change.metadata.update(item.metadata)
    for change in changes.values():
        if not change.quantity_given and change.line is not None:
            change.quantity = change.line.quantity
    validate = {
        change.variant.pk: change.variant
        for change in changes.values()
        if change.quantity_given and change.quantity > 0
    }
    _check(checkout, existing, list(changes.values()), validate=validate)
    lines_write(checkout, list(changes.values()))
    return _after_lines_change(checkout, dated=lines_dated(changes.values()))


def _line_of_variant(existing: list[CheckoutLine], item: LineInput) -> CheckoutLine | None:
    lines = [line for line in existing if line.variant_id == item.variant_id]
    if len(lines) > 1:
        raise ValidationFailed(
            [
                FieldError(
                    "variantId",
                    CheckoutErrorCode.INVALID.value,
                    "Variant occurs in multiple lines. Use `lineId` instead of `variantId`.",
                    extra={"variants": [to_global_id("ProductVariant", item.variant_id)]},
                )
            ]
        )
    return lines[0] if lines else None


@transaction.atomic
def checkout_lines_delete(*, checkout: Checkout, line_ids: Sequence[uuid.UUID]) -> Checkout:
    checkout = checkout_lock(checkout)
    found = set(CheckoutLine.objects.filter(pk__in=list(line_ids)).values_list("checkout_id", "pk"))
    known = {pk for _checkout_id, pk in found}
    unknown = [pk for pk in line_ids if pk not in known]
    if unknown:
        raise _line_ids_error("lineId", unknown)
    foreign = [pk for checkout_id, pk in found if checkout_id != checkout.pk]
    if foreign:
        raise ValidationFailed(
            [
                FieldError(
                    "lineId",
                    CheckoutErrorCode.INVALID.value,
                    "Provided line_ids aren't part of checkout.",
                    extra={"lines": [to_global_id("CheckoutLine", pk) for pk in foreign]},
                )
            ]
        )
    CheckoutLine.objects.filter(pk__in=list(line_ids), checkout=checkout).delete()
    return _after_lines_change(checkout)
