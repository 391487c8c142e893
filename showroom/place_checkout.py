"""A checkout collected at a showroom or station, started by its staff or its kiosk.

The checkout is in the place's channel and collected at the place from the start, so its lines
are checked against the stock the place hands over (its own shelf when its click-and-collect
option is LOCAL, every warehouse of the channel when ALL) rather than against the warehouses
shipping to the country; the delivery service then confirms the choice with its own rules.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings

from catalog.models import Channel, ClickAndCollectOption, ProductVariant, Warehouse
from infra.errors import ValidationFailed
from storefront.models import Address, Checkout
from storefront.services import checkout as checkout_services
from storefront.services.checkout_delivery import checkout_delivery_method_update
from storefront.services.checkout_lines import LineInput, checkout_lines_add


@dataclass
class PlaceLine:
    variant: ProductVariant
    quantity: int


def place_channel(place: Warehouse) -> Channel:
    """The first active channel of the place's warehouse, else the storefront's channel."""
    channel = (
        Channel.objects.filter(channelwarehouse__warehouse=place, is_active=True)
        .order_by("channelwarehouse__sort_order", "channelwarehouse__pk")
        .first()
    )
    return channel or checkout_services.checkout_channel(settings.STOREFRONT_CHANNEL)


def place_address(place: Warehouse) -> Address:
    """A new Address row holding the place's own address (a checkout owns its addresses)."""
    return Address.objects.create(
        company_name=place.company_name or place.name,
        street_address_1=place.street_address_1,
        street_address_2=place.street_address_2,
        city=place.city,
        city_area=place.city_area,
        postal_code=place.postal_code,
        country=place.country,
        country_area=place.country_area,
        phone=place.phone,
        division_id=place.division_id,
    )


def place_checkout_create(
    *,
    place: Warehouse,
    lines: Sequence[PlaceLine],
    channel: Channel | None = None,
    email: str | None = None,
    user=None,
) -> Checkout:
    """A checkout of `lines` collected at `place`, ready to pay; ValidationFailed (field
    `lines`, `place` …) if the place cannot hand them over. Call inside a transaction."""
    if place.click_and_collect_option == ClickAndCollectOption.DISABLED:
        raise ValidationFailed.single(
            "place", "INVALID", "The place does not offer click and collect."
        )
    if not lines:
        raise ValidationFailed.single("lines", "REQUIRED", "Add at least one product.")
    checkout = checkout_services.checkout_create(
        channel=channel or place_channel(place), user=user, email=email or None
    )
    checkout.collection_point = place
    checkout.shipping_address = place_address(place)
    checkout.billing_address = place_address(place)
    checkout.save(update_fields=["collection_point", "shipping_address", "billing_address"])
    checkout = checkout_lines_add(
        checkout=checkout,
        lines=[LineInput(variant_id=line.variant.pk, quantity=line.quantity) for line in lines],
    )
    return checkout_delivery_method_update(checkout=checkout, method=place)
