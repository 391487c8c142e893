"""productCreate, productUpdate, productDelete through the real GraphQL view."""

from decimal import Decimal

import pytest

from catalog.models import AttributeInputType, AttributeValue, Product, ProductVariant
from infra.accounts.permissions import PermissionEnum
from tests.conftest import permission_denied
from tests.factories import (
    CategoryFactory,
    CollectionFactory,
    ProductFactory,
    ProductTypeFactory,
    ProductVariantFactory,
    assign_product_attribute,
)
from tests.factories.catalog import AttributeFactory
from tests.factories.writes import app_client, gid, product_attribute, staff_client

CREATE = """
mutation Create($input: ProductCreateInput!) {
  productCreate(input: $input) {
    product { id name slug }
    errors { field code message attributes values }
    productErrors { field code }
  }
}
"""

UPDATE = """
mutation Update($id: ID, $externalReference: String, $input: ProductInput!) {
  productUpdate(id: $id, externalReference: $externalReference, input: $input) {
    product { id name slug }
    errors { field code message }
  }
}
"""

DELETE = """
mutation Delete($id: ID, $externalReference: String) {
  productDelete(id: $id, externalReference: $externalReference) {
    product { id }
    errors { field code message }
  }
}
"""

DESCRIPTION = {
    "blocks": [
        {"type": "paragraph", "data": {"text": "林芝<b>松茸</b>，鲜香"}},
        {"type": "list", "data": {"items": ["野生", "冷链"]}},
    ]
}


def test_product_create_with_every_plain_field(db):
    product_type, category = ProductTypeFactory(), CategoryFactory()
    collections = [CollectionFactory(), CollectionFactory()]
    client = staff_client()

    response = client.post_graphql(
        CREATE,
        {
            "input": {
                "productType": gid(product_type),
                "category": gid(category),
                "collections": [gid(c) for c in collections],
                "name": "林芝松茸",
                "description": '{"blocks": []}',
                "weight": "0.5",
                "rating": 4.5,
                "seo": {"title": "松茸", "description": "林芝的松茸"},
                "metadata": [{"key": "county", "value": "米林"}],
                "privateMetadata": [{"key": "supplier", "value": "合作社"}],
                "externalReference": "ERP-1",
            }
        },
    )

    payload = response.data["productCreate"]
    product = Product.objects.get()
    assert payload["errors"] == []
    assert payload["product"] == {
        "id": gid(product),
        "name": "林芝松茸",
        "slug": "lin-zhi-song-rong",
    }
    assert (product.product_type, product.category) == (product_type, category)
    assert set(product.collections.all()) == set(collections)
    assert product.weight == Decimal("0.500")
    assert product.rating == 4.5
    assert (product.seo_title, product.seo_description) == ("松茸", "林芝的松茸")
    assert product.metadata == {"county": "米林"}
    assert product.private_metadata == {"supplier": "合作社"}
    assert product.external_reference == "ERP-1"
    assert product.description == {"blocks": []}
    assert product.search_index_dirty is True


def test_product_create_stores_description_plaintext(db):
    product_type = ProductTypeFactory()
    import json

    response = staff_client().post_graphql(
        CREATE,
        {
            "input": {
                "productType": gid(product_type),
                "name": "松茸",
                "description": json.dumps(DESCRIPTION),
            }
        },
    )

    assert response.data["productCreate"]["errors"] == []
    product = Product.objects.get()
    assert product.description == DESCRIPTION
    assert product.description_plaintext == "林芝松茸，鲜香 野生 冷链"


def test_product_create_deduplicates_generated_slug(db):
    ProductFactory(slug="lin-zhi-song-rong")
    ProductFactory(slug="lin-zhi-song-rong-2")
    product_type = ProductTypeFactory()

    response = staff_client().post_graphql(
        CREATE, {"input": {"productType": gid(product_type), "name": "林芝松茸"}}
    )

    assert response.data["productCreate"]["product"]["slug"] == "lin-zhi-song-rong-3"


def test_product_create_schedules_reindexing(db, django_capture_on_commit_callbacks):
    product_type = ProductTypeFactory()

    with django_capture_on_commit_callbacks() as callbacks:
        staff_client().post_graphql(
            CREATE, {"input": {"productType": gid(product_type), "name": "牦牛肉干"}}
        )

    assert len(callbacks) == 1


@pytest.mark.parametrize(
    "caller", ["api_client", "user_api_client", "staff_api_client", "app_api_client"]
)
def test_product_create_needs_manage_products(caller, request):
    client = request.getfixturevalue(caller)
    product_type = ProductTypeFactory()

    response = client.post_graphql(
        CREATE, {"input": {"productType": gid(product_type), "name": "松茸"}}
    )

    assert permission_denied(response)
    assert response.body["data"] == {"productCreate": None}
    assert Product.objects.count() == 0


def test_product_create_by_app_with_manage_products(db):
    product_type = ProductTypeFactory()

    response = app_client(PermissionEnum.MANAGE_PRODUCTS).post_graphql(
        CREATE, {"input": {"productType": gid(product_type), "name": "松茸"}}
    )

    assert response.data["productCreate"]["errors"] == []
    assert Product.objects.count() == 1


def test_product_create_with_taken_slug_fails_unique(db):
    ProductFactory(slug="song-rong")
    product_type = ProductTypeFactory()

    response = staff_client().post_graphql(
        CREATE, {"input": {"productType": gid(product_type), "name": "松茸", "slug": "song-rong"}}
    )

    payload = response.data["productCreate"]
    assert payload["product"] is None
    assert payload["errors"] == [
        {
            "field": "slug",
            "code": "UNIQUE",
            "message": "Product with this Slug already exists.",
            "attributes": None,
            "values": None,
        }
    ]
    assert payload["productErrors"] == [{"field": "slug", "code": "UNIQUE"}]
    assert Product.objects.count() == 1


def test_product_create_without_name_requires_it(db):
    product_type = ProductTypeFactory()

    response = staff_client().post_graphql(CREATE, {"input": {"productType": gid(product_type)}})

    errors = response.data["productCreate"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("name", "REQUIRED"), ("slug", "REQUIRED")]
    assert Product.objects.count() == 0


def test_product_create_with_wrong_id_type_for_product_type(db):
    category = CategoryFactory()

    response = staff_client().post_graphql(
        CREATE, {"input": {"productType": gid(category), "name": "松茸"}}
    )

    assert response.data["productCreate"]["errors"] == [
        {
            "field": "productType",
            "code": "GRAPHQL_ERROR",
            "message": f"Invalid ID: {gid(category)}. Expected: ProductType, received: Category.",
            "attributes": None,
            "values": None,
        }
    ]


def test_product_create_with_unknown_category(db):
    product_type = ProductTypeFactory()
    missing = gid("Category", 999)

    response = staff_client().post_graphql(
        CREATE, {"input": {"productType": gid(product_type), "name": "松茸", "category": missing}}
    )

    errors = response.data["productCreate"]["errors"]
    assert [(e["field"], e["code"], e["message"]) for e in errors] == [
        ("category", "NOT_FOUND", f"Couldn't resolve to a node: {missing}")
    ]
    assert Product.objects.count() == 0


def test_product_create_with_unknown_collection(db):
    product_type = ProductTypeFactory()

    response = staff_client().post_graphql(
        CREATE,
        {
            "input": {
                "productType": gid(product_type),
                "name": "松茸",
                "collections": [gid("Collection", 999)],
            }
        },
    )

    errors = response.data["productCreate"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("collections", "GRAPHQL_ERROR")]


def test_product_create_with_negative_weight(db):
    product_type = ProductTypeFactory()

    response = staff_client().post_graphql(
        CREATE, {"input": {"productType": gid(product_type), "name": "松茸", "weight": "-1"}}
    )

    errors = response.data["productCreate"]["errors"]
    assert [(e["field"], e["code"], e["message"]) for e in errors] == [
        ("weight", "INVALID", "Product can't have negative weight.")
    ]
    assert Product.objects.count() == 0


def test_product_create_with_empty_metadata_key(db):
    product_type = ProductTypeFactory()

    response = staff_client().post_graphql(
        CREATE,
        {
            "input": {
                "productType": gid(product_type),
                "name": "松茸",
                "metadata": [{"key": " ", "value": "x"}],
            }
        },
    )

    errors = response.data["productCreate"]["errors"]
    assert [(e["field"], e["code"], e["message"]) for e in errors] == [
        ("metadata", "REQUIRED", "Metadata key cannot be empty.")
    ]


def test_product_create_with_too_long_seo_title(db):
    product_type = ProductTypeFactory()

    response = staff_client().post_graphql(
        CREATE,
        {"input": {"productType": gid(product_type), "name": "松茸", "seo": {"title": "x" * 71}}},
    )

    errors = response.data["productCreate"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("seoTitle", "INVALID")]


def test_product_create_refuses_tax_code(db):
    product_type = ProductTypeFactory()

    response = staff_client().post_graphql(
        CREATE, {"input": {"productType": gid(product_type), "name": "松茸", "taxCode": "VAT"}}
    )

    errors = response.data["productCreate"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("taxCode", "INVALID")]
    assert Product.objects.count() == 0


def test_product_update_changes_given_fields_only(db, django_capture_on_commit_callbacks):
    category = CategoryFactory()
    product = ProductFactory(name="旧名", slug="old", rating=3.0, metadata={"a": "1"})

    with django_capture_on_commit_callbacks() as callbacks:
        response = staff_client().post_graphql(
            UPDATE,
            {
                "id": gid(product),
                "input": {
                    "name": "新名",
                    "category": gid(category),
                    "metadata": [{"key": "b", "value": "2"}],
                },
            },
        )

    assert response.data["productUpdate"] == {
        "product": {"id": gid(product), "name": "新名", "slug": "old"},
        "errors": [],
    }
    product.refresh_from_db()
    assert (product.name, product.slug, product.rating) == ("新名", "old", 3.0)
    assert product.category == category
    assert product.metadata == {"a": "1", "b": "2"}
    assert len(callbacks) == 1


def test_product_update_by_external_reference(db):
    product = ProductFactory(external_reference="ERP-7")

    response = staff_client().post_graphql(
        UPDATE, {"externalReference": "ERP-7", "input": {"slug": "new-slug"}}
    )

    assert response.data["productUpdate"]["errors"] == []
    product.refresh_from_db()
    assert product.slug == "new-slug"


def test_product_update_clears_category(db):
    product = ProductFactory()

    response = staff_client().post_graphql(
        UPDATE, {"id": gid(product), "input": {"category": None}}
    )

    assert response.data["productUpdate"]["errors"] == []
    product.refresh_from_db()
    assert product.category is None


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({}, "At least one of arguments is required: 'id', 'external_reference'."),
        (
            {"id": "UHJvZHVjdDox", "externalReference": "x"},
            "Argument 'id' cannot be combined with 'external_reference'",
        ),
    ],
)
def test_product_update_needs_exactly_one_identifier(db, variables, message):
    response = staff_client().post_graphql(UPDATE, {**variables, "input": {"name": "x"}})

    assert response.data["productUpdate"]["errors"] == [
        {"field": None, "code": "GRAPHQL_ERROR", "message": message}
    ]


def test_product_update_unknown_product(db):
    missing = gid("Product", 999)

    response = staff_client().post_graphql(UPDATE, {"id": missing, "input": {"name": "x"}})

    assert response.data["productUpdate"]["errors"] == [
        {"field": "id", "code": "NOT_FOUND", "message": f"Couldn't resolve to a node: {missing}"}
    ]


def test_product_update_unknown_external_reference(db):
    response = staff_client().post_graphql(
        UPDATE, {"externalReference": "nope", "input": {"name": "x"}}
    )

    assert response.data["productUpdate"]["errors"] == [
        {
            "field": "externalReference",
            "code": "NOT_FOUND",
            "message": "Couldn't resolve to a node by given external reference: nope",
        }
    ]


def test_product_update_blank_slug_is_refused(db):
    product = ProductFactory(slug="keep")

    response = staff_client().post_graphql(
        UPDATE, {"id": gid(product), "input": {"slug": "", "name": "新"}}
    )

    assert response.data["productUpdate"]["errors"] == [
        {"field": "slug", "code": "REQUIRED", "message": "Slug value cannot be blank."}
    ]
    product.refresh_from_db()
    assert (product.slug, product.name) != ("", "新")


@pytest.mark.parametrize(
    "caller", ["api_client", "user_api_client", "staff_api_client", "app_api_client"]
)
def test_product_update_needs_manage_products(caller, request):
    client = request.getfixturevalue(caller)
    product = ProductFactory(name="原名")

    response = client.post_graphql(UPDATE, {"id": gid(product), "input": {"name": "改名"}})

    assert permission_denied(response)
    product.refresh_from_db()
    assert product.name == "原名"


def test_product_delete_removes_product_variants_and_owned_values(db):
    product_type = ProductTypeFactory()
    text = product_attribute(product_type, AttributeInputType.PLAIN_TEXT)
    product = ProductFactory(product_type=product_type)
    ProductVariantFactory(product=product)
    client = staff_client()
    client.post_graphql(
        UPDATE,
        {
            "id": gid(product),
            "input": {"attributes": [{"id": gid(text), "plainText": "海拔三千米"}]},
        },
    )
    assert AttributeValue.objects.filter(attribute=text).count() == 1

    response = client.post_graphql(DELETE, {"id": gid(product)})

    assert response.data["productDelete"] == {"product": {"id": gid(product)}, "errors": []}
    assert Product.objects.count() == 0
    assert ProductVariant.objects.count() == 0
    assert AttributeValue.objects.filter(attribute=text).count() == 0


def test_product_delete_keeps_shared_choice_values(db):
    product_type = ProductTypeFactory()
    grade = AttributeFactory(input_type=AttributeInputType.DROPDOWN)
    assign_product_attribute(product_type, grade)
    product = ProductFactory(product_type=product_type)
    client = staff_client()
    client.post_graphql(
        UPDATE,
        {
            "id": gid(product),
            "input": {"attributes": [{"id": gid(grade), "dropdown": {"value": "特级"}}]},
        },
    )

    client.post_graphql(DELETE, {"id": gid(product)})

    assert list(AttributeValue.objects.values_list("name", flat=True)) == ["特级"]


def test_product_delete_by_external_reference(db):
    ProductFactory(external_reference="ERP-9")

    response = staff_client().post_graphql(DELETE, {"externalReference": "ERP-9"})

    assert response.data["productDelete"]["errors"] == []
    assert Product.objects.count() == 0


def test_product_delete_unknown_product(db):
    missing = gid("Product", 999)

    response = staff_client().post_graphql(DELETE, {"id": missing})

    assert response.data["productDelete"] == {
        "product": None,
        "errors": [
            {
                "field": "id",
                "code": "NOT_FOUND",
                "message": f"Couldn't resolve to a node: {missing}",
            }
        ],
    }


@pytest.mark.parametrize(
    "caller", ["api_client", "user_api_client", "staff_api_client", "app_api_client"]
)
def test_product_delete_needs_manage_products(caller, request):
    client = request.getfixturevalue(caller)
    product = ProductFactory()

    response = client.post_graphql(DELETE, {"id": gid(product)})

    assert permission_denied(response)
    assert Product.objects.count() == 1
