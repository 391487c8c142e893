"""Fields of Product: plain data, relations, media, attributes, translations, metadata."""

import json
from decimal import Decimal

import pytest
from django.utils import timezone

from catalog.models import (
    CollectionChannelListing,
    CollectionProduct,
    Product,
    ProductTranslation,
    ProductVariantChannelListing,
)
from infra.accounts.permissions import PermissionEnum
from tests.conftest import permission_denied
from tests.factories import (
    AttributeFactory,
    ChannelFactory,
    CollectionFactory,
    ProductFactory,
    assign_product_attribute,
)
from tests.factories.catalog import list_product
from tests.factories.product_reads import (
    ProductMediaFactory,
    add_variant,
    app_with,
    gid,
    set_value,
    staff_with,
    storefront_product,
)

PRODUCT = """
query Product($slug: String!, $channel: String) {
  product(slug: $slug, channel: $channel) { FIELDS }
}
"""


def product_field(client, selection: str, slug: str = "songrong", channel: str | None = "lhasa"):
    return client.post_graphql(
        PRODUCT.replace("FIELDS", selection), {"slug": slug, "channel": channel}
    )


@pytest.fixture
def channel(db):
    return ChannelFactory(slug="lhasa")


@pytest.fixture
def product(channel):
    return storefront_product(
        channel,
        slug="songrong",
        name="林芝松茸",
        seo_title="松茸",
        seo_description="Nyingchi matsutake",
        description={"blocks": [{"type": "paragraph", "data": {"text": "野生"}}]},
        weight=Decimal("0.250"),
        rating=4.5,
        external_reference="ERP-7",
        prices=("88.00", "120.00"),
    )


def test_plain_fields_read_the_product(api_client, product):
    response = product_field(
        api_client,
        "id name slug seoTitle seoDescription description rating externalReference "
        "weight { unit value } created updatedAt channel",
    )

    data = response.data["product"]
    assert data["id"] == gid(product)
    assert data["name"] == "林芝松茸"
    assert data["slug"] == "songrong"
    assert data["seoTitle"] == "松茸"
    assert data["seoDescription"] == "Nyingchi matsutake"
    assert json.loads(data["description"]) == {
        "blocks": [{"type": "paragraph", "data": {"text": "野生"}}]
    }
    assert data["rating"] == 4.5
    assert data["externalReference"] == "ERP-7"
    assert data["weight"] == {"unit": "KG", "value": 0.25}
    assert data["created"] == product.created_at.isoformat()
    assert data["updatedAt"] == product.updated_at.isoformat()
    assert data["channel"] == "lhasa"


def test_product_without_weight_has_null_weight(api_client, channel):
    storefront_product(channel, slug="plain")

    response = product_field(api_client, "weight { value }", slug="plain")

    assert response.data["product"]["weight"] is None


def test_relations_product_type_category_and_default_variant(api_client, product):
    response = product_field(
        api_client,
        "productType { id name } category { id name } defaultVariant { id sku channel }",
    )

    data = response.data["product"]
    assert data["productType"] == {
        "id": gid(product.product_type),
        "name": product.product_type.name,
    }
    assert data["category"] == {"id": gid(product.category), "name": product.category.name}
    assert data["defaultVariant"] == {
        "id": gid(product.default_variant),
        "sku": product.default_variant.sku,
        "channel": "lhasa",
    }


def test_product_without_category_or_default_variant(api_client, channel):
    storefront_product(channel, slug="songrong", category=None)
    Product.objects.filter(slug="songrong").update(default_variant=None)

    response = product_field(api_client, "category { id } defaultVariant { id }")

    assert response.data["product"] == {"category": None, "defaultVariant": None}


def test_variants_storefront_sees_priced_variants_in_order(api_client, channel, product):
    unpriced = add_variant(product, channel, price=None, sku="UNPRICED")
    first, second = product.variants.exclude(pk=unpriced.pk).order_by("sort_order", "sku")

    response = product_field(api_client, "variants { sku }")

    assert response.data["product"]["variants"] == [{"sku": first.sku}, {"sku": second.sku}]


def test_variants_staff_sees_every_variant_listed_in_the_channel(channel, product):
    unpriced = add_variant(product, channel, price=None, sku="ZZ-UNPRICED")
    ProductVariantChannelListing.objects.create(variant=unpriced, channel=channel, currency="CNY")
    add_variant(product, channel, price=None, sku="ZZ-UNLISTED")
    client = staff_with(PermissionEnum.MANAGE_PRODUCTS)

    in_channel = product_field(client, "variants { sku }")
    everywhere = product_field(client, "variants { sku }", channel=None)

    assert [v["sku"] for v in in_channel.data["product"]["variants"]][-1] == "ZZ-UNPRICED"
    assert len(in_channel.data["product"]["variants"]) == 3
    assert len(everywhere.data["product"]["variants"]) == 4


def test_product_variants_connection(api_client, product):
    response = product_field(
        api_client,
        "productVariants(first: 1) { totalCount pageInfo { hasNextPage } edges { node { sku } } }",
    )

    connection = response.data["product"]["productVariants"]
    first = product.variants.order_by("sort_order", "pk").first()
    assert connection["edges"] == [{"node": {"sku": first.sku}}]
    assert connection["pageInfo"]["hasNextPage"] is True
    assert connection["totalCount"] == 2


def test_product_variants_connection_with_filter_and_cursor(api_client, product):
    second = product.variants.order_by("sort_order", "pk").last()
    page = product_field(api_client, "productVariants(first: 1) { edges { cursor } }")
    cursor = page.data["product"]["productVariants"]["edges"][0]["cursor"]

    after = product_field(
        api_client, 'productVariants(first: 5, after: "' + cursor + '") { edges { node { sku } } }'
    )
    filtered = product_field(
        api_client,
        'productVariants(first: 5, filter: {sku: ["'
        + second.sku
        + '"]}) { edges { node { sku } } }',
    )

    assert after.data["product"]["productVariants"]["edges"] == [{"node": {"sku": second.sku}}]
    assert filtered.data["product"]["productVariants"]["edges"] == [{"node": {"sku": second.sku}}]


def test_product_variants_of_a_product_hidden_from_listings_are_empty_for_storefront(
    api_client, channel
):
    storefront_product(channel, slug="songrong", visible_in_listings=False)

    response = product_field(api_client, "productVariants(first: 5) { edges { node { sku } } }")

    assert response.data["product"]["productVariants"]["edges"] == []


def test_collections_storefront_sees_only_collections_published_in_the_channel(
    api_client, channel, product
):
    published = CollectionFactory(slug="a-published")
    hidden = CollectionFactory(slug="b-hidden")
    later = CollectionFactory(slug="c-later")
    for collection in (published, hidden, later):
        CollectionProduct.objects.create(collection=collection, product=product)
    CollectionChannelListing.objects.create(
        collection=published, channel=channel, is_published=True
    )
    CollectionChannelListing.objects.create(collection=hidden, channel=channel, is_published=False)
    CollectionChannelListing.objects.create(
        collection=later,
        channel=channel,
        is_published=True,
        published_at=timezone.now() + timezone.timedelta(days=1),
    )

    storefront = product_field(api_client, "collections { slug }")
    staff = product_field(staff_with(PermissionEnum.MANAGE_PRODUCTS), "collections { slug }")

    assert storefront.data["product"]["collections"] == [{"slug": "a-published"}]
    assert [c["slug"] for c in staff.data["product"]["collections"]] == [
        "a-published",
        "b-hidden",
        "c-later",
    ]


def test_attributes_follow_the_product_type_order_and_hide_non_storefront_ones(api_client, product):
    season = AttributeFactory(slug="season", name="季节")
    grade = AttributeFactory(slug="grade", name="等级")
    internal = AttributeFactory(slug="internal", visible_in_storefront=False)
    for attribute in (grade, season, internal):
        assign_product_attribute(product.product_type, attribute)
    set_value(product, season, name="夏季", slug="summer")
    set_value(product, internal, name="x", slug="x")

    storefront = product_field(api_client, "attributes { attribute { slug } values { slug } }")
    staff = product_field(
        staff_with(PermissionEnum.MANAGE_PRODUCTS),
        "attributes { attribute { slug } values { slug } }",
    )

    assert storefront.data["product"]["attributes"] == [
        {"attribute": {"slug": "grade"}, "values": []},
        {"attribute": {"slug": "season"}, "values": [{"slug": "summer"}]},
    ]
    assert staff.data["product"]["attributes"][-1] == {
        "attribute": {"slug": "internal"},
        "values": [{"slug": "x"}],
    }


def test_media_in_order_sorted_and_by_id(api_client, product):
    first = ProductMediaFactory(product=product, sort_order=0, alt="正面")
    second = ProductMediaFactory(product=product, sort_order=1, alt="背面")

    response = product_field(
        api_client,
        'media { id alt sortOrder type productId } byId: mediaById(id: "' + gid(second) + '") '
        "{ alt } desc: media(sortBy: {field: ID, direction: DESC}) { alt }",
    )

    data = response.data["product"]
    assert data["media"] == [
        {
            "id": gid(first),
            "alt": "正面",
            "sortOrder": 0,
            "type": "IMAGE",
            "productId": gid(product),
        },
        {
            "id": gid(second),
            "alt": "背面",
            "sortOrder": 1,
            "type": "IMAGE",
            "productId": gid(product),
        },
    ]
    assert data["byId"] == {"alt": "背面"}
    assert data["desc"] == [{"alt": "背面"}, {"alt": "正面"}]


def test_media_by_id_of_another_product_is_null(api_client, product):
    other = ProductMediaFactory(product=ProductFactory())

    response = product_field(api_client, 'mediaById(id: "' + gid(other) + '") { alt }')

    assert response.data["product"]["mediaById"] is None


def test_translation_in_a_language_and_missing_language(api_client, product):
    translation = ProductTranslation.objects.create(
        product=product, language_code="bo", name="ཤིང་རྟོག", seo_title="བོད"
    )

    response = product_field(
        api_client,
        "bo: translation(languageCode: BO) { id name seoTitle } "
        "en: translation(languageCode: EN) { name }",
    )

    assert response.data["product"]["bo"] == {
        "id": gid(translation),
        "name": "ཤིང་རྟོག",
        "seoTitle": "བོད",
    }
    assert response.data["product"]["en"] is None


def test_availability_for_purchase_in_the_channel(api_client, channel, product):
    listing = product.channel_listings.get(channel=channel)

    response = product_field(api_client, "isAvailableForPurchase availableForPurchaseAt")

    assert response.data["product"] == {
        "isAvailableForPurchase": True,
        "availableForPurchaseAt": listing.available_for_purchase_at.isoformat(),
    }


def test_availability_fields_are_null_without_a_channel(product):
    response = product_field(
        staff_with(PermissionEnum.MANAGE_PRODUCTS),
        "isAvailable isAvailableForPurchase availableForPurchaseAt pricing { onSale }",
        channel=None,
    )

    assert response.data["product"] == {
        "isAvailable": None,
        "isAvailableForPurchase": None,
        "availableForPurchaseAt": None,
        "pricing": None,
    }


def test_is_available_needs_stock_and_availability_for_purchase(api_client, channel, product):
    in_stock = product_field(api_client, "isAvailable")
    product.variants.first().stocks.update(quantity=0)
    product.variants.last().stocks.update(quantity=0)
    sold_out = product_field(api_client, "isAvailable")
    product.channel_listings.update(available_for_purchase_at=None)
    not_for_sale = product_field(api_client, "isAvailable")

    assert in_stock.data["product"]["isAvailable"] is True
    assert sold_out.data["product"]["isAvailable"] is False
    assert not_for_sale.data["product"]["isAvailable"] is False


def test_metadata_is_public_and_private_metadata_needs_manage_products(
    api_client, user_api_client, product
):
    product.metadata = {"origin": "林芝"}
    product.private_metadata = {"supplier": "合作社"}
    product.save()
    selection = 'metadata { key value } metafield(key: "origin")'

    public = product_field(api_client, selection)
    private_refusals = [
        product_field(client, "privateMetadata { key value }")
        for client in (api_client, user_api_client, staff_with(), app_with())
    ]
    allowed = product_field(
        staff_with(PermissionEnum.MANAGE_PRODUCTS),
        "privateMetadata { key value }",
    )

    assert public.data["product"] == {
        "metadata": [{"key": "origin", "value": "林芝"}],
        "metafield": "林芝",
    }
    assert all(permission_denied(response) for response in private_refusals)
    assert private_refusals[0].errors[0]["message"] == (
        "To access this path, you need one of the following permissions: MANAGE_PRODUCTS"
    )
    assert allowed.data["product"]["privateMetadata"] == [{"key": "supplier", "value": "合作社"}]


def test_channel_listings_need_manage_products(api_client, user_api_client, channel, product):
    other = ChannelFactory(slug="nyingchi", currency_code="CNY")
    list_product(product, other, published=False)
    selection = (
        "channelListings { id channel { slug } isPublished publishedAt visibleInListings "
        "isAvailableForPurchase discountedPrice { amount currency } "
        "pricing { priceRange { start { gross { amount } } } } }"
    )

    refusals = [
        product_field(client, selection)
        for client in (api_client, user_api_client, staff_with(PermissionEnum.MANAGE_ORDERS))
    ]
    allowed = product_field(app_with(PermissionEnum.MANAGE_PRODUCTS), selection)

    assert all(permission_denied(response) for response in refusals)
    listings = allowed.data["product"]["channelListings"]
    lhasa = product.channel_listings.get(channel=channel)
    assert listings[0] == {
        "id": gid(lhasa),
        "channel": {"slug": "lhasa"},
        "isPublished": True,
        "publishedAt": lhasa.published_at.isoformat(),
        "visibleInListings": True,
        "isAvailableForPurchase": True,
        "discountedPrice": {"amount": 88.0, "currency": "CNY"},
        "pricing": {"priceRange": {"start": {"gross": {"amount": 88.0}}}},
    }
    assert listings[1]["channel"] == {"slug": "nyingchi"}
    assert listings[1]["isPublished"] is False
    assert listings[1]["discountedPrice"] is None
    assert listings[1]["pricing"] is None


def test_media_by_id_with_a_bad_id_is_an_error(api_client, product):
    response = product_field(api_client, 'mediaById(id: "garbage") { alt }')

    assert response.errors[0]["message"] == "Couldn't resolve id: garbage."


def test_media_private_metadata_needs_manage_products(api_client, user_api_client, product):
    ProductMediaFactory(product=product, metadata={"shot": "1"}, private_metadata={"raw": "x"})
    selection = "media { metadata { key } privateMetadata { key } }"

    refusals = [
        product_field(client, selection)
        for client in (api_client, user_api_client, staff_with(), app_with())
    ]
    allowed = product_field(staff_with(PermissionEnum.MANAGE_PRODUCTS), selection)

    assert all(permission_denied(response) for response in refusals)
    assert allowed.data["product"]["media"] == [
        {"metadata": [{"key": "shot"}], "privateMetadata": [{"key": "raw"}]}
    ]
