"""Query.productVariant / productVariants and the ProductVariant type."""

from decimal import Decimal

import pytest
from django.test import override_settings

from catalog.models import ProductVariantChannelListing, ProductVariantTranslation
from infra.accounts.permissions import PermissionEnum
from tests.conftest import permission_denied
from tests.factories import (
    AttributeFactory,
    ChannelFactory,
    StockFactory,
    WarehouseFactory,
    assign_variant_attribute,
)
from tests.factories.product_reads import (
    ProductMediaFactory,
    add_variant,
    app_with,
    gid,
    set_variant_value,
    staff_with,
    storefront_product,
)

VARIANT = """
query Variant($id: ID, $sku: String, $externalReference: String, $channel: String) {
  productVariant(id: $id, sku: $sku, externalReference: $externalReference, channel: $channel) {
    FIELDS
  }
}
"""

VARIANTS = """
query Variants(
  $ids: [ID!], $channel: String, $filter: ProductVariantFilterInput,
  $where: ProductVariantWhereInput, $search: String, $sortBy: ProductVariantSortingInput
) {
  productVariants(
    first: 10, ids: $ids, channel: $channel, filter: $filter, where: $where, search: $search,
    sortBy: $sortBy
  ) {
    totalCount
    edges { node { sku } }
  }
}
"""


@pytest.fixture
def channel(db):
    return ChannelFactory(slug="lhasa")


@pytest.fixture
def product(channel):
    return storefront_product(channel, slug="songrong", prices=("88.00",))


@pytest.fixture
def variant(product):
    variant = product.variants.get()
    variant.sku = "SR-250"
    variant.name = "250克"
    variant.external_reference = "ERP-V1"
    variant.weight = Decimal("0.300")
    variant.quantity_limit_per_customer = 3
    variant.save()
    return variant


def variant_field(client, selection, channel="lhasa", **lookup):
    lookup = lookup or {"sku": "SR-250"}
    return client.post_graphql(VARIANT.replace("FIELDS", selection), {**lookup, "channel": channel})


def skus(response) -> list[str]:
    return [edge["node"]["sku"] for edge in response.data["productVariants"]["edges"]]


def test_variant_by_id_sku_and_external_reference(api_client, variant):
    selection = "id sku name"
    expected = {"id": gid(variant), "sku": "SR-250", "name": "250克"}

    assert variant_field(api_client, selection, id=gid(variant)).data["productVariant"] == expected
    assert variant_field(api_client, selection, sku="SR-250").data["productVariant"] == expected
    by_reference = variant_field(api_client, selection, externalReference="ERP-V1")
    assert by_reference.data["productVariant"] == expected


def test_variant_plain_fields(api_client, variant):
    response = variant_field(
        api_client,
        "trackInventory quantityLimitPerCustomer weight { unit value } channel externalReference "
        "created updatedAt product { slug channel }",
    )

    assert response.data["productVariant"] == {
        "trackInventory": True,
        "quantityLimitPerCustomer": 3,
        "weight": {"unit": "KG", "value": 0.3},
        "channel": "lhasa",
        "externalReference": "ERP-V1",
        "created": variant.created_at.isoformat(),
        "updatedAt": variant.updated_at.isoformat(),
        "product": {"slug": "songrong", "channel": "lhasa"},
    }


def test_variant_without_price_is_hidden_from_the_storefront(api_client, channel, product):
    add_variant(product, channel, price=None, sku="UNPRICED")

    storefront = variant_field(api_client, "sku", sku="UNPRICED")
    staff = variant_field(staff_with(PermissionEnum.MANAGE_PRODUCTS), "sku", sku="UNPRICED")

    assert storefront.data["productVariant"] is None
    assert staff.data["productVariant"] == {"sku": "UNPRICED"}


def test_variant_of_an_unpublished_product_is_hidden_from_the_storefront(
    api_client, user_api_client, channel
):
    storefront_product(channel, slug="draft", published=False)

    for client in (api_client, user_api_client, app_with()):
        response = client.post_graphql(VARIANTS, {"channel": "lhasa"})

        assert skus(response) == []


def test_variant_requires_one_lookup_and_a_variant_id(api_client, variant):
    none_given = variant_field(api_client, "sku", id=None)
    wrong_type = variant_field(api_client, "sku", id=gid(variant.product))

    assert none_given.errors[0]["message"] == (
        "At least one of arguments is required: 'id', 'sku', 'external_reference'."
    )
    assert wrong_type.errors[0]["message"] == (
        f"Invalid ID: {gid(variant.product)}. Expected: ProductVariant, received: Product."
    )


def test_product_variants_by_ids_and_visibility(api_client, channel, variant, product):
    hidden = storefront_product(channel, slug="hidden", visible_in_listings=False).variants.get()

    by_ids = api_client.post_graphql(
        VARIANTS, {"ids": [gid(variant), gid(hidden)], "channel": "lhasa"}
    )
    staff = staff_with(PermissionEnum.MANAGE_PRODUCTS).post_graphql(
        VARIANTS, {"ids": [gid(variant), gid(hidden)], "channel": "lhasa"}
    )

    assert skus(by_ids) == ["SR-250"]
    assert sorted(skus(staff)) == sorted(["SR-250", hidden.sku])


def test_product_variants_filter_where_search_and_sort(api_client, channel, variant, product):
    add_variant(product, channel, sku="SR-500", name="500克")
    add_variant(product, channel, sku="OTHER", name="礼盒")

    by_sku = api_client.post_graphql(VARIANTS, {"channel": "lhasa", "filter": {"sku": ["SR-500"]}})
    by_search = api_client.post_graphql(VARIANTS, {"channel": "lhasa", "search": "礼盒"})
    by_where = api_client.post_graphql(
        VARIANTS, {"channel": "lhasa", "where": {"sku": {"oneOf": ["SR-250", "OTHER"]}}}
    )
    by_or = api_client.post_graphql(
        VARIANTS,
        {
            "channel": "lhasa",
            "where": {"OR": [{"sku": {"eq": "SR-250"}}, {"sku": {"eq": "OTHER"}}]},
        },
    )
    newest_first = api_client.post_graphql(
        VARIANTS, {"channel": "lhasa", "sortBy": {"field": "LAST_MODIFIED_AT", "direction": "DESC"}}
    )

    assert skus(by_sku) == ["SR-500"]
    assert skus(by_search) == ["OTHER"]
    assert sorted(skus(by_where)) == ["OTHER", "SR-250"]
    assert sorted(skus(by_or)) == ["OTHER", "SR-250"]
    assert skus(newest_first) == ["OTHER", "SR-500", "SR-250"]


def test_product_variants_refuse_unsupported_filters(api_client, variant):
    response = api_client.post_graphql(
        VARIANTS, {"channel": "lhasa", "filter": {"isPreorder": True}}
    )

    assert response.errors[0]["message"] == "Filtering by `isPreorder` is not supported."


def test_product_variants_where_by_stock_availability(api_client, channel, variant, product):
    empty = add_variant(product, channel, sku="EMPTY", stock=0)

    in_stock = api_client.post_graphql(
        VARIANTS, {"channel": "lhasa", "where": {"stockAvailability": "IN_STOCK"}}
    )
    out_of_stock = api_client.post_graphql(
        VARIANTS, {"channel": "lhasa", "where": {"stockAvailability": "OUT_OF_STOCK"}}
    )

    assert skus(in_stock) == ["SR-250"]
    assert skus(out_of_stock) == [empty.sku]


def test_quantity_available_counts_the_channel_warehouses_minus_allocations(
    api_client, channel, variant
):
    variant.stocks.update(quantity=9, quantity_allocated=4)
    elsewhere = WarehouseFactory()
    StockFactory(warehouse=elsewhere, product_variant=variant, quantity=100)

    response = variant_field(api_client, "quantityAvailable")

    assert response.data["productVariant"]["quantityAvailable"] == 5


def test_quantity_available_is_capped_at_the_checkout_limit(api_client, variant):
    variant.stocks.update(quantity=500)

    capped = variant_field(api_client, "quantityAvailable")
    with override_settings(LIMIT_QUANTITY_PER_CHECKOUT=200):
        raised = variant_field(api_client, "quantityAvailable")

    assert capped.data["productVariant"]["quantityAvailable"] == 50
    assert raised.data["productVariant"]["quantityAvailable"] == 200


def test_quantity_available_without_tracked_inventory_is_the_limit(api_client, variant):
    variant.track_inventory = False
    variant.save()
    variant.stocks.update(quantity=0)

    response = variant_field(api_client, "quantityAvailable")

    assert response.data["productVariant"]["quantityAvailable"] == 50


def test_attributes_with_variant_selection_scopes(api_client, variant):
    product_type = variant.product.product_type
    size = AttributeFactory(slug="size")
    colour = AttributeFactory(slug="colour")
    assign_variant_attribute(product_type, size, selection=True)
    assign_variant_attribute(product_type, colour, selection=False)
    set_variant_value(variant, size, slug="250g")
    selection = (
        "all: attributes { attribute { slug } values { slug } } "
        "selection: attributes(variantSelection: VARIANT_SELECTION) { attribute { slug } } "
        "rest: attributes(variantSelection: NOT_VARIANT_SELECTION) { attribute { slug } }"
    )

    response = variant_field(api_client, selection)

    data = response.data["productVariant"]
    assert data["all"] == [
        {"attribute": {"slug": "size"}, "values": [{"slug": "250g"}]},
        {"attribute": {"slug": "colour"}, "values": []},
    ]
    assert data["selection"] == [{"attribute": {"slug": "size"}}]
    assert data["rest"] == [{"attribute": {"slug": "colour"}}]


def test_media_and_translation(api_client, variant):
    media = ProductMediaFactory(product=variant.product, alt="礼盒装")
    media.variants.add(variant)
    ProductVariantTranslation.objects.create(
        product_variant=variant, language_code="en", name="250 g"
    )

    response = variant_field(
        api_client, "media { alt } translation(languageCode: EN_US) { name language { code } }"
    )

    assert response.data["productVariant"] == {
        "media": [{"alt": "礼盒装"}],
        "translation": {"name": "250 g", "language": {"code": "EN"}},
    }


def test_stocks_need_manage_products_or_manage_orders(api_client, user_api_client, variant):
    stock = variant.stocks.get()
    stock.quantity_allocated = 2
    stock.save()
    selection = (
        "stocks { id warehouse { slug } productVariant { sku } "
        "quantity quantityAllocated quantityReserved }"
    )

    refusals = [
        variant_field(client, selection)
        for client in (api_client, user_api_client, staff_with(PermissionEnum.MANAGE_DISCOUNTS))
    ]
    allowed = [
        variant_field(client, selection)
        for client in (
            staff_with(PermissionEnum.MANAGE_PRODUCTS),
            app_with(PermissionEnum.MANAGE_ORDERS),
        )
    ]

    assert all(permission_denied(response) for response in refusals)
    assert refusals[0].errors[0]["message"] == (
        "To access this path, you need one of the following permissions: "
        "MANAGE_PRODUCTS, MANAGE_ORDERS"
    )
    for response in allowed:
        assert response.data["productVariant"]["stocks"] == [
            {
                "id": gid(stock),
                "warehouse": {"slug": stock.warehouse.slug},
                "productVariant": {"sku": "SR-250"},
                "quantity": 5,
                "quantityAllocated": 2,
                "quantityReserved": 0,
            }
        ]


def test_channel_listings_need_staff_or_app_and_cost_price_manage_products(
    api_client, user_api_client, channel, variant
):
    listing = ProductVariantChannelListing.objects.get(variant=variant, channel=channel)
    listing.cost_price_amount = Decimal("40.00")
    listing.prior_price_amount = Decimal("99.00")
    listing.save()
    selection = "channelListings { id channel { slug } price { amount } priorPrice { amount } }"

    anonymous = variant_field(api_client, selection)
    customer = variant_field(user_api_client, selection)
    staff = variant_field(staff_with(), selection)
    app = variant_field(app_with(), selection)
    cost_refused = variant_field(staff_with(), "channelListings { costPrice { amount } }")
    cost_allowed = variant_field(
        staff_with(PermissionEnum.MANAGE_PRODUCTS), "channelListings { costPrice { amount } }"
    )

    assert permission_denied(anonymous)
    assert permission_denied(customer)
    assert anonymous.errors[0]["message"] == (
        "To access this path, you need one of the following permissions: "
        "AUTHENTICATED_APP, AUTHENTICATED_STAFF_USER"
    )
    expected = [
        {
            "id": gid(listing),
            "channel": {"slug": "lhasa"},
            "price": {"amount": 88.0},
            "priorPrice": {"amount": 99.0},
        }
    ]
    assert staff.data["productVariant"]["channelListings"] == expected
    assert app.data["productVariant"]["channelListings"] == expected
    assert permission_denied(cost_refused)
    assert cost_allowed.data["productVariant"]["channelListings"] == [
        {"costPrice": {"amount": 40.0}}
    ]


def test_private_metadata_needs_manage_products(api_client, user_api_client, variant):
    variant.private_metadata = {"batch": "2024-07"}
    variant.metadata = {"grade": "A"}
    variant.save()

    refusals = [
        variant_field(client, "privateMetadata { key value }")
        for client in (api_client, user_api_client, app_with())
    ]
    allowed = variant_field(
        app_with(PermissionEnum.MANAGE_PRODUCTS), "metadata { key } privateMetadata { key value }"
    )

    assert all(permission_denied(response) for response in refusals)
    assert allowed.data["productVariant"] == {
        "metadata": [{"key": "grade"}],
        "privateMetadata": [{"key": "batch", "value": "2024-07"}],
    }
