"""Border channels, listings and paid checkouts for the border trade tests."""

import json
from decimal import Decimal

from django.test import Client

from catalog.models import Channel, ProductVariant
from storefront.border.models import BorderChannel, BorderListing, BorderPort
from storefront.border.services.channels import border_channel_create
from storefront.border.services.listings import border_listing_create
from storefront.border.services.residents import checkout_border_resident_set
from storefront.models import Checkout, Order
from storefront.payments.base import PaymentSource
from storefront.payments.dummy import DummyGateway
from storefront.services.checkout_complete import checkout_complete
from storefront.services.payments_sessions import transaction_initialize
from tests.factories.addresses import AddressFactory
from tests.factories.catalog import ChannelFactory, WarehouseFactory
from tests.factories.checkout import checkout_with_lines, purchasable_variant, ship_from

# Made-up identity card numbers with valid check characters (GB 11643).
RESIDENT_ID = "54023419900101123X"
OTHER_RESIDENT_ID = "540235198512300019"


def border_channel(port_code: str = "gyirong", slug: str | None = None) -> BorderChannel:
    channel = ChannelFactory(slug=slug or f"border-{port_code}", currency_code="CNY")
    return border_channel_create(channel=channel, port=BorderPort.objects.get(code=port_code))


def border_variant(
    border: BorderChannel,
    *,
    price: str = "5000.00",
    hs_code: str = "0902.30",
    net: str = "1.000",
    gross: str = "1.200",
    stock: int = 100,
    warehouse=None,
    **product_kwargs,
) -> tuple[ProductVariant, BorderListing]:
    """A purchasable variant of the border channel, listed with customs facts."""
    variant = purchasable_variant(
        border.channel,
        price=price,
        stock=stock,
        warehouse=warehouse or WarehouseFactory(),
        **product_kwargs,
    )
    listing = border_listing_create(
        border_channel=border,
        variant=variant,
        hs_code=hs_code,
        net_weight_kg=Decimal(net),
        gross_weight_kg=Decimal(gross),
    )
    return variant, listing


def paid_checkout(
    channel: Channel,
    lines: list[tuple[ProductVariant, int]],
    *,
    resident_id: str | None = None,
    user=None,
) -> Checkout:
    """A checkout of `lines` shipped to Lhasa with the channel's method, paid in full (dummy
    gateway), buying for the resident with `resident_id` if given."""
    warehouse = lines[0][0].stocks.first().warehouse
    checkout = checkout_with_lines(
        channel,
        lines,
        billing_address=AddressFactory(),
        shipping_method=ship_from(warehouse, channel),
        user=user,
    )
    if resident_id is not None:
        checkout_border_resident_set(checkout=checkout, id_number=resident_id)
    transaction_initialize(source=PaymentSource(checkout=checkout), gateway_id=DummyGateway.id)
    return checkout


def complete(checkout: Checkout) -> Order:
    return checkout_complete(checkout=Checkout.objects.get(pk=checkout.pk))


def post_graphql(client: Client, query: str, variables: dict | None = None, token=None) -> dict:
    """The response with every number parsed as an exact Decimal."""
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    response = client.post(
        "/graphql/",
        json.dumps({"query": query, "variables": variables or {}}),
        content_type="application/json",
        **headers,
    )
    return json.loads(response.content, parse_float=Decimal)
