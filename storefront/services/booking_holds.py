"""Seats held for a checkout while the shopper pays.

A checkout line of a bookable variant names its slot. Every change of such lines re-checks the
slots under row locks (SELECT … FOR UPDATE, in primary-key order) and renews the checkout's
holds for BOOKING_HOLD_MINUTES, so two shoppers can never hold the same last seat; a hold that
lapses frees its seats for others, and the checkout then gets them again only if they are
still free when it is completed.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from catalog.models import BookingSlot, ProductVariant
from infra.errors import FieldError, ValidationFailed
from infra.ids import to_global_id
from storefront.error_codes import CheckoutErrorCode
from storefront.models import BookingHold, Checkout, CheckoutLine
from storefront.selectors.bookings import slots_taken


def is_bookable(variant: ProductVariant) -> bool:
    return bool(variant.product.product_type.booking_unit)


def hold_duration() -> timedelta:
    return timedelta(minutes=settings.BOOKING_HOLD_MINUTES)


def booking_slots_by_pk(pks: Iterable[int]) -> dict[int, BookingSlot]:
    """Slots by pk; unknown ones are GRAPHQL_ERROR naming their global IDs."""
    pks = list(dict.fromkeys(pk for pk in pks if pk is not None))
    found = BookingSlot.objects.in_bulk(pks)
    missing = [to_global_id("BookingSlot", pk) for pk in pks if pk not in found]
    if missing:
        raise ValidationFailed.single(
            "bookingSlotId",
            CheckoutErrorCode.GRAPHQL_ERROR,
            f"Could not resolve to a node with the global id list of '{missing}'.",
        )
    return found


def booking_line_check(variant: ProductVariant, slot: BookingSlot | None) -> None:
    """A bookable variant needs one of its own slots, open and in the future; any other
    variant takes none."""
    variant_id = [to_global_id("ProductVariant", variant.pk)]
    if not is_bookable(variant):
        if slot is not None:
            raise ValidationFailed(
                [
                    FieldError(
                        "bookingSlotId",
                        CheckoutErrorCode.INVALID.value,
                        "This variant is not booked by date.",
                        extra={"variants": variant_id},
                    )
                ]
            )
        return
    if slot is None:
        message = "Choose a date: this variant is booked by date (bookingSlotId)."
        code = CheckoutErrorCode.REQUIRED
    elif slot.variant_id != variant.pk:
        message, code = "The booking slot belongs to another variant.", CheckoutErrorCode.INVALID
    elif not slot.is_active or slot.starts_at <= timezone.now():
        message, code = "The booking slot is no longer open.", CheckoutErrorCode.INVALID
    else:
        return
    raise ValidationFailed(
        [FieldError("bookingSlotId", code.value, message, extra={"variants": variant_id})]
    )


def _capacity_failure(slot: BookingSlot, available: int) -> ValidationFailed:
    return ValidationFailed(
        [
            FieldError(
                "quantity",
                CheckoutErrorCode.INSUFFICIENT_STOCK.value,
                f"Could not add items {slot.variant}. Only {max(available, 0)} remaining "
                f"for {timezone.localtime(slot.starts_at):%Y-%m-%d %H:%M}.",
                extra={"variants": [to_global_id("ProductVariant", slot.variant_id)]},
            )
        ]
    )


def locked_slots(slot_ids: Iterable[int]) -> dict[int, BookingSlot]:
    return {
        slot.pk: slot
        for slot in BookingSlot.objects.select_for_update()
        .filter(pk__in=list(slot_ids))
        .select_related("variant")
        .order_by("pk")
    }


def capacity_check(
    wanted: Mapping[int, int], *, exclude_checkout_id=None
) -> dict[int, BookingSlot]:
    """Lock the slots of `wanted` (slot pk → seats) and check each has the seats free,
    counting live bookings and other checkouts' unexpired holds; the locked slots."""
    slots = locked_slots(wanted)
    taken = slots_taken(slots, exclude_checkout_id=exclude_checkout_id)
    for pk, seats in wanted.items():
        slot = slots[pk]
        available = slot.capacity - taken[pk]
        if seats > available:
            raise _capacity_failure(slot, available)
    return slots


def booking_holds_refresh(checkout: Checkout) -> None:
    """Hold the seats of the checkout's dated lines for BOOKING_HOLD_MINUTES from now, or
    INSUFFICIENT_STOCK if another checkout or a booking took them. Call inside the
    transaction that changed the lines."""
    lines = list(
        CheckoutLine.objects.filter(checkout=checkout, booking_slot__isnull=False).only(
            "pk", "booking_slot_id", "quantity"
        )
    )
    BookingHold.objects.filter(checkout_line__checkout=checkout).delete()
    if not lines:
        return
    wanted: dict[int, int] = defaultdict(int)
    for line in lines:
        wanted[line.booking_slot_id] += line.quantity
    capacity_check(wanted, exclude_checkout_id=checkout.pk)
    held_until = timezone.now() + hold_duration()
    BookingHold.objects.bulk_create(
        BookingHold(
            checkout_line=line,
            slot_id=line.booking_slot_id,
            quantity=line.quantity,
            held_until=held_until,
        )
        for line in lines
    )
