"""No N+1: the SQL a product list costs does not grow with the page size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from infra.accounts.permissions import PermissionEnum
from tests.factories import (
    AttributeFactory,
    CategoryFactory,
    ChannelFactory,
    CollectionFactory,
    ProductTypeFactory,
    assign_product_attribute,
    assign_variant_attribute,
)
from tests.factories.product_reads import (
    ProductMediaFactory,
    add_variant,
    set_value,
    set_variant_value,
    staff_with,
    storefront_product,
)

PRODUCT_FIELDS = """
  id name slug
  thumbnail { url alt }
  pricing {
    onSale
    priceRange { start { gross { amount currency } } stop { gross { amount } } }
    discount { gross { amount } }
  }
  isAvailable
  attributes { attribute { slug } values { slug name } }
  category { name }
  productType { name }
  collections { slug }
  defaultVariant { sku }
  variants {
    sku
    pricing { price { gross { amount } } }
    quantityAvailable
    attributes { attribute { slug } values { slug } }
  }
"""

PRODUCTS = """
query Products($first: Int) {
  products(first: $first, channel: "lhasa") { edges { node { FIELDS } } }
}
""".replace("FIELDS", PRODUCT_FIELDS)

CATEGORY_PRODUCTS = """
query CategoryProducts($slug: String!, $first: Int) {
  category(slug: $slug) { products(first: $first, channel: "lhasa") { edges { node { FIELDS } } } }
}
""".replace("FIELDS", PRODUCT_FIELDS)

PRODUCT_DETAIL = """
query Detail($slug: String!) {
  product(slug: $slug, channel: "lhasa") {
    FIELDS
    media { url(size: 512) alt }
    productVariants(first: 10) { edges { node { sku quantityAvailable } } }
    translation(languageCode: EN) { name }
  }
}
""".replace("FIELDS", PRODUCT_FIELDS)


@pytest.fixture
def channel(db):
    return ChannelFactory(slug="lhasa")


@pytest.fixture
def shelf(channel):
    """What every product shares: category, product type with attributes, a collection."""
    product_type = ProductTypeFactory()
    grade = AttributeFactory(slug="grade")
    size = AttributeFactory(slug="size")
    assign_product_attribute(product_type, grade)
    assign_variant_attribute(product_type, size)
    return {
        "category": CategoryFactory(slug="mushrooms"),
        "product_type": product_type,
        "grade": grade,
        "size": size,
        "collection": CollectionFactory(),
    }


def stock_shelf(channel, shelf, count: int) -> None:
    for index in range(count):
        product = storefront_product(
            channel,
            slug=f"p{index:03d}",
            prices=("10.00",),
            category=shelf["category"],
            product_type=shelf["product_type"],
        )
        second = add_variant(product, channel, price="12.00")
        set_value(product, shelf["grade"], slug=f"grade-{index}")
        set_variant_value(second, shelf["size"], slug=f"size-{index}")
        ProductMediaFactory(product=product)
        product.collections.add(shelf["collection"])


def queries_for(client, query: str, variables: dict) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.post_graphql(query, variables)
    assert "errors" not in response.body, response.body["errors"]
    return len(captured.captured_queries)


@pytest.mark.parametrize("page_size", [5, 50])
def test_product_list_costs_the_same_for_any_page_size(
    api_client, channel, shelf, page_size, django_assert_num_queries
):
    stock_shelf(channel, shelf, page_size)

    # channel, products, first media with their thumbnails, variant prices (they price the
    # variants too), product listings; isAvailable: variants, stock; attributes: assignments,
    # values; category, product type, collections, their listings, default variants;
    # variant attributes: products, assignments, values.
    with django_assert_num_queries(17):
        response = api_client.post_graphql(PRODUCTS, {"first": page_size})

    assert len(response.data["products"]["edges"]) == page_size


def test_staff_product_list_costs_the_same_for_any_page_size(channel, shelf):
    stock_shelf(channel, shelf, 50)
    client = staff_with(PermissionEnum.MANAGE_PRODUCTS)
    client.post_graphql(PRODUCTS, {"first": 1})  # the token's user and permissions warm up

    small = queries_for(client, PRODUCTS, {"first": 5})
    large = queries_for(client, PRODUCTS, {"first": 50})

    assert small == large


def test_category_products_use_the_same_batched_connection(api_client, channel, shelf):
    stock_shelf(channel, shelf, 50)

    small = queries_for(api_client, CATEGORY_PRODUCTS, {"slug": "mushrooms", "first": 5})
    large = queries_for(api_client, CATEGORY_PRODUCTS, {"slug": "mushrooms", "first": 50})

    assert small == large


def test_product_detail_costs_a_fixed_number_of_queries(api_client, channel, shelf):
    stock_shelf(channel, shelf, 1)
    product_slug = "p000"
    few = queries_for(api_client, PRODUCT_DETAIL, {"slug": product_slug})
    product = shelf["category"].products.get()
    for _ in range(8):
        add_variant(product, channel, price="15.00")
        ProductMediaFactory(product=product)

    many = queries_for(api_client, PRODUCT_DETAIL, {"slug": product_slug})

    assert few == many


PRODUCT_CARDS = """
query Cards($first: Int) {
  products(first: $first, channel: "lhasa") {
    edges { node { id name slug thumbnail(size: 256) { url } FIELDS } }
  }
}
"""


def test_product_cards_cost_four_queries(api_client, channel, shelf, django_assert_num_queries):
    stock_shelf(channel, shelf, 5)
    query = PRODUCT_CARDS.replace("FIELDS", "pricing { priceRange { start { gross { amount } } } }")

    # channel, products, first media with their thumbnails, variant prices: the product
    # listings are read only when onSale is selected.
    with django_assert_num_queries(4):
        response = api_client.post_graphql(query, {"first": 5})

    assert len(response.data["products"]["edges"]) == 5


@pytest.mark.parametrize(
    "fields",
    ["pricing { onSale }", "description seoTitle", "created updatedAt rating", "metadata { key }"],
)
def test_product_cards_with_more_fields_cost_the_same_for_any_page_size(
    api_client, channel, shelf, fields
):
    stock_shelf(channel, shelf, 20)
    query = PRODUCT_CARDS.replace("FIELDS", fields)

    small = queries_for(api_client, query, {"first": 2})
    large = queries_for(api_client, query, {"first": 20})

    assert small == large
