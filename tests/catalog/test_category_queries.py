import json

import pytest
from django.core.files.base import ContentFile

from catalog.models import CategoryTranslation
from catalog.services.categories import category_create
from infra.accounts.permissions import PermissionEnum
from infra.ids import to_global_id
from tests.conftest import permission_denied
from tests.factories import ChannelFactory, ProductFactory, sellable_product
from tests.factories.taxonomy import category_tree, staff_client

pytestmark = pytest.mark.django_db

CATEGORIES = """
query($first: Int, $last: Int, $after: String, $filter: CategoryFilterInput,
      $where: CategoryWhereInput, $sortBy: CategorySortingInput, $level: Int) {
  categories(first: $first, last: $last, after: $after, filter: $filter, where: $where,
             sortBy: $sortBy, level: $level) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { node { slug } }
  }
}
"""
CATEGORY = """
query($id: ID, $slug: String) {
  category(id: $id, slug: $slug) {
    id name slug level description seoTitle seoDescription updatedAt
    parent { slug }
    ancestors(first: 10) { edges { node { slug level } } }
    children(first: 10) { totalCount edges { node { slug } } }
    backgroundImage { url alt }
    translation(languageCode: BO) { id name language { code language } }
    metadata { key value }
  }
}
"""


def slugs(response):
    return [edge["node"]["slug"] for edge in response.data["categories"]["edges"]]


def test_category_by_slug_with_its_tree(api_client):
    _food, fungi, _matsutake = category_tree("Food", "Fungi", "Matsutake")
    category_create(name="Truffle", slug="truffle", parent=fungi)
    fungi.seo_title, fungi.seo_description = "菌类", "高原菌类"
    fungi.description = {"blocks": [{"type": "paragraph", "data": {"text": "松茸"}}]}
    fungi.metadata = {"source": "林芝"}
    fungi.save()

    response = api_client.post_graphql(CATEGORY, {"slug": "fungi"})
    category = response.data["category"]

    assert category["id"] == to_global_id("Category", fungi.pk)
    assert category["level"] == 1
    assert category["parent"] == {"slug": "food"}
    assert category["ancestors"] == {"edges": [{"node": {"slug": "food", "level": 0}}]}
    assert category["children"] == {
        "totalCount": 2,
        "edges": [{"node": {"slug": "matsutake"}}, {"node": {"slug": "truffle"}}],
    }
    assert json.loads(category["description"]) == fungi.description
    assert (category["seoTitle"], category["seoDescription"]) == ("菌类", "高原菌类")
    assert category["metadata"] == [{"key": "source", "value": "林芝"}]
    assert category["backgroundImage"] is None
    assert category["translation"] is None


def test_category_translation_in_tibetan(api_client):
    (category,) = category_tree("Food")
    translation = CategoryTranslation.objects.create(
        category=category, language_code="bo", name="ཟས་རིགས།"
    )

    response = api_client.post_graphql(CATEGORY, {"id": to_global_id("Category", category.pk)})

    assert response.data["category"]["translation"] == {
        "id": to_global_id("CategoryTranslation", translation.pk),
        "name": "ཟས་རིགས།",
        "language": {"code": "BO", "language": "Tibetan"},
    }


def test_category_background_image_is_an_absolute_storage_url(api_client):
    (category,) = category_tree("Food")
    category.background_image.save("food.png", ContentFile(b"not read here"), save=False)
    category.background_image_alt = "青稞"
    category.save()

    image = api_client.post_graphql(CATEGORY, {"slug": "food"}).data["category"]["backgroundImage"]

    assert image == {
        "url": f"http://testserver/media/{category.background_image.name}",
        "alt": "青稞",
    }


def test_category_lookup_errors(api_client):
    missing = api_client.post_graphql(CATEGORY, {"slug": "nothing"})
    wrong_type = api_client.post_graphql(CATEGORY, {"id": to_global_id("Product", 1)})

    assert missing.data["category"] is None
    assert wrong_type.errors[0]["message"] == (
        f"Invalid ID: {to_global_id('Product', 1)}. Expected: Category, received: Product."
    )


def test_categories_by_level_paginated(api_client):
    for name in ("A", "B", "C"):
        category_tree(name, f"{name}-child")

    first = api_client.post_graphql(CATEGORIES, {"first": 2, "level": 0})
    after = first.data["categories"]["pageInfo"]["endCursor"]
    second = api_client.post_graphql(CATEGORIES, {"first": 2, "level": 0, "after": after})

    assert slugs(first) == ["a", "b"]
    assert first.data["categories"]["totalCount"] == 3
    assert first.data["categories"]["pageInfo"]["hasNextPage"] is True
    assert slugs(second) == ["c"]
    assert second.data["categories"]["pageInfo"]["hasNextPage"] is False


def test_categories_filter(api_client):
    _food, fungi = category_tree("Food", "Fungi")
    (crafts,) = category_tree("Crafts")
    crafts.metadata = {"origin": "拉萨"}
    crafts.save()

    def run(filter_input):
        return slugs(api_client.post_graphql(CATEGORIES, {"first": 10, "filter": filter_input}))

    assert run({"search": "FUN"}) == ["fungi"]
    assert run({"slugs": ["food", "crafts"]}) == ["food", "crafts"]
    assert run({"ids": [to_global_id("Category", fungi.pk)]}) == ["fungi"]
    assert run({"metadata": [{"key": "origin", "value": "拉萨"}]}) == ["crafts"]
    assert run({"metadata": [{"key": "origin", "value": "林芝"}]}) == []
    assert run({"metadata": [{"key": "origin"}]}) == ["crafts"]
    assert run({"updatedAt": {"gte": "2000-01-01T00:00:00+00:00"}}) == ["food", "fungi", "crafts"]


def test_categories_where_with_or(api_client):
    food, _fungi, matsutake = category_tree("Food", "Fungi", "Matsutake")
    where = {
        "OR": [
            {"ids": [to_global_id("Category", food.pk)]},
            {"ids": [to_global_id("Category", matsutake.pk)]},
        ]
    }

    response = api_client.post_graphql(CATEGORIES, {"first": 10, "where": where})
    mixed = api_client.post_graphql(
        CATEGORIES, {"first": 10, "where": {**where, "ids": [to_global_id("Category", 1)]}}
    )

    assert slugs(response) == ["food", "matsutake"]
    assert mixed.errors[0]["message"] == "Cannot mix operators with other filter inputs."


def test_categories_sorted_by_product_and_subcategory_counts(api_client):
    busy, _child = category_tree("Busy", "Busy-child")
    (quiet,) = category_tree("Quiet")
    ProductFactory.create_batch(2, category=quiet)
    ProductFactory(category=busy)

    def run(field, direction):
        sort_by = {"field": field, "direction": direction}
        return slugs(
            api_client.post_graphql(CATEGORIES, {"first": 10, "level": 0, "sortBy": sort_by})
        )

    assert run("PRODUCT_COUNT", "DESC") == ["quiet", "busy"]
    assert run("SUBCATEGORY_COUNT", "DESC") == ["busy", "quiet"]
    assert run("NAME", "ASC") == ["busy", "quiet"]


def test_categories_sorted_by_count_paginate_with_cursors(api_client):
    for name, products in (("A", 3), ("B", 1), ("C", 2)):
        ProductFactory.create_batch(products, category=category_tree(name)[0])
    sort_by = {"field": "PRODUCT_COUNT", "direction": "ASC"}

    first = api_client.post_graphql(CATEGORIES, {"first": 2, "level": 0, "sortBy": sort_by})
    cursor = first.data["categories"]["pageInfo"]["endCursor"]
    second = api_client.post_graphql(
        CATEGORIES, {"first": 2, "level": 0, "sortBy": sort_by, "after": cursor}
    )

    assert slugs(first) == ["b", "c"]
    assert slugs(second) == ["a"]


def test_categories_list_query_count_does_not_grow_with_page_size(
    api_client, django_assert_num_queries
):
    query = """
    query($first: Int) {
      categories(first: $first) {
        edges { node {
          name slug level parent { name } metadata { key }
          translation(languageCode: EN) { name }
          children(first: 5) { edges { node { slug } } }
        } }
      }
    }
    """
    for index in range(12):
        root, _child = category_tree(f"Root{index}", f"Child{index}")
        CategoryTranslation.objects.create(category=root, language_code="en", name=f"R{index}")
    api_client.post_graphql(query, {"first": 2})

    with django_assert_num_queries(3):
        small = api_client.post_graphql(query, {"first": 2})
    with django_assert_num_queries(3):
        large = api_client.post_graphql(query, {"first": 20})

    assert len(small.data["categories"]["edges"]) == 2
    assert len(large.data["categories"]["edges"]) == 20


def test_category_products_show_what_the_caller_may_see(api_client):
    food, fungi = category_tree("Food", "Fungi")
    channel = ChannelFactory(slug="lhasa")
    visible = sellable_product(channel, category=fungi, slug="visible")
    ProductFactory(category=food, slug="unlisted")
    query = """
    query($slug: String) {
      category(slug: $slug) { products(first: 10) { edges { node { slug } } } }
    }
    """

    public = api_client.post_graphql(query, {"slug": "food"})
    manager = staff_client(PermissionEnum.MANAGE_PRODUCTS).post_graphql(query, {"slug": "food"})

    def product_slugs(response):
        return sorted(e["node"]["slug"] for e in response.data["category"]["products"]["edges"])

    assert product_slugs(public) == [visible.slug]
    assert product_slugs(manager) == ["unlisted", "visible"]
    assert not permission_denied(public)
