import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from catalog.models import Category, Product
from infra.accounts.jwt import create_access_token
from infra.accounts.permissions import PermissionEnum
from infra.ids import to_global_id
from tests.conftest import permission_denied
from tests.factories import ProductFactory, StaffUserFactory
from tests.factories.taxonomy import app_client, category_tree, error_codes, staff_client

pytestmark = pytest.mark.django_db

CREATE = """
mutation($input: CategoryInput!, $parent: ID) {
  categoryCreate(input: $input, parent: $parent) {
    category {
      id name slug level description seoTitle seoDescription parent { slug }
      metadata { key value } privateMetadata { key value }
    }
    errors { field code message }
    productErrors { code }
  }
}
"""
UPDATE = """
mutation($id: ID!, $input: CategoryInput!, $parent: ID) {
  categoryUpdate(id: $id, input: $input, parent: $parent) {
    category { name slug level parent { slug } }
    errors { field code message }
  }
}
"""
UPDATE_WITHOUT_MOVE = """
mutation($id: ID!, $input: CategoryInput!) {
  categoryUpdate(id: $id, input: $input) {
    category { name slug level parent { slug } }
    errors { field code message }
  }
}
"""
DELETE = """
mutation($id: ID!) {
  categoryDelete(id: $id) { category { id name } errors { field code message } }
}
"""
DESCRIPTION = {"blocks": [{"type": "paragraph", "data": {"text": "来自<i>林芝</i>"}}]}


def manager():
    return staff_client(PermissionEnum.MANAGE_PRODUCTS)


def refused_clients(api_client, user_api_client):
    return {
        "anonymous": api_client,
        "customer": user_api_client,
        "staff": staff_client(PermissionEnum.MANAGE_CHANNELS),
        "app": app_client(PermissionEnum.MANAGE_ORDERS),
    }


def test_category_create_under_a_parent():
    (food,) = category_tree("Food")

    response = manager().post_graphql(
        CREATE,
        {
            "parent": to_global_id("Category", food.pk),
            "input": {
                "name": "林芝松茸",
                "description": json.dumps(DESCRIPTION),
                "seo": {"title": "松茸", "description": "高原松茸"},
                "metadata": [{"key": "season", "value": "summer"}],
                "privateMetadata": [{"key": "buyer", "value": "次仁"}],
            },
        },
    )
    payload = response.data["categoryCreate"]

    category = Category.objects.get(slug="lin-zhi-song-rong")
    assert payload["errors"] == []
    assert payload["productErrors"] == []
    assert payload["category"] == {
        "id": to_global_id("Category", category.pk),
        "name": "林芝松茸",
        "slug": "lin-zhi-song-rong",
        "level": 1,
        "description": json.dumps(DESCRIPTION),
        "seoTitle": "松茸",
        "seoDescription": "高原松茸",
        "parent": {"slug": "food"},
        "metadata": [{"key": "season", "value": "summer"}],
        "privateMetadata": [{"key": "buyer", "value": "次仁"}],
    }
    assert category.tree_path == f"{food.pk}/{category.pk}/"
    assert category.description_plaintext == "来自林芝"


def test_category_create_by_app():
    client = app_client(PermissionEnum.MANAGE_PRODUCTS)

    payload = client.post_graphql(CREATE, {"input": {"name": "Crafts", "slug": "crafts"}}).data[
        "categoryCreate"
    ]

    assert payload["errors"] == []
    assert payload["category"]["level"] == 0
    assert Category.objects.get().tree_path == f"{Category.objects.get().pk}/"


@pytest.mark.parametrize("caller", ["anonymous", "customer", "staff", "app"])
def test_category_create_is_refused_without_manage_products(caller, api_client, user_api_client):
    client = refused_clients(api_client, user_api_client)[caller]

    response = client.post_graphql(CREATE, {"input": {"name": "Food"}})

    assert permission_denied(response)
    assert response.errors[0]["message"] == (
        "To access this path, you need one of the following permissions: MANAGE_PRODUCTS"
    )
    assert Category.objects.count() == 0


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"input": {"name": "Food", "slug": "taken"}}, [("slug", "UNIQUE")]),
        ({"input": {"slug": "new"}}, [("name", "REQUIRED")]),
        ({"input": {"name": "Food", "seo": {"title": "t" * 71}}}, [("seoTitle", "INVALID")]),
        (
            {"input": {"name": "Food", "metadata": [{"key": " ", "value": "v"}]}},
            [("metadata", "REQUIRED")],
        ),
        (
            {"input": {"name": "Food"}, "parent": to_global_id("Category", 999)},
            [("parent", "NOT_FOUND")],
        ),
        (
            {"input": {"name": "Food"}, "parent": to_global_id("Product", 1)},
            [("parent", "GRAPHQL_ERROR")],
        ),
    ],
)
def test_category_create_bad_input_changes_nothing(variables, expected):
    category_tree("Taken")

    payload = manager().post_graphql(CREATE, variables).data["categoryCreate"]

    assert payload["category"] is None
    assert error_codes(payload) == expected
    assert list(Category.objects.values_list("slug", flat=True)) == ["taken"]


def test_category_create_error_messages_are_saleors():
    category_tree("Taken")

    unique = manager().post_graphql(CREATE, {"input": {"name": "x", "slug": "taken"}})
    blank = manager().post_graphql(CREATE, {"input": {"slug": "new"}})

    assert unique.data["categoryCreate"]["errors"][0]["message"] == (
        "Category with this Slug already exists."
    )
    assert blank.data["categoryCreate"]["errors"][0]["message"] == "This field cannot be blank."


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def _multipart(token: str, upload: SimpleUploadedFile):
    operations = {
        "query": CREATE,
        "variables": {"input": {"name": "Food", "backgroundImage": None}},
    }
    return Client().post(
        "/graphql/",
        {
            "operations": json.dumps(operations),
            "map": json.dumps({"0": ["variables.input.backgroundImage"]}),
            "0": upload,
        },
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_category_create_with_an_uploaded_background_image():
    token = create_access_token(StaffUserFactory(permissions=[PermissionEnum.MANAGE_PRODUCTS]))
    upload = SimpleUploadedFile("food.png", _png(), content_type="image/png")

    response = _multipart(token, upload)

    assert response.json()["data"]["categoryCreate"]["errors"] == []
    category = Category.objects.get()
    assert category.background_image.name.startswith("category-backgrounds/food")


def test_category_create_refuses_an_upload_that_is_not_an_image():
    token = create_access_token(StaffUserFactory(permissions=[PermissionEnum.MANAGE_PRODUCTS]))
    upload = SimpleUploadedFile("food.png", b"plain text", content_type="image/png")

    response = _multipart(token, upload)

    assert response.json()["data"]["categoryCreate"]["errors"] == [
        {"field": "backgroundImage", "code": "INVALID", "message": "Invalid file type."}
    ]
    assert Category.objects.count() == 0


def test_category_update_fields():
    (food,) = category_tree("Food")

    payload = (
        manager()
        .post_graphql(
            UPDATE_WITHOUT_MOVE,
            {"id": to_global_id("Category", food.pk), "input": {"name": "食品", "slug": "shi-pin"}},
        )
        .data["categoryUpdate"]
    )

    assert payload == {
        "category": {"name": "食品", "slug": "shi-pin", "level": 0, "parent": None},
        "errors": [],
    }


def test_category_update_refuses_a_blank_slug():
    (food,) = category_tree("Food")

    payload = (
        manager()
        .post_graphql(
            UPDATE_WITHOUT_MOVE, {"id": to_global_id("Category", food.pk), "input": {"slug": ""}}
        )
        .data["categoryUpdate"]
    )

    assert payload["errors"] == [
        {"field": "slug", "code": "REQUIRED", "message": "Slug value cannot be blank."}
    ]
    food.refresh_from_db()
    assert food.slug == "food"


def test_category_update_moves_the_subtree():
    _food, fungi, matsutake = category_tree("Food", "Fungi", "Matsutake")
    (wild,) = category_tree("Wild")

    payload = (
        manager()
        .post_graphql(
            UPDATE,
            {
                "id": to_global_id("Category", fungi.pk),
                "input": {},
                "parent": to_global_id("Category", wild.pk),
            },
        )
        .data["categoryUpdate"]
    )

    assert payload["category"] == {
        "name": "Fungi",
        "slug": "fungi",
        "level": 1,
        "parent": {"slug": "wild"},
    }
    matsutake.refresh_from_db()
    assert (matsutake.level, matsutake.tree_path) == (2, f"{wild.pk}/{fungi.pk}/{matsutake.pk}/")


def test_category_update_refuses_a_cycle():
    food, fungi = category_tree("Food", "Fungi")

    payload = (
        manager()
        .post_graphql(
            UPDATE,
            {
                "id": to_global_id("Category", food.pk),
                "input": {"name": "renamed"},
                "parent": to_global_id("Category", fungi.pk),
            },
        )
        .data["categoryUpdate"]
    )

    assert payload["errors"] == [
        {
            "field": "parent",
            "code": "INVALID",
            "message": "A category cannot be moved under itself or one of its subcategories.",
        }
    ]
    food.refresh_from_db()
    assert (food.name, food.parent_id) == ("Food", None)


@pytest.mark.parametrize("caller", ["anonymous", "customer", "staff", "app"])
def test_category_update_is_refused_without_manage_products(caller, api_client, user_api_client):
    (food,) = category_tree("Food")
    client = refused_clients(api_client, user_api_client)[caller]

    response = client.post_graphql(
        UPDATE_WITHOUT_MOVE, {"id": to_global_id("Category", food.pk), "input": {"name": "x"}}
    )

    assert permission_denied(response)
    food.refresh_from_db()
    assert food.name == "Food"


def test_category_delete_keeps_products_without_category():
    food, fungi = category_tree("Food", "Fungi")
    product = ProductFactory(category=fungi)

    payload = (
        manager()
        .post_graphql(DELETE, {"id": to_global_id("Category", food.pk)})
        .data["categoryDelete"]
    )

    assert payload == {
        "category": {"id": to_global_id("Category", food.pk), "name": "Food"},
        "errors": [],
    }
    assert Category.objects.count() == 0
    assert Product.objects.get(pk=product.pk).category_id is None


def test_category_delete_of_unknown_category():
    missing = to_global_id("Category", 404)

    payload = manager().post_graphql(DELETE, {"id": missing}).data["categoryDelete"]

    assert payload == {
        "category": None,
        "errors": [
            {
                "field": "id",
                "code": "NOT_FOUND",
                "message": f"Couldn't resolve to a node: {missing}",
            }
        ],
    }


@pytest.mark.parametrize("caller", ["anonymous", "customer", "staff", "app"])
def test_category_delete_is_refused_without_manage_products(caller, api_client, user_api_client):
    (food,) = category_tree("Food")
    client = refused_clients(api_client, user_api_client)[caller]

    response = client.post_graphql(DELETE, {"id": to_global_id("Category", food.pk)})

    assert permission_denied(response)
    assert Category.objects.count() == 1
