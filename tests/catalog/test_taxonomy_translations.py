import json

import pytest

from catalog.models import CategoryTranslation, CollectionTranslation, ProductTranslation
from infra.accounts.permissions import PermissionEnum
from infra.ids import to_global_id
from tests.conftest import permission_denied
from tests.factories import CollectionFactory, ProductFactory, ProductVariantFactory
from tests.factories.taxonomy import app_client, category_tree, error_codes, staff_client

pytestmark = pytest.mark.django_db

CATEGORY_TRANSLATE = """
mutation($id: ID!, $lang: LanguageCodeEnum!, $input: TranslationInput!) {
  categoryTranslate(id: $id, languageCode: $lang, input: $input) {
    category {
      name
      translation(languageCode: $lang) {
        id name description seoTitle seoDescription language { code language }
      }
    }
    errors { field code message }
    translationErrors { code }
  }
}
"""
COLLECTION_TRANSLATE = """
mutation($id: ID!, $lang: LanguageCodeEnum!, $input: TranslationInput!) {
  collectionTranslate(id: $id, languageCode: $lang, input: $input) {
    collection { translation(languageCode: $lang) { name language { code } } }
    errors { field code message }
  }
}
"""
TRANSLATOR = PermissionEnum.MANAGE_TRANSLATIONS


def test_category_translate_into_tibetan():
    (category,) = category_tree("Food")
    description = {"blocks": [{"type": "paragraph", "data": {"text": "ཟས།"}}]}

    payload = (
        staff_client(TRANSLATOR)
        .post_graphql(
            CATEGORY_TRANSLATE,
            {
                "id": to_global_id("Category", category.pk),
                "lang": "BO",
                "input": {
                    "name": "ཟས་རིགས།",
                    "description": json.dumps(description),
                    "seoTitle": "ཟས།",
                },
            },
        )
        .data["categoryTranslate"]
    )

    translation = CategoryTranslation.objects.get()
    assert json.loads(payload["category"]["translation"].pop("description")) == description
    assert payload == {
        "category": {
            "name": "Food",
            "translation": {
                "id": to_global_id("CategoryTranslation", translation.pk),
                "name": "ཟས་རིགས།",
                "seoTitle": "ཟས།",
                "seoDescription": None,
                "language": {"code": "BO", "language": "Tibetan"},
            },
        },
        "errors": [],
        "translationErrors": [],
    }
    assert (translation.language_code, translation.description) == ("bo", description)


def test_category_translate_updates_only_the_given_fields():
    (category,) = category_tree("Food")
    CategoryTranslation.objects.create(
        category=category, language_code="en", name="Food", seo_title="Eat"
    )

    staff_client(TRANSLATOR).post_graphql(
        CATEGORY_TRANSLATE,
        {"id": to_global_id("Category", category.pk), "lang": "EN_US", "input": {"name": "Foods"}},
    )

    translation = CategoryTranslation.objects.get()
    assert (translation.language_code, translation.name, translation.seo_title) == (
        "en",
        "Foods",
        "Eat",
    )


def test_category_translate_accepts_the_translatable_content_id():
    (category,) = category_tree("Food")

    payload = (
        app_client(TRANSLATOR)
        .post_graphql(
            CATEGORY_TRANSLATE,
            {
                "id": to_global_id("CategoryTranslatableContent", category.pk),
                "lang": "ZH_HANS",
                "input": {"name": "食品"},
            },
        )
        .data["categoryTranslate"]
    )

    assert payload["errors"] == []
    assert payload["category"]["translation"]["name"] == "食品"


@pytest.mark.parametrize(
    ("variables", "expected", "message"),
    [
        (
            {"id": "garbage", "lang": "BO", "input": {"name": "x"}},
            [("id", "INVALID")],
            "Invalid ID has been provided.",
        ),
        (
            {"id": to_global_id("Collection", 1), "lang": "BO", "input": {"name": "x"}},
            [("id", "GRAPHQL_ERROR")],
            f"Invalid ID: {to_global_id('Collection', 1)}. Expected: Category, received: Collection.",
        ),
        (
            {"id": to_global_id("Category", 999), "lang": "BO", "input": {"name": "x"}},
            [("id", "NOT_FOUND")],
            f"Couldn't resolve to a node: {to_global_id('Category', 999)}",
        ),
        (
            {"lang": "PL", "input": {"name": "x"}},
            [("languageCode", "INVALID")],
            "Translations into PL are not kept; use one of: ZH_HANS, BO, EN.",
        ),
        (
            {"lang": "BO", "input": {"name": "x" * 129}},
            [("name", "INVALID")],
            "Ensure this value has at most 128 characters (it has 129).",
        ),
        (
            {"lang": "BO", "input": {"slug": "zas"}},
            [("slug", "INVALID")],
            "Translated slugs are not supported.",
        ),
    ],
)
def test_category_translate_bad_input_changes_nothing(variables, expected, message):
    (category,) = category_tree("Food")
    variables = {"id": to_global_id("Category", category.pk), **variables}

    payload = (
        staff_client(TRANSLATOR)
        .post_graphql(CATEGORY_TRANSLATE, variables)
        .data["categoryTranslate"]
    )

    assert error_codes(payload) == expected
    assert payload["errors"][0]["message"] == message
    assert CategoryTranslation.objects.count() == 0


@pytest.mark.parametrize("caller", ["anonymous", "customer", "staff", "app"])
def test_translations_are_refused_without_manage_translations(caller, api_client, user_api_client):
    (category,) = category_tree("Food")
    collection = CollectionFactory()
    client = {
        "anonymous": api_client,
        "customer": user_api_client,
        "staff": staff_client(PermissionEnum.MANAGE_PRODUCTS),
        "app": app_client(PermissionEnum.MANAGE_PRODUCTS),
    }[caller]
    input_ = {"lang": "BO", "input": {"name": "x"}}

    for mutation, target in ((CATEGORY_TRANSLATE, category), (COLLECTION_TRANSLATE, collection)):
        response = client.post_graphql(
            mutation, {"id": to_global_id(type(target).__name__, target.pk), **input_}
        )
        assert permission_denied(response)
        assert response.errors[0]["message"] == (
            "To access this path, you need one of the following permissions: MANAGE_TRANSLATIONS"
        )
    assert CategoryTranslation.objects.count() == CollectionTranslation.objects.count() == 0


def test_collection_translate():
    collection = CollectionFactory()

    payload = (
        app_client(TRANSLATOR)
        .post_graphql(
            COLLECTION_TRANSLATE,
            {
                "id": to_global_id("Collection", collection.pk),
                "lang": "EN",
                "input": {"name": "Summer"},
            },
        )
        .data["collectionTranslate"]
    )

    assert payload == {
        "collection": {"translation": {"name": "Summer", "language": {"code": "EN"}}},
        "errors": [],
    }


def test_product_and_variant_translations_show_their_language():
    product = ProductFactory(slug="matsutake")
    variant = ProductVariantFactory(product=product)
    ProductTranslation.objects.create(product=product, language_code="zh-hans", name="松茸")
    variant.translations.create(language_code="bo", name="ཤ་མོ།")
    query = """
    query($slug: String) {
      product(slug: $slug) {
        translation(languageCode: ZH_HANS_CN) { name language { code language } }
        variants { translation(languageCode: BO) { name language { code language } } }
      }
    }
    """

    response = staff_client(PermissionEnum.MANAGE_PRODUCTS).post_graphql(
        query, {"slug": "matsutake"}
    )

    assert response.data["product"] == {
        "translation": {
            "name": "松茸",
            "language": {"code": "ZH_HANS", "language": "Simplified Chinese"},
        },
        "variants": [
            {"translation": {"name": "ཤ་མོ།", "language": {"code": "BO", "language": "Tibetan"}}}
        ],
    }
