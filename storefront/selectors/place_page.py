"""Reads of a showroom's or village station's public page: the place itself, the products
free on its shelf, and the tours that start there or elsewhere in its prefecture.

A fixed number of queries whatever the number of products or tours.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Case, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone
from django.utils.dates import WEEKDAYS

from catalog.models import (
    BookingSlot,
    Channel,
    ChannelWarehouse,
    Division,
    DivisionLevel,
    PlacePhoto,
    Product,
    Stock,
    Warehouse,
)
from catalog.selectors.places import public_places
from catalog.selectors.scopes import division_and_descendants
from storefront.selectors.pages import ProductCard, listed_products, product_cards, sort_products
from storefront.selectors.stock import free_quantity, reserved_by_others

SHELF_PRODUCTS = 24
TOURS_SHOWN = 12


@dataclass(frozen=True)
class OpeningHours:
    days: str
    opens: str
    closes: str


@dataclass(frozen=True)
class TourCard:
    card: ProductCard
    next_starts_at: datetime
    starts_here: bool


@dataclass
class PlacePage:
    place: Warehouse
    photos: list[PlacePhoto]
    hours: list[OpeningHours]
    coordinates: str
    shelf: list[ProductCard] = field(default_factory=list)
    tours: list[TourCard] = field(default_factory=list)

    @property
    def geo_uri(self) -> str:
        place = self.place
        if place.latitude is None or place.longitude is None:
            return ""
        return f"geo:{place.latitude},{place.longitude}"


def public_place(slug: str) -> Warehouse | None:
    """A showroom or station open to the public, with its division and prefecture."""
    return public_places().filter(slug=slug).select_related("division__parent").first()


def _day_range(part: str) -> str:
    first, _sep, last = part.partition("-")
    names = [str(WEEKDAYS[int(day) - 1]) for day in (first, last) if day]
    return "–".join(names)


def opening_hours(place: Warehouse) -> list[OpeningHours]:
    """The place's hours with days named in the active language ("1-5" → Monday–Friday)."""
    rows = []
    for item in place.opening_hours or ():
        try:
            days = ", ".join(_day_range(part) for part in str(item["days"]).split(","))
            rows.append(OpeningHours(days, item["opens"], item["closes"]))
        except (KeyError, ValueError, IndexError, TypeError):
            continue  # the service validates hours; a bad row is skipped, not a broken page
    return rows


def _degrees(value: Decimal, positive: str, negative: str) -> str:
    return f"{abs(value):.5f}°{positive if value >= 0 else negative}"


def coordinates_text(place: Warehouse) -> str:
    """ "29.65250°N, 91.13200°E", or "" without coordinates."""
    if place.latitude is None or place.longitude is None:
        return ""
    return f"{_degrees(place.latitude, 'N', 'S')}, {_degrees(place.longitude, 'E', 'W')}"


def prefecture_of(place: Warehouse) -> Division | None:
    division = place.division
    if division is None:
        return None
    if division.level == DivisionLevel.PREFECTURE:
        return division
    if division.level == DivisionLevel.COUNTY and division.parent is not None:
        return division.parent
    return None


def shelf_product_ids(place: Warehouse, channel: Channel) -> set[int]:
    """Products with a unit free on the place's own shelf (stock at the place, less what is
    allocated and reserved by checkouts), when the place serves the channel."""
    if not ChannelWarehouse.objects.filter(channel=channel, warehouse=place).exists():
        return set()
    stocks = list(
        Stock.objects.filter(warehouse=place, quantity__gt=F("quantity_allocated"))
        .annotate(product_id=F("product_variant__product_id"))
        .only("pk", "quantity", "quantity_allocated")
    )
    reserved = reserved_by_others([stock.pk for stock in stocks])
    return {stock.product_id for stock in stocks if free_quantity(stock, reserved) > 0}


def shelf_products(
    place: Warehouse, channel: Channel, *, limit: int = SHELF_PRODUCTS
) -> list[Product]:
    """Up to `limit` products listed in the channel and free on the place's shelf, by name."""
    ids = shelf_product_ids(place, channel)
    if not ids:
        return []
    products = listed_products(channel).filter(pk__in=ids)
    return list(sort_products(products, channel, "name")[:limit])


def _next_slot_start() -> Subquery:
    slots = BookingSlot.objects.filter(
        variant__product_id=OuterRef("pk"), is_active=True, starts_at__gt=timezone.now()
    ).order_by("starts_at")
    return Subquery(slots.values("starts_at")[:1])


def tours_near(
    place: Warehouse, channel: Channel, *, limit: int = TOURS_SHOWN
) -> QuerySet[Product]:
    """Bookable products listed in the channel that start at the place or at another place
    of its prefecture and have a date open, those starting here first, then by next date;
    each annotated with `next_starts_at` and `starts_here`."""
    near = Q(booking_terms__meeting_place=place)
    prefecture = prefecture_of(place)
    if prefecture is not None:
        near |= Q(
            booking_terms__meeting_place__division_id__in=division_and_descendants([prefecture.pk])
        )
    tours = (
        listed_products(channel)
        .exclude(product_type__booking_unit="")
        .filter(near)
        .annotate(
            next_starts_at=_next_slot_start(),
            starts_here=Case(
                When(booking_terms__meeting_place=place, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .filter(next_starts_at__isnull=False)
    )
    return tours.order_by("-starts_here", "next_starts_at", "slug")[:limit]


def place_page(slug: str, channel: Channel | None) -> PlacePage | None:
    place = public_place(slug)
    if place is None:
        return None
    page = PlacePage(
        place=place,
        photos=[photo for photo in place.photos.all() if photo.image],
        hours=opening_hours(place),
        coordinates=coordinates_text(place),
    )
    if channel is None:
        return page
    shelf = shelf_products(place, channel)
    tours = list(tours_near(place, channel))
    # One set of card queries for both lists.
    cards = {card.product.pk: card for card in product_cards(shelf + tours, channel)}
    page.shelf = [cards[product.pk] for product in shelf]
    page.tours = [
        TourCard(cards[tour.pk], tour.next_starts_at, bool(tour.starts_here)) for tour in tours
    ]
    return page
