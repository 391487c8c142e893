"""Reads of a tour's product page (a product whose type has a booking unit): its next dates
with the seats left, its terms, where it starts, and the products of the villages it visits.

A fixed number of queries whatever the number of dates or village products.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from catalog.models import BookingSlot, BookingTerms, Channel, Division, Product, Warehouse
from catalog.selectors.brands import products_from_divisions_q
from catalog.selectors.places import PUBLIC_KINDS
from storefront.selectors.bookings import bookable_slots, slots_available
from storefront.selectors.pages import ProductCard, listed_products, product_cards, sort_products
from storefront.selectors.product_page import Offer

SLOTS_SHOWN = 30
SLOT_WINDOW = timedelta(days=365)
VILLAGE_PRODUCTS = 8


@dataclass(frozen=True)
class SlotRow:
    slot: BookingSlot
    offer: Offer
    seats_left: int

    @property
    def sold_out(self) -> bool:
        return self.seats_left <= 0


@dataclass
class TourDetails:
    unit_label: str
    slots: list[SlotRow]
    several_options: bool
    terms: BookingTerms | None
    meeting_place: Warehouse | None
    villages: list[Division] = field(default_factory=list)
    village_products: list[ProductCard] = field(default_factory=list)

    @property
    def meeting_place_has_page(self) -> bool:
        place = self.meeting_place
        return place is not None and not place.is_private and place.kind in PUBLIC_KINDS

    @property
    def open_slots(self) -> bool:
        return any(not row.sold_out for row in self.slots)

    @property
    def kept_percent(self) -> str:
        """The share kept after the deadline, as "50%" ("" when none is)."""
        if self.terms is None or not self.terms.cancellation_kept_percent:
            return ""
        return f"{self.terms.cancellation_kept_percent.normalize():f}%"

    @property
    def cancellation_fee(self) -> Decimal:
        return self.terms.cancellation_fee if self.terms is not None else Decimal(0)


def _terms(product: Product) -> BookingTerms | None:
    return (
        BookingTerms.objects.filter(product=product)
        .select_related("meeting_place")
        .prefetch_related("villages")
        .first()
    )


def _slot_rows(product: Product, offers: list[Offer]) -> list[SlotRow]:
    """The next open dates of the priced variants (sold-out ones included, to show them)."""
    by_variant = {offer.variant.pk: offer for offer in offers}
    if not by_variant:
        return []
    now = timezone.now()
    slots = list(
        bookable_slots([product.pk], start=now, end=now + SLOT_WINDOW).filter(
            variant_id__in=list(by_variant)
        )[:SLOTS_SHOWN]
    )
    seats = slots_available(slots)
    return [SlotRow(slot, by_variant[slot.variant_id], seats[slot.pk]) for slot in slots]


def village_products(
    terms: BookingTerms | None, channel: Channel, *, limit: int = VILLAGE_PRODUCTS
) -> list[ProductCard]:
    """Products listed in the channel from the tour's villages or beneath them (by origin
    county, else their producer's), tours and other dated products left out."""
    villages = list(terms.villages.all()) if terms is not None else []
    if not villages:
        return []
    products = (
        listed_products(channel)
        .filter(products_from_divisions_q([village.pk for village in villages]))
        .filter(product_type__booking_unit="")
    )
    return product_cards(list(sort_products(products, channel, "name")[:limit]), channel)


def tour_details(product: Product, channel: Channel, offers: list[Offer]) -> TourDetails:
    terms = _terms(product)
    return TourDetails(
        unit_label=product.product_type.get_booking_unit_display(),
        slots=_slot_rows(product, offers),
        several_options=len(offers) > 1,
        terms=terms,
        meeting_place=terms.meeting_place if terms is not None else None,
        villages=sorted(terms.villages.all(), key=lambda v: v.code) if terms else [],
        village_products=village_products(terms, channel),
    )


@dataclass(frozen=True)
class SlotChoice:
    """A slot a shopper picked on the page: its variant and the seats left for them."""

    slot: BookingSlot
    seats_left: int


def slot_choice(slot_pk: int | None, *, checkout_id=None) -> SlotChoice | None:
    """The slot `slot_pk` with the seats left for the checkout `checkout_id` (its own hold
    does not count against it); None if there is no such slot."""
    if slot_pk is None:
        return None
    slot = BookingSlot.objects.filter(pk=slot_pk).first()
    if slot is None:
        return None
    seats = slots_available([slot], exclude_checkout_id=checkout_id)
    return SlotChoice(slot, seats[slot.pk])
