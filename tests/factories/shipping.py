"""Factories for shipping zones, methods and their channel listings."""

from decimal import Decimal

import factory

from catalog.models import Channel, Division
from storefront.models import (
    RemoteArea,
    ShippingMethod,
    ShippingMethodChannelListing,
    ShippingMethodType,
    ShippingZone,
)


class ShippingZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShippingZone
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Zone {n}")
    countries = "CN"

    @factory.post_generation
    def channels(self, create, extracted, **_kwargs):
        if create and extracted:
            self.channels.set(extracted)

    @factory.post_generation
    def divisions(self, create, extracted, **_kwargs):
        if create and extracted:
            self.divisions.set(Division.objects.filter(code__in=extracted))


class ShippingMethodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShippingMethod

    shipping_zone = factory.SubFactory(ShippingZoneFactory)
    name = factory.Sequence(lambda n: f"Method {n}")
    type = ShippingMethodType.PRICE


class ShippingMethodChannelListingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShippingMethodChannelListing

    shipping_method = factory.SubFactory(ShippingMethodFactory)
    channel = factory.SubFactory("tests.factories.catalog.ChannelFactory")
    price = Decimal("10.00")
    currency = factory.LazyAttribute(lambda listing: listing.channel.currency_code)


def shipping_method(
    zone: ShippingZone, channel: Channel, price: str = "10.00", **fields
) -> ShippingMethod:
    """A method of `zone` listed in `channel` at `price`; `fields` split between the method
    and its listing by name (listing: *_order_price, remote_area_surcharge)."""
    listing_keys = {"minimum_order_price", "maximum_order_price", "remote_area_surcharge"}
    listing = {
        k: Decimal(v) if v is not None else None for k, v in fields.items() if k in listing_keys
    }
    method = ShippingMethodFactory(
        shipping_zone=zone, **{k: v for k, v in fields.items() if k not in listing_keys}
    )
    ShippingMethodChannelListingFactory(
        shipping_method=method, channel=channel, price=Decimal(price), **listing
    )
    return method


def flag_remote(code: str) -> RemoteArea:
    return RemoteArea.objects.create(division=Division.objects.get(code=code))
