"""productVariantCreate, productVariantUpdate, productVariantDelete."""

from decimal import Decimal

import pytest

from catalog.models import (
    AssignedVariantAttributeValue,
    AttributeInputType,
    ProductChannelListing,
    ProductVariant,
    Stock,
)
from infra.accounts.permissions import PermissionEnum
from tests.conftest import permission_denied
from tests.factories import (
    AttributeValueFactory,
    ChannelFactory,
    ProductFactory,
    ProductTypeFactory,
    ProductVariantFactory,
    WarehouseFactory,
    list_product,
    price_variant,
)
from tests.factories.writes import (
    app_client,
    gid,
    product_attribute,
    staff_client,
    variant_attribute,
)

CREATE = """
mutation Create($input: ProductVariantCreateInput!) {
  productVariantCreate(input: $input) {
    productVariant { id name sku }
    errors { field code message attributes }
  }
}
"""

UPDATE = """
mutation Update($id: ID, $sku: String, $externalReference: String, $input: ProductVariantInput!) {
  productVariantUpdate(id: $id, sku: $sku, externalReference: $externalReference, input: $input) {
    productVariant { id name sku }
    errors { field code message attributes }
  }
}
"""

DELETE = """
mutation Delete($id: ID, $sku: String, $externalReference: String) {
  productVariantDelete(id: $id, sku: $sku, externalReference: $externalReference) {
    productVariant { id }
    errors { field code message }
  }
}
"""


@pytest.fixture
def sized_product(db):
    product_type = ProductTypeFactory()
    size = variant_attribute(product_type, name="规格")
    return ProductFactory(product_type=product_type), size


def test_variant_create_with_attributes_and_stocks(sized_product):
    product, size = sized_product
    warehouse = WarehouseFactory()

    response = staff_client().post_graphql(
        CREATE,
        {
            "input": {
                "product": gid(product),
                "sku": "  MATSUTAKE-500 ",
                "attributes": [{"id": gid(size), "dropdown": {"value": "500克"}}],
                "stocks": [{"warehouse": gid(warehouse), "quantity": 12}],
                "weight": "0.6",
                "quantityLimitPerCustomer": 3,
                "metadata": [{"key": "grade", "value": "A"}],
            }
        },
    )

    payload = response.data["productVariantCreate"]
    variant = ProductVariant.objects.get()
    assert payload == {
        "productVariant": {"id": gid(variant), "name": "500克", "sku": "MATSUTAKE-500"},
        "errors": [],
    }
    assert (variant.weight, variant.quantity_limit_per_customer) == (Decimal("0.600"), 3)
    assert variant.track_inventory is True
    assert variant.metadata == {"grade": "A"}
    assert list(Stock.objects.values_list("warehouse_id", "quantity")) == [(warehouse.pk, 12)]
    product.refresh_from_db()
    assert product.default_variant == variant


def test_variant_create_name_falls_back_to_sku(db):
    product = ProductFactory()

    response = staff_client().post_graphql(
        CREATE, {"input": {"product": gid(product), "sku": "YAK-1", "attributes": []}}
    )

    assert response.data["productVariantCreate"]["productVariant"]["name"] == "YAK-1"


def test_variant_create_with_taken_sku(db):
    ProductVariantFactory(sku="YAK-1")
    product = ProductFactory()

    response = staff_client().post_graphql(
        CREATE, {"input": {"product": gid(product), "sku": "YAK-1", "attributes": []}}
    )

    assert response.data["productVariantCreate"]["errors"] == [
        {
            "field": "sku",
            "code": "UNIQUE",
            "message": "Product variant with this Sku already exists.",
            "attributes": None,
        }
    ]
    assert ProductVariant.objects.count() == 1


def test_variant_create_with_same_values_as_sibling(sized_product):
    product, size = sized_product
    small = AttributeValueFactory(attribute=size, name="250克")
    sibling = ProductVariantFactory(product=product)
    AssignedVariantAttributeValue.objects.create(variant=sibling, value=small)

    response = staff_client().post_graphql(
        CREATE,
        {
            "input": {
                "product": gid(product),
                "attributes": [{"id": gid(size), "dropdown": {"value": "250克"}}],
            }
        },
    )

    assert response.data["productVariantCreate"]["errors"] == [
        {
            "field": "attributes",
            "code": "DUPLICATED_INPUT_ITEM",
            "message": "Duplicated attribute values for product variant.",
            "attributes": [gid(size)],
        }
    ]
    assert ProductVariant.objects.count() == 1


def test_variant_create_with_product_attribute(sized_product):
    product, _size = sized_product
    origin = product_attribute(product.product_type)

    response = staff_client().post_graphql(
        CREATE,
        {
            "input": {
                "product": gid(product),
                "attributes": [{"id": gid(origin), "dropdown": {"value": "林芝"}}],
            }
        },
    )

    assert response.data["productVariantCreate"]["errors"] == [
        {
            "field": "attributes",
            "code": "ATTRIBUTE_CANNOT_BE_ASSIGNED",
            "message": "Given attributes are not a variant attributes.",
            "attributes": [gid(origin)],
        }
    ]


def test_variant_create_requires_required_attributes(db):
    product_type = ProductTypeFactory()
    variant_attribute(product_type, AttributeInputType.NUMERIC, value_required=True)
    product = ProductFactory(product_type=product_type)

    response = staff_client().post_graphql(
        CREATE, {"input": {"product": gid(product), "attributes": []}}
    )

    assert response.data["productVariantCreate"]["errors"] == [
        {
            "field": "attributes",
            "code": "REQUIRED",
            "message": "All required attributes must take a value.",
            "attributes": None,
        }
    ]


@pytest.mark.parametrize(
    ("stocks", "field", "code"),
    [
        (
            [{"warehouse": "W", "quantity": 1}, {"warehouse": "W", "quantity": 2}],
            "stocks",
            "UNIQUE",
        ),
        ([{"warehouse": "W", "quantity": -1}], "stocks", "INVALID"),
    ],
)
def test_variant_create_with_bad_stocks(db, stocks, field, code):
    product, warehouse = ProductFactory(), WarehouseFactory()
    for stock in stocks:
        stock["warehouse"] = gid(warehouse)

    response = staff_client().post_graphql(
        CREATE, {"input": {"product": gid(product), "attributes": [], "stocks": stocks}}
    )

    errors = response.data["productVariantCreate"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [(field, code)]
    assert ProductVariant.objects.count() == 0


def test_variant_create_with_unknown_warehouse(db):
    product = ProductFactory()

    response = staff_client().post_graphql(
        CREATE,
        {
            "input": {
                "product": gid(product),
                "attributes": [],
                "stocks": [{"warehouse": gid("Warehouse", 404), "quantity": 1}],
            }
        },
    )

    errors = response.data["productVariantCreate"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("warehouse", "GRAPHQL_ERROR")]
    assert ProductVariant.objects.count() == 0


def test_variant_create_for_unknown_product(db):
    missing = gid("Product", 404)

    response = staff_client().post_graphql(
        CREATE, {"input": {"product": missing, "attributes": []}}
    )

    assert response.data["productVariantCreate"]["errors"] == [
        {
            "field": "product",
            "code": "NOT_FOUND",
            "message": f"Couldn't resolve to a node: {missing}",
            "attributes": None,
        }
    ]


@pytest.mark.parametrize(
    "caller", ["api_client", "user_api_client", "staff_api_client", "app_api_client"]
)
def test_variant_create_needs_manage_products(caller, request):
    client = request.getfixturevalue(caller)
    product = ProductFactory()

    response = client.post_graphql(CREATE, {"input": {"product": gid(product), "attributes": []}})

    assert permission_denied(response)
    assert ProductVariant.objects.count() == 0


def test_variant_create_by_app_with_permission(db):
    product = ProductFactory()

    response = app_client(PermissionEnum.MANAGE_PRODUCTS).post_graphql(
        CREATE, {"input": {"product": gid(product), "sku": "A", "attributes": []}}
    )

    assert response.data["productVariantCreate"]["errors"] == []


@pytest.mark.parametrize("by", ["id", "sku", "externalReference"])
def test_variant_update_by_any_identifier(db, by):
    variant = ProductVariantFactory(sku="OLD", external_reference="EXT", name="旧")
    identifier = {"id": gid(variant), "sku": "OLD", "externalReference": "EXT"}[by]

    response = staff_client().post_graphql(
        UPDATE, {by: identifier, "input": {"name": "新", "sku": "NEW", "trackInventory": False}}
    )

    assert response.data["productVariantUpdate"] == {
        "productVariant": {"id": gid(variant), "name": "新", "sku": "NEW"},
        "errors": [],
    }
    variant.refresh_from_db()
    assert (variant.name, variant.sku, variant.track_inventory) == ("新", "NEW", False)


def test_variant_update_replaces_attribute_values(sized_product):
    product, size = sized_product
    variant = ProductVariantFactory(product=product)

    response = staff_client().post_graphql(
        UPDATE,
        {
            "id": gid(variant),
            "input": {"attributes": [{"id": gid(size), "dropdown": {"value": "1千克"}}]},
        },
    )

    assert response.data["productVariantUpdate"]["errors"] == []
    assert [
        a.value.name for a in AssignedVariantAttributeValue.objects.filter(variant=variant)
    ] == ["1千克"]


def test_variant_update_keeping_own_values_is_not_a_duplicate(sized_product):
    product, size = sized_product
    value = AttributeValueFactory(attribute=size, name="1千克")
    variant = ProductVariantFactory(product=product)
    AssignedVariantAttributeValue.objects.create(variant=variant, value=value)

    response = staff_client().post_graphql(
        UPDATE,
        {
            "id": gid(variant),
            "input": {"attributes": [{"id": gid(size), "dropdown": {"id": gid(value)}}]},
        },
    )

    assert response.data["productVariantUpdate"]["errors"] == []


def test_variant_update_needs_one_identifier(db):
    response = staff_client().post_graphql(UPDATE, {"input": {"name": "x"}})

    assert response.data["productVariantUpdate"]["errors"] == [
        {
            "field": None,
            "code": "GRAPHQL_ERROR",
            "message": "At least one of arguments is required: 'sku', 'id', 'external_reference'.",
            "attributes": None,
        }
    ]


def test_variant_update_unknown_sku(db):
    response = staff_client().post_graphql(UPDATE, {"sku": "NOPE", "input": {"name": "x"}})

    assert response.data["productVariantUpdate"]["errors"] == [
        {
            "field": "sku",
            "code": "NOT_FOUND",
            "message": "Couldn't resolve to a node: NOPE",
            "attributes": None,
        }
    ]


def test_variant_update_negative_weight(db):
    variant = ProductVariantFactory()

    response = staff_client().post_graphql(UPDATE, {"id": gid(variant), "input": {"weight": "-2"}})

    assert [(e["field"], e["code"]) for e in response.data["productVariantUpdate"]["errors"]] == [
        ("weight", "INVALID")
    ]


@pytest.mark.parametrize(
    "caller", ["api_client", "user_api_client", "staff_api_client", "app_api_client"]
)
def test_variant_update_needs_manage_products(caller, request):
    client = request.getfixturevalue(caller)
    variant = ProductVariantFactory(name="原")

    response = client.post_graphql(UPDATE, {"id": gid(variant), "input": {"name": "改"}})

    assert permission_denied(response)
    variant.refresh_from_db()
    assert variant.name == "原"


def test_variant_delete_moves_default_and_refreshes_lowest_price(db):
    channel = ChannelFactory()
    product = ProductFactory()
    cheap = ProductVariantFactory(product=product, sort_order=0)
    dear = ProductVariantFactory(product=product, sort_order=1)
    product.default_variant = cheap
    product.save()
    list_product(product, channel)
    price_variant(cheap, channel, "10.00")
    price_variant(dear, channel, "30.00")

    response = staff_client().post_graphql(DELETE, {"id": gid(cheap)})

    assert response.data["productVariantDelete"] == {
        "productVariant": {"id": gid(cheap)},
        "errors": [],
    }
    product.refresh_from_db()
    assert product.default_variant == dear
    listing = ProductChannelListing.objects.get()
    assert listing.discounted_price_amount == Decimal("30.000")


def test_variant_delete_by_sku(db):
    ProductVariantFactory(sku="GONE")

    response = staff_client().post_graphql(DELETE, {"sku": "GONE"})

    assert response.data["productVariantDelete"]["errors"] == []
    assert ProductVariant.objects.count() == 0


@pytest.mark.parametrize(
    "caller", ["api_client", "user_api_client", "staff_api_client", "app_api_client"]
)
def test_variant_delete_needs_manage_products(caller, request):
    client = request.getfixturevalue(caller)
    variant = ProductVariantFactory()

    response = client.post_graphql(DELETE, {"id": gid(variant)})

    assert permission_denied(response)
    assert ProductVariant.objects.count() == 1
