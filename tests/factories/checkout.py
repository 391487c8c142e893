"""Checkouts, and a variant a shopper can buy and have shipped to China.

`purchasable_variant(channel)` builds the whole chain a checkout needs: a product published and
available in the channel, a priced variant, stock in a warehouse of the channel, and a shipping
zone of the channel serving CN from that warehouse with one method (`ship_from` returns it).
"""

from collections.abc import Iterable

import factory

from catalog.models import Channel, ProductVariant, Warehouse
from storefront.models import Checkout, CheckoutLine, ShippingMethod, ShippingZone
from tests.factories.addresses import AddressFactory
from tests.factories.catalog import ChannelFactory, WarehouseFactory, sellable_product
from tests.factories.shipping import ShippingZoneFactory, shipping_method


def ship_from(warehouse: Warehouse, channel: Channel, *, price: str = "10.00") -> ShippingMethod:
    """The method of the channel's CN zone served by `warehouse` (created on first use)."""
    zone = ShippingZone.objects.filter(channels=channel, warehouses=warehouse).first()
    if zone is None:
        zone = ShippingZoneFactory(channels=[channel], countries="CN")
        zone.warehouses.add(warehouse)
        return shipping_method(zone, channel, price, name="EMS")
    return zone.shipping_methods.order_by("pk").first()


def purchasable_variant(
    channel: Channel,
    *,
    price: str = "99.00",
    stock: int = 10,
    warehouse: Warehouse | None = None,
    shipping_price: str = "10.00",
    **product_kwargs,
) -> ProductVariant:
    """A variant of a published, purchasable product, priced and in stock in `channel`, in a
    warehouse that ships to CN through a zone of the channel."""
    warehouse = warehouse or WarehouseFactory()
    product = sellable_product(
        channel, price=price, stock=stock, warehouse=warehouse, **product_kwargs
    )
    ship_from(warehouse, channel, price=shipping_price)
    return product.default_variant


class CheckoutFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Checkout

    channel = factory.SubFactory(ChannelFactory)
    currency = factory.LazyAttribute(lambda checkout: checkout.channel.currency_code)
    email = factory.Sequence(lambda n: f"shopper{n}@example.com")


class CheckoutLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckoutLine

    checkout = factory.SubFactory(CheckoutFactory)
    variant = factory.SubFactory("tests.factories.catalog.ProductVariantFactory")
    quantity = 1


def checkout_with_lines(
    channel: Channel,
    lines: Iterable[tuple[ProductVariant, int]],
    *,
    shipping_address: bool = True,
    **fields,
) -> Checkout:
    """A checkout of `channel` holding (variant, quantity) lines, shipping to Lhasa."""
    if shipping_address:
        fields.setdefault("shipping_address", AddressFactory())
    checkout = CheckoutFactory(channel=channel, **fields)
    for variant, quantity in lines:
        CheckoutLineFactory(checkout=checkout, variant=variant, quantity=quantity)
    return checkout
