"""products(filter: …) and products(where: …), as Saleor filters them."""

import datetime

import pytest
from django.utils import timezone

from catalog.models import (
    AttributeInputType,
    CollectionProduct,
    Product,
    ProductChannelListing,
    ProductTypeKind,
)
from infra.accounts.permissions import PermissionEnum
from tests.factories import (
    AttributeFactory,
    CategoryFactory,
    ChannelFactory,
    CollectionFactory,
    ProductTypeFactory,
    StockFactory,
    WarehouseFactory,
)
from tests.factories.product_reads import (
    discount,
    gid,
    set_value,
    set_variant_value,
    staff_with,
    storefront_product,
)

PRODUCTS = """
query Products($filter: ProductFilterInput, $where: ProductWhereInput, $channel: String) {
  products(first: 20, filter: $filter, where: $where, channel: $channel) {
    edges { node { slug } }
  }
}
"""


@pytest.fixture
def channel(db):
    return ChannelFactory(slug="lhasa")


def slugs(client, *, channel="lhasa", **arguments) -> list[str]:
    response = client.post_graphql(PRODUCTS, {"channel": channel, **arguments})
    return sorted(edge["node"]["slug"] for edge in response.data["products"]["edges"])


def error_of(client, **arguments) -> str:
    response = client.post_graphql(PRODUCTS, {"channel": "lhasa", **arguments})
    return response.errors[0]["message"]


def test_categories_include_subcategories(api_client, channel):
    food = CategoryFactory(slug="food")
    mushrooms = CategoryFactory(slug="mushrooms", parent=food)
    tea = CategoryFactory(slug="tea")
    storefront_product(channel, slug="songrong", category=mushrooms)
    storefront_product(channel, slug="barley", category=food)
    storefront_product(channel, slug="butter-tea", category=tea)

    assert slugs(api_client, filter={"categories": [gid(food)]}) == ["barley", "songrong"]
    assert slugs(api_client, filter={"categories": [gid(mushrooms)]}) == ["songrong"]
    assert slugs(api_client, where={"category": {"eq": gid(food)}}) == ["barley", "songrong"]
    assert slugs(api_client, where={"category": {"oneOf": [gid(tea)]}}) == ["butter-tea"]


def test_collections_product_types_ids_slugs_and_has_category(api_client, channel):
    summer = CollectionFactory(slug="summer")
    herbs = ProductTypeFactory(slug="herbs")
    songrong = storefront_product(channel, slug="songrong")
    storefront_product(channel, slug="cordyceps", product_type=herbs)
    storefront_product(channel, slug="loose", category=None)
    CollectionProduct.objects.create(collection=summer, product=songrong)

    assert slugs(api_client, filter={"collections": [gid(summer)]}) == ["songrong"]
    assert slugs(api_client, where={"collection": {"eq": gid(summer)}}) == ["songrong"]
    assert slugs(api_client, filter={"productTypes": [gid(herbs)]}) == ["cordyceps"]
    assert slugs(api_client, where={"productType": {"oneOf": [gid(herbs)]}}) == ["cordyceps"]
    assert slugs(api_client, filter={"ids": [gid(songrong)]}) == ["songrong"]
    assert slugs(api_client, where={"ids": [gid(songrong)]}) == ["songrong"]
    assert slugs(api_client, filter={"slugs": ["loose", "nope"]}) == ["loose"]
    assert slugs(api_client, filter={"hasCategory": False}) == ["loose"]
    assert slugs(api_client, where={"hasCategory": True}) == ["cordyceps", "songrong"]


def test_name_and_slug_where(api_client, channel):
    storefront_product(channel, slug="songrong", name="林芝松茸")
    storefront_product(channel, slug="barley", name="青稞")

    assert slugs(api_client, where={"name": {"eq": "青稞"}}) == ["barley"]
    assert slugs(api_client, where={"slug": {"oneOf": ["songrong", "x"]}}) == ["songrong"]


def test_and_or_where_operators(api_client, channel):
    storefront_product(channel, slug="songrong", name="林芝松茸")
    storefront_product(channel, slug="barley", name="青稞")
    storefront_product(channel, slug="tea", name="酥油茶")

    either = {"OR": [{"slug": {"eq": "barley"}}, {"name": {"eq": "酥油茶"}}]}
    both = {"AND": [{"slug": {"oneOf": ["barley", "tea"]}}, {"name": {"eq": "酥油茶"}}]}
    assert slugs(api_client, where=either) == ["barley", "tea"]
    assert slugs(api_client, where=both) == ["tea"]
    assert error_of(api_client, where={"OR": [{"slug": {"eq": "x"}}], "name": {"eq": "y"}}) == (
        "Cannot mix operators with other filter inputs."
    )


def test_attribute_values_numeric_ranges_and_booleans(api_client, channel):
    season = AttributeFactory(slug="season")
    altitude = AttributeFactory(slug="altitude", input_type=AttributeInputType.NUMERIC)
    wild = AttributeFactory(slug="wild", input_type=AttributeInputType.BOOLEAN)
    songrong = storefront_product(channel, slug="songrong")
    barley = storefront_product(channel, slug="barley")
    set_value(songrong, season, slug="summer", name="夏")
    set_value(barley, season, slug="autumn", name="秋")
    set_value(songrong, altitude, slug="songrong-altitude", name="3100")
    set_value(barley, altitude, slug="barley-altitude", name="4200")
    set_value(songrong, wild, slug="wild-true", name="是", boolean=True)

    by_values = {"attributes": [{"slug": "season", "values": ["summer"]}]}
    by_range = {"attributes": [{"slug": "altitude", "valuesRange": {"gte": 4000}}]}
    by_boolean = {"attributes": [{"slug": "wild", "boolean": True}]}
    by_value = {"attributes": [{"slug": "season", "value": {"slug": {"oneOf": ["autumn"]}}}]}
    by_numeric = {
        "attributes": [{"slug": "altitude", "value": {"numeric": {"range": {"lte": 3500}}}}]
    }
    by_name = {"attributes": [{"value": {"name": {"eq": "秋"}}}]}
    assert slugs(api_client, filter=by_values) == ["songrong"]
    assert slugs(api_client, filter=by_range) == ["barley"]
    assert slugs(api_client, filter=by_boolean) == ["songrong"]
    assert slugs(api_client, where=by_value) == ["barley"]
    assert slugs(api_client, where=by_numeric) == ["songrong"]
    assert slugs(api_client, where=by_name) == ["barley"]
    unknown = {"attributes": [{"slug": "nope", "values": ["x"]}]}
    assert slugs(api_client, filter=unknown) == []


def test_attribute_values_of_variants_match_the_deprecated_input(api_client, channel):
    size = AttributeFactory(slug="size")
    songrong = storefront_product(channel, slug="songrong")
    storefront_product(channel, slug="barley")
    set_variant_value(songrong.variants.get(), size, slug="250g")

    assert slugs(api_client, filter={"attributes": [{"slug": "size", "values": ["250g"]}]}) == [
        "songrong"
    ]


def test_attribute_input_rules(api_client, channel):
    mixed = [{"slug": "a", "values": ["x"]}, {"slug": "b", "value": {"slug": {"eq": "y"}}}]
    no_slug = [{"values": ["x"]}]

    assert error_of(api_client, filter={"attributes": mixed}) == (
        "The provided `attributes` input contains a mix of deprecated fields"
        "and `value`. Please use either the `AttributeInput.value` field "
        "exclusively or only the deprecated fields."
    )
    assert error_of(api_client, filter={"attributes": no_slug}) == (
        "Attribute `slug` is required when using deprecated fields in the `attributes` input. "
        "Missing at indices: 0."
    )


def test_price_and_minimal_price_ranges(api_client, channel):
    storefront_product(channel, slug="cheap", prices=("20.00",))
    storefront_product(channel, slug="mid", prices=("60.00", "300.00"))
    pricey = storefront_product(channel, slug="pricey", prices=("200.00",))
    discount(pricey.variants.get(), channel, "50.00")

    assert slugs(api_client, filter={"price": {"gte": 100}}) == ["mid", "pricey"]
    assert slugs(api_client, filter={"minimalPrice": {"lte": 55}}) == ["cheap", "pricey"]
    assert slugs(api_client, where={"price": {"range": {"lte": 25}}}) == ["cheap"]
    assert slugs(api_client, where={"price": {"eq": "300.00"}}) == ["mid"]
    assert slugs(api_client, where={"minimalPrice": {"range": {"gte": 55}}}) == ["mid"]


def test_stock_availability_in_the_channel_warehouses(api_client, channel):
    storefront_product(channel, slug="in-stock")
    empty = storefront_product(channel, slug="sold-out", stock=0)
    StockFactory(warehouse=WarehouseFactory(), product_variant=empty.variants.get(), quantity=9)
    allocated = storefront_product(channel, slug="all-allocated", stock=2)
    allocated.variants.get().stocks.update(quantity_allocated=2)

    assert slugs(api_client, filter={"stockAvailability": "IN_STOCK"}) == ["in-stock"]
    assert slugs(api_client, where={"stockAvailability": "OUT_OF_STOCK"}) == [
        "all-allocated",
        "sold-out",
    ]


def test_stocks_by_warehouse_and_quantity(api_client, channel):
    lhasa_store = WarehouseFactory(slug="lhasa-store")
    big = storefront_product(channel, slug="big", stock=40)
    storefront_product(channel, slug="small", stock=3)
    StockFactory(warehouse=lhasa_store, product_variant=big.variants.get(), quantity=1)

    assert slugs(api_client, filter={"stocks": {"warehouseIds": [gid(lhasa_store)]}}) == ["big"]
    assert slugs(api_client, filter={"stocks": {"quantity": {"lte": 10}}}) == ["small"]
    assert slugs(
        api_client,
        where={"stocks": {"warehouseIds": [gid(lhasa_store)], "quantity": {"gte": 1}}},
    ) == ["big"]


def test_channel_listing_filters_for_staff(channel):
    storefront_product(channel, slug="live")
    storefront_product(channel, slug="draft", published=False)
    storefront_product(channel, slug="unlisted", visible_in_listings=False)
    ProductChannelListing.objects.filter(product__slug="draft").update(
        available_for_purchase_at=None
    )
    client = staff_with(PermissionEnum.MANAGE_PRODUCTS)
    tomorrow = (timezone.now() + datetime.timedelta(days=1)).isoformat()

    assert slugs(client, filter={"isPublished": False}) == ["draft"]
    assert slugs(client, where={"isPublished": True}) == ["live", "unlisted"]
    assert slugs(client, filter={"isVisibleInListing": False}) == ["draft", "unlisted"]
    assert slugs(client, filter={"isAvailable": False}) == ["draft"]
    assert slugs(client, where={"isAvailable": True}) == ["live", "unlisted"]
    assert slugs(client, filter={"publishedFrom": tomorrow}) == ["live", "unlisted"]
    assert slugs(client, where={"availableFrom": tomorrow}) == ["live", "unlisted"]


def test_channel_dependent_filters_use_the_default_channel_when_none_is_named(channel):
    storefront_product(channel, slug="live")
    storefront_product(channel, slug="draft", published=False)
    client = staff_with(PermissionEnum.MANAGE_PRODUCTS)

    assert slugs(client, channel=None, filter={"isPublished": True}) == ["live"]
    assert slugs(client, channel=None, filter={"isPublished": True, "channel": "lhasa"}) == ["live"]
    ChannelFactory(slug="nyingchi")
    response = client.post_graphql(PRODUCTS, {"filter": {"isPublished": True}})
    assert response.errors[0]["message"] == (
        "More than one channel exists. Specify which channel to use."
    )


def test_gift_card_metadata_and_updated_at(api_client, channel):
    cards = ProductTypeFactory(slug="cards", kind=ProductTypeKind.GIFT_CARD)
    storefront_product(channel, slug="card", product_type=cards)
    tagged = storefront_product(channel, slug="tagged")
    tagged.metadata = {"origin": "林芝", "organic": "yes"}
    tagged.save()
    Product.objects.filter(slug="card").update(
        updated_at=timezone.now() - datetime.timedelta(days=30)
    )
    week_ago = (timezone.now() - datetime.timedelta(days=7)).isoformat()

    assert slugs(api_client, filter={"giftCard": True}) == ["card"]
    assert slugs(api_client, where={"giftCard": False}) == ["tagged"]
    assert slugs(api_client, filter={"metadata": [{"key": "origin", "value": "林芝"}]}) == [
        "tagged"
    ]
    assert slugs(api_client, where={"metadata": [{"key": "organic"}]}) == ["tagged"]
    assert slugs(api_client, filter={"updatedAt": {"lte": week_ago}}) == ["card"]
    assert slugs(api_client, where={"updatedAt": {"range": {"gte": week_ago}}}) == ["tagged"]


def test_unsupported_and_conflicting_inputs_are_refused(api_client, channel):
    assert error_of(api_client, filter={"hasPreorderedVariants": True}) == (
        "Filtering by `hasPreorderedVariants` is not supported."
    )
    assert error_of(api_client, where={"hasPreorderedVariants": False}) == (
        "Filtering by `hasPreorderedVariants` is not supported."
    )
    assert error_of(api_client, filter={"slugs": ["a"]}, where={"slug": {"eq": "a"}}) == (
        "Only one filtering argument (filter or where) can be specified."
    )
    assert error_of(api_client, filter={"ids": ["garbage"]}) == "Couldn't resolve id: garbage."


def test_explicit_null_where_values_match_nothing(api_client, channel):
    storefront_product(channel, slug="songrong")

    assert slugs(api_client, where={"isPublished": None}) == []
    assert slugs(api_client, where={"name": {"eq": None}}) == []


def test_search_argument_and_filter(api_client, channel):
    pytest.importorskip("catalog.selectors.search")
    from catalog.services.search_index import products_search_index_update

    songrong = storefront_product(channel, slug="songrong", name="林芝松茸")
    barley = storefront_product(channel, slug="barley", name="青稞")
    products_search_index_update(product_ids=[songrong.pk, barley.pk])

    response = api_client.post_graphql(
        """query { products(first: 5, channel: "lhasa", search: "松茸") {
            edges { node { slug } } } }"""
    )
    by_filter = slugs(api_client, filter={"search": "青稞"})

    assert [edge["node"]["slug"] for edge in response.data["products"]["edges"]] == ["songrong"]
    assert by_filter == ["barley"]
