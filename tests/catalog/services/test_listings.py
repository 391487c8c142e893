"""The lowest variant price kept on product channel listings."""

from decimal import Decimal

from catalog.models import ProductChannelListing, ProductVariantChannelListing
from catalog.services.listings import product_discounted_prices_refresh
from tests.factories import ChannelFactory, ProductFactory, ProductVariantFactory, list_product
from tests.factories.catalog import price_variant


def test_refresh_sets_lowest_price_per_channel(db):
    lhasa, shigatse = ChannelFactory(), ChannelFactory()
    product = ProductFactory()
    a, b = ProductVariantFactory(product=product), ProductVariantFactory(product=product)
    for channel in (lhasa, shigatse):
        list_product(product, channel)
    price_variant(a, lhasa, "30")
    price_variant(b, lhasa, "20")
    price_variant(a, shigatse, "25")
    ProductVariantChannelListing.objects.filter(variant=b, channel=lhasa).update(
        discounted_price_amount=Decimal("15")
    )
    ProductChannelListing.objects.update(discounted_price_amount=None)

    product_discounted_prices_refresh(product_ids=[product.pk])

    assert dict(
        ProductChannelListing.objects.values_list("channel_id", "discounted_price_amount")
    ) == {lhasa.pk: Decimal("15.000"), shigatse.pk: Decimal("25.000")}


def test_refresh_clears_price_without_priced_variants(db):
    channel = ChannelFactory()
    product = ProductFactory()
    listing = list_product(product, channel)
    ProductChannelListing.objects.filter(pk=listing.pk).update(discounted_price_amount=Decimal("9"))

    product_discounted_prices_refresh(product_ids=[product.pk])

    listing.refresh_from_db()
    assert listing.discounted_price_amount is None


def test_refresh_with_query_count_independent_of_products(db, django_assert_num_queries):
    channel = ChannelFactory()
    products = [ProductFactory() for _ in range(5)]
    for product in products:
        list_product(product, channel)

    with django_assert_num_queries(1):
        product_discounted_prices_refresh(product_ids=[p.pk for p in products])
