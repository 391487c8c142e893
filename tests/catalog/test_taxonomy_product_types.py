import pytest

from catalog.models import AttributeProduct, AttributeType, AttributeVariant, ProductType
from infra.accounts.permissions import PermissionEnum
from infra.ids import to_global_id
from tests.conftest import permission_denied
from tests.factories import (
    AttributeFactory,
    ProductTypeFactory,
    assign_product_attribute,
    assign_variant_attribute,
)
from tests.factories.taxonomy import app_client, error_codes, staff_client

pytestmark = pytest.mark.django_db

PRODUCT_TYPES = """
query($first: Int, $filter: ProductTypeFilterInput, $sortBy: ProductTypeSortingInput) {
  productTypes(first: $first, filter: $filter, sortBy: $sortBy) {
    totalCount edges { node { slug } }
  }
}
"""
PRODUCT_TYPE = """
query($id: ID!) {
  productType(id: $id) {
    id name slug kind hasVariants isShippingRequired weight { unit value }
    productAttributes { slug }
    all: variantAttributes { slug }
    selection: variantAttributes(variantSelection: VARIANT_SELECTION) { slug }
    other: variantAttributes(variantSelection: NOT_VARIANT_SELECTION) { slug }
  }
}
"""
CREATE = """
mutation($input: ProductTypeInput!) {
  productTypeCreate(input: $input) {
    productType {
      name slug kind hasVariants isShippingRequired weight { unit value }
      productAttributes { slug } variantAttributes { slug }
    }
    errors { field code message attributes }
  }
}
"""
MANAGE_TYPES = PermissionEnum.MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES


def slugs(response):
    return [edge["node"]["slug"] for edge in response.data["productTypes"]["edges"]]


def test_product_type_with_its_attributes(api_client):
    product_type = ProductTypeFactory(
        slug="mushroom", name="菌类", kind="normal", weight="0.250", has_variants=True
    )
    origin, grade, size, color = (
        AttributeFactory(slug=s) for s in ("origin", "grade", "size", "color")
    )
    assign_product_attribute(product_type, origin)
    assign_product_attribute(product_type, grade)
    assign_variant_attribute(product_type, size, selection=True)
    assign_variant_attribute(product_type, color, selection=False)

    response = api_client.post_graphql(
        PRODUCT_TYPE, {"id": to_global_id("ProductType", product_type.pk)}
    )

    assert response.data["productType"] == {
        "id": to_global_id("ProductType", product_type.pk),
        "name": "菌类",
        "slug": "mushroom",
        "kind": "NORMAL",
        "hasVariants": True,
        "isShippingRequired": True,
        "weight": {"unit": "KG", "value": 0.25},
        "productAttributes": [{"slug": "origin"}, {"slug": "grade"}],
        "all": [{"slug": "size"}, {"slug": "color"}],
        "selection": [{"slug": "size"}],
        "other": [{"slug": "color"}],
    }


def test_product_types_filter_and_sort(api_client):
    ProductTypeFactory(slug="tea", name="茶", is_shipping_required=True)
    ProductTypeFactory(slug="voucher", name="礼品卡", kind="gift_card", is_shipping_required=False)
    ProductTypeFactory(slug="salt", name="盐", metadata={"lake": "纳木错"})

    def run(**variables):
        return slugs(api_client.post_graphql(PRODUCT_TYPES, {"first": 10, **variables}))

    assert run() == ["salt", "tea", "voucher"]
    assert run(filter={"kind": "GIFT_CARD"}) == ["voucher"]
    assert run(filter={"productType": "SHIPPABLE"}) == ["salt", "tea"]
    assert run(filter={"search": "TE"}) == ["tea"]
    assert run(filter={"metadata": [{"key": "lake", "value": "纳木错"}]}) == ["salt"]
    assert run(filter={"slugs": ["tea", "salt"]}) == ["salt", "tea"]
    assert run(sortBy={"field": "SHIPPING_REQUIRED", "direction": "ASC"}) == [
        "voucher",
        "salt",
        "tea",
    ]


def test_product_types_query_count_does_not_grow_with_page_size(
    api_client, django_assert_num_queries
):
    query = """
    query($first: Int) {
      productTypes(first: $first) { edges { node {
        slug productAttributes { slug } variantAttributes { slug }
      } } }
    }
    """
    attribute = AttributeFactory()
    for index in range(10):
        product_type = ProductTypeFactory(slug=f"t{index:02d}")
        assign_product_attribute(product_type, attribute)
        assign_variant_attribute(product_type, attribute)
    api_client.post_graphql(query, {"first": 2})

    with django_assert_num_queries(3):
        small = api_client.post_graphql(query, {"first": 2})
    with django_assert_num_queries(3):
        large = api_client.post_graphql(query, {"first": 10})

    assert len(small.data["productTypes"]["edges"]) == 2
    assert len(large.data["productTypes"]["edges"]) == 10


def test_product_type_create_with_attributes():
    origin, size = AttributeFactory(slug="origin"), AttributeFactory(slug="size")

    payload = (
        staff_client(MANAGE_TYPES)
        .post_graphql(
            CREATE,
            {
                "input": {
                    "name": "林芝松茸",
                    "kind": "NORMAL",
                    "hasVariants": True,
                    "isShippingRequired": True,
                    "weight": 0.5,
                    "productAttributes": [to_global_id("Attribute", origin.pk)],
                    "variantAttributes": [to_global_id("Attribute", size.pk)],
                }
            },
        )
        .data["productTypeCreate"]
    )

    assert payload == {
        "productType": {
            "name": "林芝松茸",
            "slug": "lin-zhi-song-rong",
            "kind": "NORMAL",
            "hasVariants": True,
            "isShippingRequired": True,
            "weight": {"unit": "KG", "value": 0.5},
            "productAttributes": [{"slug": "origin"}],
            "variantAttributes": [{"slug": "size"}],
        },
        "errors": [],
    }
    product_type = ProductType.objects.get()
    assert AttributeProduct.objects.get(product_type=product_type).attribute == origin
    assert AttributeVariant.objects.get(product_type=product_type).attribute == size


def test_product_type_create_by_app_defaults_to_normal():
    payload = (
        app_client(MANAGE_TYPES)
        .post_graphql(CREATE, {"input": {"name": "Tea"}})
        .data["productTypeCreate"]
    )

    assert payload["productType"]["kind"] == "NORMAL"
    assert payload["productType"]["slug"] == "tea"


def test_product_type_create_refuses_page_attributes():
    page_attribute = AttributeFactory(type=AttributeType.PAGE_TYPE)
    attribute_id = to_global_id("Attribute", page_attribute.pk)

    payload = (
        staff_client(MANAGE_TYPES)
        .post_graphql(CREATE, {"input": {"name": "Tea", "variantAttributes": [attribute_id]}})
        .data["productTypeCreate"]
    )

    assert payload["errors"] == [
        {
            "field": "variantAttributes",
            "code": "INVALID",
            "message": "Only Product type attributes are allowed.",
            "attributes": [attribute_id],
        }
    ]
    assert ProductType.objects.count() == 0


@pytest.mark.parametrize(
    ("product_input", "expected"),
    [
        ({"name": "Tea", "weight": -1}, [("weight", "INVALID")]),
        ({"name": "Tea", "slug": "taken"}, [("slug", "UNIQUE")]),
        ({"slug": "new"}, [("name", "REQUIRED")]),
        (
            {"name": "Tea", "productAttributes": [to_global_id("Attribute", 999)]},
            [("productAttributes", "GRAPHQL_ERROR")],
        ),
    ],
)
def test_product_type_create_bad_input_changes_nothing(product_input, expected):
    ProductTypeFactory(slug="taken")

    payload = (
        staff_client(MANAGE_TYPES)
        .post_graphql(CREATE, {"input": product_input})
        .data["productTypeCreate"]
    )

    assert error_codes(payload) == expected
    assert ProductType.objects.count() == 1


def test_product_type_create_refuses_tax_classes():
    response = staff_client(MANAGE_TYPES).post_graphql(
        CREATE, {"input": {"name": "Tea", "taxClass": to_global_id("TaxClass", 1)}}
    )

    assert response.errors[0]["message"] == "Input field `taxClass` is not supported."


@pytest.mark.parametrize("caller", ["anonymous", "customer", "staff", "app"])
def test_product_type_create_is_refused_without_the_permission(caller, api_client, user_api_client):
    client = {
        "anonymous": api_client,
        "customer": user_api_client,
        "staff": staff_client(PermissionEnum.MANAGE_PRODUCTS),
        "app": app_client(PermissionEnum.MANAGE_PRODUCTS),
    }[caller]

    response = client.post_graphql(CREATE, {"input": {"name": "Tea"}})

    assert permission_denied(response)
    assert response.errors[0]["message"] == (
        "To access this path, you need one of the following permissions: "
        "MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES"
    )
    assert ProductType.objects.count() == 0
