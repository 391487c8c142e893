"""productTranslate."""

import json

import pytest

from catalog.models import ProductTranslation
from infra.accounts.permissions import PermissionEnum
from tests.conftest import permission_denied
from tests.factories import ProductFactory
from tests.factories.writes import gid, staff_client

TRANSLATE = """
mutation Translate($id: ID!, $languageCode: LanguageCodeEnum!, $input: TranslationInput!) {
  productTranslate(id: $id, languageCode: $languageCode, input: $input) {
    product { id }
    errors { field code message }
    translationErrors { code }
  }
}
"""


@pytest.fixture
def translator(db):
    return staff_client(PermissionEnum.MANAGE_TRANSLATIONS)


def test_translation_created_then_changed(translator, django_capture_on_commit_callbacks):
    product = ProductFactory(name="林芝松茸")
    description = {"blocks": [{"type": "paragraph", "data": {"text": "ཤ་མོ"}}]}

    with django_capture_on_commit_callbacks() as callbacks:
        response = translator.post_graphql(
            TRANSLATE,
            {
                "id": gid(product),
                "languageCode": "BO",
                "input": {
                    "name": "ཉིང་ཁྲིའི་ཤ་མོ",
                    "description": json.dumps(description),
                    "seoTitle": "ཤ་མོ",
                },
            },
        )
    translator.post_graphql(
        TRANSLATE, {"id": gid(product), "languageCode": "BO", "input": {"seoDescription": "ཞིམ་པོ"}}
    )

    assert response.data["productTranslate"] == {
        "product": {"id": gid(product)},
        "errors": [],
        "translationErrors": [],
    }
    translation = ProductTranslation.objects.get()
    assert (translation.language_code, translation.name, translation.description) == (
        "bo",
        "ཉིང་ཁྲིའི་ཤ་མོ",
        description,
    )
    assert (translation.seo_title, translation.seo_description) == ("ཤ་མོ", "ཞིམ་པོ")
    assert len(callbacks) == 1


def test_regional_language_maps_to_shop_language(translator):
    product = ProductFactory()

    translator.post_graphql(
        TRANSLATE, {"id": gid(product), "languageCode": "EN_US", "input": {"name": "Matsutake"}}
    )

    assert list(ProductTranslation.objects.values_list("language_code", "name")) == [
        ("en", "Matsutake")
    ]


def test_translatable_content_id_is_accepted(translator):
    product = ProductFactory()

    response = translator.post_graphql(
        TRANSLATE,
        {
            "id": gid("ProductTranslatableContent", product.pk),
            "languageCode": "EN",
            "input": {"name": "Yak"},
        },
    )

    assert response.data["productTranslate"]["errors"] == []
    assert ProductTranslation.objects.get().product == product


def test_unsupported_language_is_refused(translator):
    product = ProductFactory()

    response = translator.post_graphql(
        TRANSLATE, {"id": gid(product), "languageCode": "FR", "input": {"name": "x"}}
    )

    errors = response.data["productTranslate"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("languageCode", "INVALID")]
    assert ProductTranslation.objects.count() == 0


def test_too_long_seo_title(translator):
    product = ProductFactory()

    response = translator.post_graphql(
        TRANSLATE, {"id": gid(product), "languageCode": "EN", "input": {"seoTitle": "x" * 71}}
    )

    errors = response.data["productTranslate"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("seoTitle", "INVALID")]
    assert ProductTranslation.objects.count() == 0


def test_unknown_product(translator):
    missing = gid("Product", 404)

    response = translator.post_graphql(
        TRANSLATE, {"id": missing, "languageCode": "EN", "input": {"name": "x"}}
    )

    assert response.data["productTranslate"]["errors"] == [
        {"field": "id", "code": "NOT_FOUND", "message": f"Couldn't resolve to a node: {missing}"}
    ]


def test_malformed_id(translator):
    response = translator.post_graphql(
        TRANSLATE, {"id": "not-an-id", "languageCode": "EN", "input": {"name": "x"}}
    )

    assert response.data["productTranslate"]["errors"] == [
        {"field": "id", "code": "INVALID", "message": "Invalid ID has been provided."}
    ]


@pytest.mark.parametrize(
    "caller", ["api_client", "user_api_client", "staff_api_client", "app_api_client"]
)
def test_translate_needs_manage_translations(caller, request):
    client = request.getfixturevalue(caller)
    product = ProductFactory()

    response = client.post_graphql(
        TRANSLATE, {"id": gid(product), "languageCode": "EN", "input": {"name": "x"}}
    )

    assert permission_denied(response)
    assert ProductTranslation.objects.count() == 0


def test_manage_products_is_not_enough_to_translate(db):
    product = ProductFactory()

    response = staff_client(PermissionEnum.MANAGE_PRODUCTS).post_graphql(
        TRANSLATE, {"id": gid(product), "languageCode": "EN", "input": {"name": "x"}}
    )

    assert permission_denied(response)
