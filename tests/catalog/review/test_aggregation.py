"""Aggregation across counties: the same thing is one product, whichever county lists it."""

from decimal import Decimal

import pytest

from catalog.models import Product, ProductVariant, ProductVariantChannelListing
from catalog.services.handbook_publish import handbook_publish
from tests.catalog.review.conftest import (
    BAYI,
    LINZHOU,
    division,
    make_entry,
    make_handbook,
    make_producer,
)
from tests.factories import ChannelFactory, ProductFactory, ProductVariantFactory

pytestmark = pytest.mark.django_db


def test_same_producer_name_and_specification_merge(channel, other_channel):
    producer = make_producer(LINZHOU, name="西藏高原青稞有限公司")
    linzhou = make_handbook(LINZHOU, channels=[channel])
    first = make_entry(linzhou, producer=producer, name_en="", name_bo="")
    bayi = make_handbook(BAYI, channels=[other_channel])
    second = make_entry(
        bayi,
        producer=producer,
        name_zh=" 青稞 糌粑 ",
        specification="500 克 / 袋",
        name_en="Highland barley tsampa",
        price_min=Decimal("26"),
    )
    [product] = handbook_publish(handbook=linzhou)

    assert handbook_publish(handbook=bayi) == [product]

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.product == second.product == product
    assert Product.objects.count() == 1
    assert ProductVariant.objects.count() == 1
    product.refresh_from_db()
    assert product.origin == division(LINZHOU)  # the first county keeps it
    assert product.name == "青稞糌粑"
    # The joining county fills what was missing, and prices its own channel.
    assert product.translations.get(language_code="en").name == "Highland barley tsampa"
    prices = ProductVariantChannelListing.objects.filter(variant__product=product)
    assert {p.channel_id: p.price_amount for p in prices} == {
        channel.pk: Decimal("28.00"),
        other_channel.pk: Decimal("26.00"),
    }
    assert set(product.channel_listings.values_list("channel_id", flat=True)) == {
        channel.pk,
        other_channel.pk,
    }


def test_same_gtin_merges_across_counties(channel):
    linzhou = make_handbook(LINZHOU, channels=[channel])
    make_entry(linzhou, gtin="06901234567892", producer=make_producer(LINZHOU))
    bayi = make_handbook(BAYI, channels=[channel])
    entry = make_entry(
        bayi,
        gtin="06901234567892",
        name_zh="糌粑（青稞）",
        specification="0.5kg",
        producer=make_producer(BAYI, name="巴宜区商贸公司"),
    )
    [product] = handbook_publish(handbook=linzhou)

    handbook_publish(handbook=bayi)

    entry.refresh_from_db()
    assert entry.product == product
    assert Product.objects.count() == 1
    assert ProductVariant.objects.count() == 1
    product.refresh_from_db()
    assert product.producer.county == division(LINZHOU)


def test_gtin_merges_into_a_catalog_product(channel):
    existing = ProductFactory(name="青稞糌粑礼盒", gtin="06901234567892")
    variant = ProductVariantFactory(product=existing, sku="EXISTING-1")
    existing.default_variant = variant
    existing.save()
    handbook = make_handbook(LINZHOU, channels=[channel])
    make_entry(handbook, gtin="06901234567892")

    assert handbook_publish(handbook=handbook) == [existing]

    existing.refresh_from_db()
    assert existing.name == "青稞糌粑礼盒"  # another county's product is not renamed
    assert existing.origin == division(LINZHOU)  # but what was missing is filled
    assert list(existing.variants.values_list("sku", flat=True)) == ["EXISTING-1"]
    assert ProductVariantChannelListing.objects.get(variant=variant).price_amount == Decimal(
        "28.00"
    )


@pytest.mark.parametrize(
    ("changes", "why"),
    [
        ({"specification": "1000克/袋"}, "another size"),
        ({"name_zh": "青稞挂面"}, "another product"),
        ({"producer": "other"}, "another producer"),
        ({"producer": None}, "no producer to compare"),
    ],
)
def test_different_things_stay_apart(channel, changes, why):
    producer = make_producer(LINZHOU)
    linzhou = make_handbook(LINZHOU, channels=[channel])
    make_entry(linzhou, producer=producer)
    bayi = make_handbook(BAYI, channels=[channel])
    if changes.get("producer") == "other":
        changes = {"producer": make_producer(BAYI)}
    fields = {"producer": producer, **changes}
    make_entry(bayi, **fields)

    handbook_publish(handbook=linzhou)
    handbook_publish(handbook=bayi)

    assert Product.objects.count() == 2, why
    assert set(Product.objects.values_list("origin__code", flat=True)) == {LINZHOU, BAYI}


def test_gtin_comes_before_producer_and_name(channel):
    """Same producer and name as one product, the GTIN of another: the GTIN decides."""
    producer = make_producer(LINZHOU)
    linzhou = make_handbook(LINZHOU, channels=[channel])
    make_entry(linzhou, producer=producer)
    [product] = handbook_publish(handbook=linzhou)
    ProductFactory(gtin="06901234567892")
    bayi = make_handbook(BAYI, channels=[ChannelFactory()])
    make_entry(bayi, producer=producer, gtin="06901234567892")

    [joined] = handbook_publish(handbook=bayi)

    assert joined != product
    assert joined.gtin == "06901234567892"
