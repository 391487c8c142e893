"""A partner channel's prices follow its base channel by a percentage, rounded half up, and
follow every change of the base prices after it commits."""

from decimal import Decimal

import pytest

from catalog.models import PriceRounding, ProductChannelListing, ProductVariantChannelListing
from catalog.services.partner_channels import partner_channel_attach
from catalog.services.partner_prices import partner_price, partner_prices_sync
from infra.accounts.permissions import PermissionEnum
from tests.factories import (
    ChannelFactory,
    ProductVariantFactory,
    list_product,
    price_variant,
    sellable_product,
)
from tests.factories.product_reads import gid, staff_with

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("base", "percent", "rounding", "expected"),
    [
        ("99.00", "10", PriceRounding.CENT, "108.90"),
        ("12.345", "0", PriceRounding.CENT, "12.35"),  # half up, not half even
        ("10.05", "10", PriceRounding.CENT, "11.06"),  # 11.055 → 11.06
        ("33.00", "-15", PriceRounding.CENT, "28.05"),
        ("12.34", "10", PriceRounding.TEN_CENTS, "13.60"),  # 13.574 → 13.6
        ("12.25", "0", PriceRounding.TEN_CENTS, "12.30"),
        ("12.34", "10", PriceRounding.YUAN, "14.00"),  # 13.574 → 14
        ("12.40", "0", PriceRounding.NINETY_NINE, "11.99"),
        ("12.60", "0", PriceRounding.NINETY_NINE, "12.99"),
        ("12.50", "0", PriceRounding.NINETY_NINE, "12.99"),  # half up
        ("0.30", "0", PriceRounding.NINETY_NINE, "0.99"),
    ],
)
def test_the_rule_rounds_half_up_in_decimal(base, percent, rounding, expected):
    price = partner_price(base=Decimal(base), percent=Decimal(percent), rounding=rounding)
    assert isinstance(price, Decimal)
    assert price == Decimal(expected)
    assert price.as_tuple().exponent == -2


@pytest.fixture
def base():
    return ChannelFactory(slug="default-channel")


def _listing(variant, channel) -> ProductVariantChannelListing:
    return ProductVariantChannelListing.objects.get(variant=variant, channel=channel)


def test_attaching_a_rule_lists_and_prices_the_base_channels_products(base):
    product = sellable_product(base, price="99.00")
    second = ProductVariantFactory(product=product)
    price_variant(second, base, "45.50")
    unpriced = ProductVariantFactory(product=product)  # listed nowhere: not sold by partners
    channel = ChannelFactory(slug="jiangsu-partner")

    partner = partner_channel_attach(
        channel=channel,
        province_zh="江苏省",
        province_en="Jiangsu",
        base_channel_id=base.pk,
        price_percent=Decimal(10),
        price_rounding=PriceRounding.TEN_CENTS,
    )

    assert partner.base_channel == base
    assert _listing(product.default_variant, channel).price_amount == Decimal("108.900")
    assert _listing(second, channel).price_amount == Decimal("50.100")  # 50.05 → 50.1
    assert not ProductVariantChannelListing.objects.filter(variant=unpriced, channel=channel)
    listing = ProductChannelListing.objects.get(product=product, channel=channel)
    # Listed for the partner to publish, priced from the lowest variant.
    assert (listing.is_published, listing.visible_in_listings) == (False, False)
    assert listing.discounted_price_amount == Decimal("50.100")


def test_publishing_copies_the_base_channels_publication(base):
    product = sellable_product(base, price="20.00")
    channel = ChannelFactory()
    partner_channel_attach(
        channel=channel,
        province_zh="上海市",
        province_en="Shanghai",
        base_channel_id=base.pk,
        publish_products=True,
    )
    base_listing = ProductChannelListing.objects.get(product=product, channel=base)
    listing = ProductChannelListing.objects.get(product=product, channel=channel)
    assert listing.is_published and listing.visible_in_listings
    assert listing.published_at == base_listing.published_at
    assert listing.available_for_purchase_at == base_listing.available_for_purchase_at


VARIANT_LISTING = """
mutation Prices($id: ID!, $input: [ProductVariantChannelListingAddInput!]!) {
  productVariantChannelListingUpdate(id: $id, input: $input) { errors { field code } }
}"""
PRODUCT_LISTING = """
mutation Listing($id: ID!, $input: ProductChannelListingUpdateInput!) {
  productChannelListingUpdate(id: $id, input: $input) { errors { field code } }
}"""


def test_a_base_price_change_reprices_the_partner_after_commit(
    base, django_capture_on_commit_callbacks
):
    product = sellable_product(base, price="100.00")
    variant = product.default_variant
    channel = ChannelFactory()
    partner_channel_attach(
        channel=channel,
        province_zh="江苏省",
        province_en="Jiangsu",
        base_channel_id=base.pk,
        price_percent=Decimal("10"),
    )
    staff = staff_with(PermissionEnum.MANAGE_PRODUCTS)
    variables = {"id": gid(variant), "input": [{"channelId": gid(base), "price": "80.00"}]}

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        errors = staff.post_graphql(VARIANT_LISTING, variables).data[
            "productVariantChannelListingUpdate"
        ]["errors"]

    assert errors == []
    assert callbacks  # the partner's prices were scheduled after the commit, not inside it
    assert _listing(variant, channel).price_amount == Decimal("88.000")
    assert ProductChannelListing.objects.get(
        product=product, channel=channel
    ).discounted_price_amount == Decimal("88.000")


def test_a_product_taken_off_the_base_channel_loses_its_partner_prices(
    base, django_capture_on_commit_callbacks
):
    product = sellable_product(base, price="100.00")
    channel = ChannelFactory()
    partner_channel_attach(
        channel=channel, province_zh="江苏省", province_en="Jiangsu", base_channel_id=base.pk
    )
    staff = staff_with(PermissionEnum.MANAGE_PRODUCTS)
    variables = {"id": gid(product), "input": {"removeChannels": [gid(base)]}}

    with django_capture_on_commit_callbacks(execute=True):
        staff.post_graphql(PRODUCT_LISTING, variables)

    assert not ProductVariantChannelListing.objects.filter(channel=channel).exists()


def test_a_partner_unlisting_a_product_is_not_undone_by_base_changes(base):
    product = sellable_product(base, price="100.00")
    channel = ChannelFactory()
    partner = partner_channel_attach(
        channel=channel, province_zh="江苏省", province_en="Jiangsu", base_channel_id=base.pk
    )
    ProductChannelListing.objects.filter(channel=channel).delete()
    ProductVariantChannelListing.objects.filter(channel=channel).delete()

    assert partner_prices_sync(partner=partner, product_ids=[product.pk]) == 0
    assert not ProductChannelListing.objects.filter(channel=channel).exists()
    # Listing new products again is an explicit choice.
    partner_prices_sync(partner=partner, list_new=True)
    assert ProductVariantChannelListing.objects.filter(channel=channel).count() == 1


def test_fixed_price_partners_keep_their_own_prices(base, django_capture_on_commit_callbacks):
    product = sellable_product(base, price="100.00")
    channel = ChannelFactory()
    partner_channel_attach(channel=channel, province_zh="上海市", province_en="Shanghai")
    list_product(product, channel)
    price_variant(product.default_variant, channel, "77.70")
    staff = staff_with(PermissionEnum.MANAGE_PRODUCTS)
    variables = {
        "id": gid(product.default_variant),
        "input": [{"channelId": gid(base), "price": "50.00"}],
    }
    with django_capture_on_commit_callbacks(execute=True):
        staff.post_graphql(VARIANT_LISTING, variables)
    assert _listing(product.default_variant, channel).price_amount == Decimal("77.700")


def test_a_sync_writes_nothing_when_prices_already_follow(base):
    sellable_product(base, price="10.00")
    channel = ChannelFactory()
    partner = partner_channel_attach(
        channel=channel, province_zh="江苏省", province_en="Jiangsu", base_channel_id=base.pk
    )
    assert partner_prices_sync(partner=partner) == 0
