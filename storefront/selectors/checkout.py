"""What a checkout costs and how it is delivered, computed from the catalog on every read.

`fetch_checkout_info` is the one place prices are worked out: GraphQL fields, payments and
`checkoutComplete` all read it, so the amount charged is the amount shown. There are no taxes
in the channels we serve, so gross equals net.
"""

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Min, Q, QuerySet, Sum
from django.utils import timezone

from catalog.models import (
    Channel,
    ChannelWarehouse,
    ClickAndCollectOption,
    Product,
    ProductChannelListing,
    ProductVariant,
    Stock,
    Warehouse,
)
from catalog.models import ProductVariantChannelListing as VariantListing
from storefront.models import (
    Checkout,
    CheckoutLine,
    OrderLine,
    OrderStatus,
    Reservation,
    ShippingMethodChannelListing,
)
from storefront.selectors.shipping import ShippingOption, applicable_shipping_methods
from storefront.selectors.shipping_setup import shipping_setup
from storefront.selectors.stock import free_quantity, reserved_by_others

ZERO = Decimal(0)


@dataclass
class CheckoutLineInfo:
    line: CheckoutLine
    variant: ProductVariant
    product: Product
    # None when the variant is not (or no longer) priced in the checkout's channel.
    variant_listing: VariantListing | None
    product_listing: ProductChannelListing | None

    @property
    def unit_price(self) -> Decimal:
        listing = self.variant_listing
        if listing is None or listing.price_amount is None:
            return ZERO
        if listing.discounted_price_amount is not None:
            return listing.discounted_price_amount
        return listing.price_amount

    @property
    def undiscounted_unit_price(self) -> Decimal:
        listing = self.variant_listing
        return listing.price_amount if listing and listing.price_amount is not None else ZERO

    @property
    def total_price(self) -> Decimal:
        return self.unit_price * self.line.quantity

    @property
    def undiscounted_total_price(self) -> Decimal:
        return self.undiscounted_unit_price * self.line.quantity

    @property
    def requires_shipping(self) -> bool:
        return self.product.product_type.is_shipping_required

    @property
    def weight(self) -> Decimal:
        unit = self.variant.weight or self.product.weight or self.product.product_type.weight
        return (unit or ZERO) * self.line.quantity


@dataclass
class CheckoutInfo:
    checkout: Checkout
    channel: Channel
    lines: list[CheckoutLineInfo]
    # Methods deliverable to the shipping address for this checkout (empty without one).
    shipping_options: list[ShippingOption] = field(default_factory=list)

    @property
    def quantity(self) -> int:
        return sum(info.line.quantity for info in self.lines)

    @property
    def is_shipping_required(self) -> bool:
        return any(info.requires_shipping for info in self.lines)

    @property
    def weight(self) -> Decimal:
        return sum((info.weight for info in self.lines), ZERO)

    @property
    def subtotal(self) -> Decimal:
        return sum((info.total_price for info in self.lines), ZERO)

    @property
    def undiscounted_subtotal(self) -> Decimal:
        return sum((info.undiscounted_total_price for info in self.lines), ZERO)

    @property
    def shipping_option(self) -> ShippingOption | None:
        """The chosen shipping method, priced, if it can deliver this checkout."""
        method_id = self.checkout.shipping_method_id
        if method_id is None:
            return None
        return next((o for o in self.shipping_options if o.method.pk == method_id), None)

    @property
    def collection_point(self) -> Warehouse | None:
        return self.checkout.collection_point

    @property
    def shipping_price(self) -> Decimal:
        if not self.is_shipping_required:
            return ZERO
        option = self.shipping_option
        return option.price if option else ZERO

    @property
    def total(self) -> Decimal:
        return self.subtotal + self.shipping_price

    @property
    def currency(self) -> str:
        return self.checkout.currency


# Search columns are large and never read through a checkout.
_UNUSED_PRODUCT_COLUMNS = ("variant__product__search_vector", "variant__product__search_document")


def checkout_lines_info(checkout: Checkout) -> list[CheckoutLineInfo]:
    """The checkout's lines with variant, product, type and channel listings (3 queries)."""
    lines = list(
        CheckoutLine.objects.filter(checkout_id=checkout.pk)
        .select_related("variant__product__product_type", "booking_slot")
        .defer(*_UNUSED_PRODUCT_COLUMNS)
    )
    if not lines:
        return []
    channel_id = checkout.channel_id
    variant_listings = {
        listing.variant_id: listing
        for listing in VariantListing.objects.filter(
            channel_id=channel_id, variant_id__in={line.variant_id for line in lines}
        )
    }
    product_listings = {
        listing.product_id: listing
        for listing in ProductChannelListing.objects.filter(
            channel_id=channel_id, product_id__in={line.variant.product_id for line in lines}
        )
    }
    return [
        CheckoutLineInfo(
            line=line,
            variant=line.variant,
            product=line.variant.product,
            variant_listing=variant_listings.get(line.variant_id),
            product_listing=product_listings.get(line.variant.product_id),
        )
        for line in lines
    ]


def _info_key(checkout: Checkout) -> tuple:
    # What the figures depend on; every write of lines, addresses or delivery saves the
    # checkout, which moves updated_at.
    return (
        checkout.updated_at,
        checkout.shipping_address_id,
        checkout.shipping_method_id,
        checkout.collection_point_id,
    )


def fetch_checkout_info(checkout: Checkout) -> CheckoutInfo:
    """Lines, prices and the shipping methods deliverable to the checkout's address; computed
    once per checkout instance and state."""
    key = _info_key(checkout)
    cached = checkout.__dict__.get("_fetched_info")
    if cached is not None and cached[0] == key:
        return cached[1]
    info = CheckoutInfo(
        checkout=checkout, channel=checkout.channel, lines=checkout_lines_info(checkout)
    )
    address = checkout.shipping_address
    if address is not None and info.is_shipping_required:
        info.shipping_options = applicable_shipping_methods(
            channel=info.channel,
            country_code=address.country,
            weight=info.weight,
            subtotal=info.subtotal,
            division=address.division_id,
        )
    checkout.__dict__["_fetched_info"] = (key, info)
    return info


def checkout_info_keep(checkout: Checkout, info: CheckoutInfo) -> None:
    """Keep `info` for the saved `checkout` when only its choice among `info.shipping_options`
    changed (lines and address are the same, and the chosen option is read live)."""
    checkout.__dict__["_fetched_info"] = (_info_key(checkout), info)


# --- reads for the checkout API -------------------------------------------------------------


def checkouts_for_read() -> QuerySet[Checkout]:
    """Checkouts with what every read of one needs joined in."""
    return Checkout.objects.select_related(
        "channel",
        "user",
        "shipping_address__division",
        "billing_address",
        "shipping_method",
        "collection_point",
    )


def checkout_by_token(token: uuid.UUID | str) -> Checkout | None:
    try:
        token = uuid.UUID(str(token))
    except ValueError:
        return None
    return checkouts_for_read().filter(pk=token).first()


def user_checkouts(user_id: int, channel_slug: str | None = None) -> QuerySet[Checkout]:
    """A customer's open checkouts in active channels, newest first."""
    checkouts = checkouts_for_read().filter(user_id=user_id, channel__is_active=True)
    if channel_slug is not None:
        checkouts = checkouts.filter(channel__slug=channel_slug)
    return checkouts


def stock_reservation_expires(checkout: Checkout) -> datetime | None:
    """When the checkout's oldest live stock reservation runs out (None without one)."""
    return Reservation.objects.filter(
        checkout_line__checkout=checkout, reserved_until__gt=timezone.now()
    ).aggregate(expires=Min("reserved_until"))["expires"]


def _needed_stock(info: CheckoutInfo) -> dict[int, int]:
    needed: dict[int, int] = defaultdict(int)
    for line_info in info.lines:
        if line_info.variant.track_inventory:
            needed[line_info.variant.pk] += line_info.line.quantity
    return needed


def collection_points(info: CheckoutInfo) -> list[Warehouse]:
    """Warehouses of the channel the shopper may collect this checkout from (Saleor's rules):
    a LOCAL one must hold every line itself, an ALL one is served by the channel's stock."""
    if not info.is_shipping_required:
        return []
    warehouses = list(
        Warehouse.objects.filter(
            channelwarehouse__channel=info.channel,
            click_and_collect_option__in=(
                ClickAndCollectOption.LOCAL_STOCK,
                ClickAndCollectOption.ALL_WAREHOUSES,
            ),
        ).order_by("slug", "pk")
    )
    needed = _needed_stock(info)
    if not warehouses or not needed:
        return warehouses
    stocks = list(
        Stock.objects.filter(
            product_variant_id__in=list(needed),
            warehouse_id__in=ChannelWarehouse.objects.filter(channel=info.channel).values(
                "warehouse_id"
            ),
        )
    )
    reserved = reserved_by_others([s.pk for s in stocks], checkout=info.checkout)
    in_warehouse: dict[tuple[int, int], int] = defaultdict(int)
    in_channel: dict[int, int] = defaultdict(int)
    for stock in stocks:
        free = free_quantity(stock, reserved)
        in_warehouse[(stock.warehouse_id, stock.product_variant_id)] += free
        in_channel[stock.product_variant_id] += free
    channel_covers = all(in_channel[pk] >= qty for pk, qty in needed.items())
    points = []
    for warehouse in warehouses:
        if warehouse.click_and_collect_option == ClickAndCollectOption.ALL_WAREHOUSES:
            if channel_covers:
                points.append(warehouse)
        elif all(in_warehouse[(warehouse.pk, pk)] >= qty for pk, qty in needed.items()):
            points.append(warehouse)
    return points


def ordered_quantities(
    *, user_id: int | None, email: str | None, variant_ids: Iterable[int]
) -> dict[int, int]:
    """Units of each variant a customer (by account or e-mail) has already ordered, in orders
    that are neither drafts nor canceled or expired."""
    who = Q()
    if user_id is not None:
        who |= Q(order__user_id=user_id)
    if email:
        who |= Q(order__user_email__iexact=email)
    variant_ids = list(variant_ids)
    if not who or not variant_ids:
        return {}
    rows = (
        OrderLine.objects.filter(who, variant_id__in=variant_ids)
        .exclude(order__status__in=(OrderStatus.DRAFT, OrderStatus.CANCELED, OrderStatus.EXPIRED))
        .values("variant_id")
        .annotate(total=Sum("quantity"))
        .order_by()
    )
    return {row["variant_id"]: row["total"] for row in rows}


def shipping_listing(method_id: int, channel: Channel) -> ShippingMethodChannelListing | None:
    """The method's price listing in the channel (in the channel's currency), if listed."""
    return shipping_setup().listing(method_id, channel)
