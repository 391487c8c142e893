"""Tourism bookings in GraphQL (our extension): slots on products, holds on checkout lines,
bookings on orders, and the booking query and mutations. The rules live in
storefront/services/booking*.py."""

from collections import defaultdict
from collections.abc import Mapping
from datetime import timedelta

from ariadne import EnumType, MutationType, ObjectType, QueryType
from django.conf import settings
from django.utils import timezone

from catalog.graphql.channel_scope import channel_scope
from catalog.graphql.loaders import Loader, ProductTypeByIdLoader, load_for, remember_siblings
from catalog.graphql.pricing import money
from catalog.graphql.taxonomy_common import node_or_error, refuse_unsupported
from catalog.models import (
    BookingSlot,
    BookingTerms,
    BookingUnit,
    ProductVariant,
    StaffScope,
    Warehouse,
)
from infra.accounts.permissions import PermissionEnum
from infra.errors import ValidationFailed
from infra.graphql.channel_context import ChannelContext, unwrap
from infra.graphql.errors import PermissionDenied
from infra.graphql.mutations import perform
from infra.graphql.permissions import require_one_of
from infra.ids import from_global_id_or_error
from storefront.graphql.order_access import is_owner, manages_orders, order_visible, scoped_orders
from storefront.graphql.order_loaders import OrderByIdLoader
from storefront.models import Booking, BookingHold, BookingStatus, Order, OrderLine
from storefront.selectors.bookings import bookable_slots, slots_available
from storefront.services import booking_slots as slot_services
from storefront.services.booking_cancel import booking_cancel, booking_cancellation_quote
from storefront.services.booking_check_in import booking_check_in

query = QueryType()
mutation = MutationType()
product_type = ObjectType("Product")
line_type = ObjectType("CheckoutLine")
order_line_type = ObjectType("OrderLine")
order_type = ObjectType("Order")
slot_type = ObjectType("BookingSlot")
booking_type = ObjectType("Booking")
terms_type = ObjectType("BookingTerms")
booking_unit_enum = EnumType("BookingUnitEnum", {unit.name: unit.value for unit in BookingUnit})
booking_status_enum = EnumType(
    "BookingStatusEnum", {status.name: status.value for status in BookingStatus}
)

DEFAULT_WINDOW = timedelta(days=90)
SLOT_INPUT_FIELDS = {"variant", "starts_at", "ends_at", "capacity", "is_active"}


# --- Product -----------------------------------------------------------------------------------


def terms_by_product_id(product_ids: list[int]) -> Mapping[int, BookingTerms]:
    return {
        terms.product_id: terms
        for terms in BookingTerms.objects.filter(product_id__in=product_ids)
        .select_related("meeting_place")
        .prefetch_related("villages")
    }


class BookingTermsByProductIdLoader(Loader):
    fetch_many = staticmethod(terms_by_product_id)


def slots_by_product_window(keys: list[tuple]) -> Mapping[tuple, list[BookingSlot]]:
    """Open slots per (product pk, from, to) key, with `quantity_available` set on each."""
    found: dict[tuple, list[BookingSlot]] = defaultdict(list)
    by_window: dict[tuple, list[int]] = defaultdict(list)
    for product_pk, start, end in keys:
        by_window[start, end].append(product_pk)
    every: list[BookingSlot] = []
    for (start, end), product_pks in by_window.items():
        slots = list(bookable_slots(product_pks, start=start, end=end).select_related("variant"))
        every.extend(slots)
        for slot in slots:
            found[slot.variant.product_id, start, end].append(slot)
    available = slots_available(every)
    for slot in every:
        slot.quantity_available = available[slot.pk]
    return found


class SlotsByProductWindowLoader(Loader):
    many = True
    fetch_many = staticmethod(slots_by_product_window)


@product_type.field("bookingUnit")
def resolve_booking_unit(root, info):
    product = unwrap(root)
    kind = load_for(info, ProductTypeByIdLoader, product, lambda p: p.product_type_id)
    if kind is None or not kind.booking_unit:
        return None
    return kind.booking_unit


@product_type.field("bookingTerms")
def resolve_booking_terms(root, info):
    return load_for(info, BookingTermsByProductIdLoader, unwrap(root), lambda p: p.pk)


@product_type.field("bookingSlots")
def resolve_booking_slots(root, info, **args):
    # One "now" per request, so every product of a page shares the loader's key.
    now = info.context.cache.setdefault("bookings_now", timezone.now())
    start = max(args.get("from") or now, now)
    end = args.get("to") or start + DEFAULT_WINDOW
    slots = load_for(info, SlotsByProductWindowLoader, unwrap(root), lambda p: (p.pk, start, end))
    slug = root.channel_slug if isinstance(root, ChannelContext) else None
    for slot in slots:
        slot.channel_slug = slug
    return slots


@terms_type.field("villages")
def resolve_villages(terms: BookingTerms, _info):
    return list(terms.villages.all())


@terms_type.field("cancellationFee")
def resolve_cancellation_fee(terms: BookingTerms, _info):
    return money(terms.cancellation_fee, settings.DEFAULT_CURRENCY)


# --- Slots ---------------------------------------------------------------------------------


@slot_type.field("variant")
def resolve_slot_variant(slot: BookingSlot, _info):
    return ChannelContext(slot.variant, getattr(slot, "channel_slug", None))


def available_by_slot_id(slot_ids: list[int]) -> Mapping[int, int]:
    return slots_available(BookingSlot.objects.filter(pk__in=slot_ids))


class SlotAvailableLoader(Loader):
    fetch_many = staticmethod(available_by_slot_id)


@slot_type.field("quantityAvailable")
def resolve_slot_available(slot: BookingSlot, info):
    """Counted with the product's slots when listed there; otherwise for every slot resolved
    together (a checkout's lines, an order's bookings) at once."""
    available = getattr(slot, "quantity_available", None)
    if available is None:
        available = load_for(info, SlotAvailableLoader, slot, lambda row: row.pk)
    return available


# --- Checkout lines ------------------------------------------------------------------------


def holds_by_line_id(line_ids: list) -> Mapping:
    holds = BookingHold.objects.filter(checkout_line_id__in=line_ids)
    return {hold.checkout_line_id: hold for hold in holds}


class HoldByCheckoutLineIdLoader(Loader):
    fetch_many = staticmethod(holds_by_line_id)


@line_type.field("bookingSlot")
def resolve_line_slot(line, _info):
    slot = line.booking_slot if line.booking_slot_id else None
    if slot is not None:
        context = line.__dict__.get("_checkout_line_context")
        slot.channel_slug = context.channel_slug if context is not None else None
    return slot


@line_type.field("bookingHeldUntil")
def resolve_line_held_until(line, info):
    if line.booking_slot_id is None:
        return None
    hold = load_for(info, HoldByCheckoutLineIdLoader, line, lambda row: row.pk)
    return hold.held_until if hold is not None else None


# --- Orders and bookings -------------------------------------------------------------------


def _bookings(bookings) -> list[Booking]:
    """Bookings fetched together, and their slots, become siblings (so their fields load
    for all of them at once)."""
    bookings = remember_siblings(bookings.select_related("slot__variant", "order_line"))
    remember_siblings(booking.slot for booking in bookings)
    return bookings


def bookings_by_order_line_id(line_ids: list) -> Mapping:
    bookings = _bookings(Booking.objects.filter(order_line_id__in=line_ids))
    return {booking.order_line_id: booking for booking in bookings}


def bookings_by_order_id(order_ids: list) -> Mapping:
    found = defaultdict(list)
    for booking in _bookings(Booking.objects.filter(order_line__order_id__in=order_ids)):
        found[booking.order_line.order_id].append(booking)
    return found


class BookingByOrderLineIdLoader(Loader):
    fetch_many = staticmethod(bookings_by_order_line_id)


class BookingsByOrderIdLoader(Loader):
    many = True
    fetch_many = staticmethod(bookings_by_order_id)


def _can_see_bookings(info, order: Order) -> bool:
    return manages_orders(info) or is_owner(info, order.user_id)


@order_type.field("bookings")
def resolve_order_bookings(order: Order, info):
    if not _can_see_bookings(info, order):
        raise PermissionDenied(permissions=[PermissionEnum.MANAGE_ORDERS.value, "OWNER"])
    return load_for(info, BookingsByOrderIdLoader, order, lambda row: row.pk)


@order_line_type.field("booking")
def resolve_order_line_booking(line: OrderLine, info):
    booking = load_for(info, BookingByOrderLineIdLoader, line, lambda row: row.pk)
    if booking is None:
        return None
    order = load_for(info, OrderByIdLoader, line, lambda row: row.order_id)
    if order is None or not _can_see_bookings(info, order):
        raise PermissionDenied(permissions=[PermissionEnum.MANAGE_ORDERS.value, "OWNER"])
    return booking


def _booking_order(info, booking: Booking) -> Order | None:
    return load_for(info, OrderByIdLoader, booking.order_line, lambda row: row.order_id)


@booking_type.field("slot")
def resolve_booking_slot(booking: Booking, info):
    slot = booking.slot
    order = _booking_order(info, booking)
    slot.channel_slug = order.channel.slug if order is not None else None
    return slot


@booking_type.field("order")
def resolve_booking_order(booking: Booking, info):
    return _booking_order(info, booking)


@booking_type.field("orderLine")
def resolve_booking_order_line(booking: Booking, _info):
    return booking.order_line


@booking_type.field("created")
def resolve_booking_created(booking: Booking, _info):
    return booking.created_at


@booking_type.field("refund")
def resolve_booking_refund(booking: Booking, _info):
    return money(booking.refund_amount, booking.order_line.currency)


@booking_type.field("cancellationFee")
def resolve_booking_fee(booking: Booking, _info):
    return money(booking.cancellation_fee_amount, booking.order_line.currency)


@booking_type.field("cancellationQuote")
def resolve_booking_quote(booking: Booking, _info):
    if booking.status not in (BookingStatus.PENDING, BookingStatus.CONFIRMED):
        return None
    if timezone.now() >= booking.slot.starts_at:
        return None
    quote = booking_cancellation_quote(booking)
    currency = booking.order_line.currency
    paid = booking.status == BookingStatus.CONFIRMED
    return {
        "refund": money(quote.refund if paid else 0, currency),
        "fee": money(quote.fee if paid else 0, currency),
        "after_deadline": quote.after_deadline,
    }


def _booking_queryset():
    return Booking.objects.select_related(
        "slot__variant__product__booking_terms", "order_line__order"
    )


def _owned_booking(info, global_id: str) -> Booking | None:
    pk = from_global_id_or_error(global_id, "Booking", int_pk=False)
    booking = _booking_queryset().filter(pk=pk).first()
    if booking is None:
        return None
    order = booking.order_line.order
    if not (order_visible(info, order) and _can_see_bookings(info, order)):
        return None
    return booking


@query.field("booking")
def resolve_booking(_obj, info, id):
    return _owned_booking(info, id)


# --- Mutations -----------------------------------------------------------------------------


def _booking_or_error(info, global_id: str) -> Booking:
    booking = _owned_booking(info, global_id)
    if booking is None:
        raise ValidationFailed.single("id", "NOT_FOUND", f"Couldn't resolve to a node: {global_id}")
    return booking


@mutation.field("bookingCancel")
def resolve_booking_cancel(_obj, info, id):
    return perform(
        lambda: {
            "booking": booking_cancel(booking=_booking_or_error(info, id), **info.context.actor)
        }
    )


def _check_in_place(info, place_id: str | None) -> Warehouse | None:
    """The place named, after checking the caller may check vouchers in there."""
    place = (
        node_or_error(place_id, "Warehouse", Warehouse.objects.all(), field="place")
        if place_id
        else None
    )
    if manages_orders(info):
        return place
    context = info.context
    user = context.user
    if (
        place is not None
        and context.app is None
        and user.is_authenticated
        and user.is_staff
        and StaffScope.objects.filter(user=user, place=place).exists()
    ):
        return place
    raise PermissionDenied(permissions=[PermissionEnum.MANAGE_ORDERS.value])


def _check_voucher_in_scope(info, voucher_code: str) -> None:
    """A partner's app checks in vouchers of its channels' orders only; others are unknown."""
    code = "".join((voucher_code or "").split()).upper()
    if channel_scope(info) is None or not code:
        return
    bookings = Booking.objects.filter(voucher_code=code)
    bookings = scoped_orders(info, bookings, "order_line__order__channel_id")
    if not bookings.exists():
        raise ValidationFailed.single(
            "voucherCode", "NOT_FOUND", f"No booking has the voucher code '{code}'."
        )


@mutation.field("bookingCheckIn")
def resolve_booking_check_in(_obj, info, voucher_code, place=None):
    def call():
        where = _check_in_place(info, place)
        _check_voucher_in_scope(info, voucher_code)
        return {
            "booking": booking_check_in(
                voucher_code=voucher_code, place=where, **info.context.actor
            )
        }

    return perform(call)


@mutation.field("bookingSlotCreate")
def resolve_booking_slot_create(_obj, info, input):
    require_one_of(info, PermissionEnum.MANAGE_PRODUCTS)
    refuse_unsupported(input, SLOT_INPUT_FIELDS, "Input")

    def call():
        variant = node_or_error(
            input["variant"],
            "ProductVariant",
            ProductVariant.objects.select_related("product__product_type"),
            field="variant",
        )
        slot = slot_services.booking_slot_create(
            variant=variant,
            starts_at=input["starts_at"],
            ends_at=input.get("ends_at"),
            capacity=input["capacity"],
        )
        return {"booking_slot": slot}

    return perform(call)


@mutation.field("bookingSlotUpdate")
def resolve_booking_slot_update(_obj, info, id, input):
    require_one_of(info, PermissionEnum.MANAGE_PRODUCTS)
    refuse_unsupported(input, SLOT_INPUT_FIELDS, "Input")

    def call():
        slot = node_or_error(id, "BookingSlot", BookingSlot.objects.select_related("variant"))
        changes = {
            key: input[key]
            for key in ("starts_at", "ends_at", "capacity", "is_active")
            if key in input
        }
        return {"booking_slot": slot_services.booking_slot_update(slot=slot, **changes)}

    return perform(call)


bindables = [
    query,
    mutation,
    product_type,
    line_type,
    order_line_type,
    order_type,
    slot_type,
    booking_type,
    terms_type,
    booking_unit_enum,
    booking_status_enum,
]
