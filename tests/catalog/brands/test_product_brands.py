"""Product.brands, producer and origin through GraphQL: which badges a product shows today."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import BrandTier, LicenceStatus
from catalog.services.brands import brand_create
from catalog.services.licences import licence_grant
from tests.catalog.brands.conftest import (
    BAYI,
    days,
    division,
    licence,
    make_producer,
    product_manager,
)
from tests.factories import CategoryFactory
from tests.factories.product_reads import gid, storefront_product

PRODUCT = """
query Product($slug: String!) {
  product(slug: $slug, channel: "lhasa") {
    brands { slug tier }
    producer { name kind county { code } certifications }
    origin { code nameEn }
  }
}
"""

PRODUCTS = """
query Products($first: Int) {
  products(first: $first, channel: "lhasa") {
    edges { node {
      slug
      brands {
        id name nameEn slug tier isPublic
        logo { url }
        parent { slug parent { slug } }
        ownerDivision { code }
        ownerProducer { name }
      }
      producer { name county { nameEn } }
      origin { nameEn }
    } }
  }
}
"""

SUSPEND = """
mutation Suspend($id: ID!) {
  brandLicenceSuspend(id: $id, note: "包装不合规") {
    brandLicence { status note }
    errors { field code message }
  }
}
"""


def brands_of(client, product) -> list[str]:
    response = client.post_graphql(PRODUCT, {"slug": product.slug})
    return [brand["slug"] for brand in response.data["product"]["brands"]]


@pytest.fixture
def producer(db):
    return make_producer(certifications=["organic", "green_food"])


@pytest.fixture
def mushrooms(db):
    return CategoryFactory(slug="fungi")


def on_shelf(channel, producer, **kwargs):
    kwargs.setdefault("category", CategoryFactory())
    return storefront_product(channel, producer=producer, origin=division(BAYI), **kwargs)


def test_live_licence_shows_the_brand_with_producer_and_origin(api_client, channel, tree, producer):
    product = on_shelf(channel, producer)
    licence(tree.bayi, producer, products=[product])

    data = api_client.post_graphql(PRODUCT, {"slug": product.slug}).data["product"]

    assert data["brands"] == [{"slug": "bayi-goods", "tier": "COUNTY"}]
    assert data["producer"] == {
        "name": "巴宜区松茸合作社",
        "kind": "COOPERATIVE",
        "county": {"code": BAYI},
        "certifications": ["ORGANIC", "GREEN_FOOD"],
    }
    assert data["origin"] == {"code": BAYI, "nameEn": "Bayi District"}


@pytest.mark.parametrize(
    ("status", "start", "end"),
    [
        (LicenceStatus.SUSPENDED, -10, 10),
        (LicenceStatus.EXPIRED, -10, 10),
        (LicenceStatus.ACTIVE, 1, 10),  # not started
        (LicenceStatus.ACTIVE, -10, -1),  # ended, not yet marked expired
    ],
)
def test_licences_that_are_not_live_show_nothing(
    api_client, channel, tree, producer, status, start, end
):
    product = on_shelf(channel, producer)
    licence(tree.region, producer, products=[product], status=status, start=start, end=end)

    assert brands_of(api_client, product) == []


def test_first_and_last_day_of_a_licence_count(api_client, channel, tree, producer):
    starts_today, ends_today = on_shelf(channel, producer), on_shelf(channel, producer)
    licence(tree.region, producer, products=[starts_today], start=0, end=10)
    licence(tree.nyingchi, producer, products=[ends_today], start=-10, end=0)

    assert brands_of(api_client, starts_today) == ["tibet-goods"]
    assert brands_of(api_client, ends_today) == ["nyingchi-goods"]


def test_a_licence_of_another_producer_shows_nothing(api_client, channel, tree, producer):
    category = CategoryFactory()
    product = on_shelf(channel, producer, category=category)
    neighbour = make_producer(name="邻村合作社")
    # Written directly: the service would refuse another producer's product.
    licence(tree.region, neighbour, products=[product], categories=[category])

    assert brands_of(api_client, product) == []


def test_category_licence_covers_the_category_and_its_subcategories(
    api_client, channel, tree, producer, mushrooms
):
    matsutake = CategoryFactory(slug="matsutake", parent=mushrooms)
    in_category = on_shelf(channel, producer, category=mushrooms)
    in_subcategory = on_shelf(channel, producer, category=matsutake)
    elsewhere = on_shelf(channel, producer)
    licence(tree.nyingchi, producer, categories=[mushrooms])

    assert brands_of(api_client, in_category) == ["nyingchi-goods"]
    assert brands_of(api_client, in_subcategory) == ["nyingchi-goods"]
    assert brands_of(api_client, elsewhere) == []


def test_brands_are_ordered_by_tier_and_inactive_ones_hidden(api_client, channel, tree, producer):
    product = on_shelf(channel, producer)
    own = brand_create(name="雪域果园", tier=BrandTier.ENTERPRISE, owner_producer=producer)
    retired = brand_create(name="旧牌子", tier=BrandTier.ENTERPRISE, owner_producer=producer,
                           is_active=False)  # fmt: skip
    for brand in (tree.bayi, tree.region, tree.nyingchi):
        licence(brand, producer, products=[product])
    licence(tree.region, producer, products=[product])  # a second licence, same brand

    assert brands_of(api_client, product) == [
        "tibet-goods",
        "nyingchi-goods",
        "bayi-goods",
        own.slug,
    ]
    tree.nyingchi.is_active = False
    tree.nyingchi.save()
    assert retired.slug not in brands_of(api_client, product)
    assert brands_of(api_client, product) == ["tibet-goods", "bayi-goods", own.slug]


def test_suspending_takes_the_badge_off_on_the_next_request(api_client, channel, tree, producer):
    product = on_shelf(channel, producer)
    granted = licence_grant(brand=tree.bayi, producer=producer, products=[product],
                            start_date=days(0), end_date=days(365))  # fmt: skip
    assert brands_of(api_client, product) == ["bayi-goods"]

    response = product_manager().post_graphql(SUSPEND, {"id": gid(granted)})

    assert response.data["brandLicenceSuspend"] == {
        "brandLicence": {"status": "SUSPENDED", "note": "包装不合规"},
        "errors": [],
    }
    assert brands_of(api_client, product) == []


def test_product_without_producer_has_no_brands(api_client, channel, tree):
    product = storefront_product(channel)
    data = api_client.post_graphql(PRODUCT, {"slug": product.slug}).data["product"]
    assert data == {"brands": [], "producer": None, "origin": None}


def shelf_of(channel, tree, size: int) -> None:
    """`size` products from several producers, each showing several brands."""
    category = CategoryFactory()
    for index in range(size):
        producer = make_producer(name=f"合作社{index}")
        brand_create(name=f"企业{index}", tier=BrandTier.ENTERPRISE, owner_producer=producer)
        product = on_shelf(channel, producer, category=category)
        licence(tree.bayi, producer, products=[product])
        licence(tree.region, producer, categories=[category])


def count_queries(client, first: int) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        response = client.post_graphql(PRODUCTS, {"first": first})
    return len(queries), response.data


def test_product_list_with_brands_costs_the_same_for_any_page_size(
    api_client, channel, tree, django_assert_max_num_queries
):
    shelf_of(channel, tree, 7)
    small, _small_data = count_queries(api_client, 2)
    large, large_data = count_queries(api_client, 7)

    assert len(large_data["products"]["edges"]) == 7
    node = large_data["products"]["edges"][0]["node"]
    assert [b["tier"] for b in node["brands"]] == ["REGION", "COUNTY", "ENTERPRISE"]
    assert node["brands"][1]["parent"] == {
        "slug": "nyingchi-goods",
        "parent": {"slug": "tibet-goods"},
    }
    assert node["brands"][2]["ownerProducer"]["name"].startswith("合作社")
    assert large == small
    with django_assert_max_num_queries(large):
        api_client.post_graphql(PRODUCTS, {"first": 7})
