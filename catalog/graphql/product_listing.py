"""ProductChannelListing and ProductVariantChannelListing: a product's life in one channel."""

from ariadne import ObjectType

from catalog.graphql.loaders import (
    PricedVariantChannelListingsByProductIdAndChannelIdLoader,
    load_for,
)
from catalog.graphql.pricing import money, product_pricing
from catalog.models import ProductChannelListing, ProductVariantChannelListing
from infra.accounts.permissions import PermissionEnum
from infra.graphql.permissions import require_one_of

product_listing_type = ObjectType("ProductChannelListing")
variant_listing_type = ObjectType("ProductVariantChannelListing")


@product_listing_type.field("discountedPrice")
def resolve_discounted_price(listing: ProductChannelListing, _info):
    return money(listing.discounted_price_amount, listing.currency)


@product_listing_type.field("isAvailableForPurchase")
def resolve_is_available_for_purchase(listing: ProductChannelListing, _info) -> bool:
    return listing.is_available_for_purchase()


@product_listing_type.field("pricing")
def resolve_pricing(listing: ProductChannelListing, info, address=None):
    variant_listings = load_for(
        info,
        PricedVariantChannelListingsByProductIdAndChannelIdLoader,
        listing,
        lambda row: (row.product_id, row.channel_id),
    )
    return product_pricing(listing, variant_listings)


@variant_listing_type.field("price")
def resolve_price(listing: ProductVariantChannelListing, _info):
    return money(listing.price_amount, listing.currency)


@variant_listing_type.field("costPrice")
def resolve_cost_price(listing: ProductVariantChannelListing, info):
    require_one_of(info, PermissionEnum.MANAGE_PRODUCTS)
    return money(listing.cost_price_amount, listing.currency)


@variant_listing_type.field("priorPrice")
def resolve_prior_price(listing: ProductVariantChannelListing, _info):
    return money(listing.prior_price_amount, listing.currency)


bindables = [product_listing_type, variant_listing_type]
cost_map = {
    "ProductChannelListing": {"channel": {"complexity": 1}, "pricing": {"complexity": 1}},
    "ProductVariantChannelListing": {"channel": {"complexity": 1}},
}
