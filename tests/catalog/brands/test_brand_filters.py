"""products(filter / where: {brands, divisions}): by the badges shown today, and by origin."""

import pytest

from catalog.models import BrandTier, LicenceStatus
from catalog.services.brands import brand_create
from tests.catalog.brands.conftest import (
    BAYI,
    GYANTSE,
    MAINLING,
    NYINGCHI,
    REGION,
    SHIGATSE,
    division,
    licence,
    make_producer,
)
from tests.factories import CategoryFactory
from tests.factories.product_reads import gid, storefront_product

PRODUCTS = """
query Products($filter: ProductFilterInput, $where: ProductWhereInput) {
  products(first: 50, channel: "lhasa", filter: $filter, where: $where) {
    edges { node { slug } }
  }
}
"""


def slugs(client, **arguments) -> list[str]:
    response = client.post_graphql(PRODUCTS, arguments)
    return sorted(edge["node"]["slug"] for edge in response.data["products"]["edges"])


@pytest.fixture
def shelf(channel, tree):
    bayi_coop = make_producer()
    gyantse_home = make_producer(county=GYANTSE, name="江孜卡垫户")
    fungi = CategoryFactory(slug="fungi")

    def product(slug, producer, county, **kwargs):
        origin = division(county) if county else None
        return storefront_product(channel, slug=slug, producer=producer, origin=origin, **kwargs)

    matsutake = product("matsutake", bayi_coop, BAYI, category=fungi)
    pig = product("tibetan-pig", bayi_coop, BAYI)
    apple = product("mainling-apple", None, MAINLING)
    carpet = product("gyantse-carpet", gyantse_home, GYANTSE)
    pulu = product("gyantse-pulu", gyantse_home, None)  # origin unknown: its producer's county
    licence(tree.bayi, bayi_coop, products=[pig])
    licence(tree.region, bayi_coop, categories=[fungi])
    licence(tree.region, gyantse_home, products=[carpet], status=LicenceStatus.SUSPENDED)
    licence(tree.shigatse, gyantse_home, products=[pulu], end=-1)  # ended yesterday
    own = brand_create(name="卡垫坊", tier=BrandTier.ENTERPRISE, owner_producer=gyantse_home)
    return {"own": own, "products": [matsutake, pig, apple, carpet, pulu]}


def test_filter_by_brand_follows_live_licences(api_client, tree, shelf):
    assert slugs(api_client, filter={"brands": [gid(tree.region)]}) == ["matsutake"]
    assert slugs(api_client, filter={"brands": [gid(tree.bayi)]}) == ["tibetan-pig"]
    assert slugs(api_client, filter={"brands": [gid(tree.bayi), gid(tree.region)]}) == [
        "matsutake", "tibetan-pig",
    ]  # fmt: skip
    # Suspended and ended licences count for nothing; the enterprise brand needs none.
    assert slugs(api_client, filter={"brands": [gid(tree.shigatse)]}) == []
    assert slugs(api_client, filter={"brands": [gid(shelf["own"])]}) == [
        "gyantse-carpet", "gyantse-pulu",
    ]  # fmt: skip


def test_where_by_brand_and_combinations(api_client, tree, shelf):
    assert slugs(api_client, where={"brands": [gid(tree.region)]}) == ["matsutake"]
    assert slugs(
        api_client, where={"OR": [{"brands": [gid(tree.bayi)]}, {"brands": [gid(shelf["own"])]}]}
    ) == ["gyantse-carpet", "gyantse-pulu", "tibetan-pig"]
    assert slugs(api_client, where={"brands": []}) == []


def test_filter_by_division_includes_what_lies_beneath(api_client, tree, shelf):
    everything = ["gyantse-carpet", "gyantse-pulu", "mainling-apple", "matsutake", "tibetan-pig"]
    assert slugs(api_client, filter={"divisions": [gid(division(REGION))]}) == everything
    assert slugs(api_client, filter={"divisions": [gid(division(NYINGCHI))]}) == [
        "mainling-apple", "matsutake", "tibetan-pig",
    ]  # fmt: skip
    assert slugs(api_client, filter={"divisions": [gid(division(BAYI))]}) == [
        "matsutake", "tibetan-pig",
    ]  # fmt: skip
    assert slugs(api_client, filter={"divisions": [gid(division(SHIGATSE))]}) == [
        "gyantse-carpet", "gyantse-pulu",
    ]  # fmt: skip
    assert slugs(
        api_client, where={"divisions": [gid(division(MAINLING)), gid(division(GYANTSE))]}
    ) == ["gyantse-carpet", "gyantse-pulu", "mainling-apple"]


def test_filters_combine_with_each_other(api_client, tree, shelf):
    assert slugs(
        api_client,
        filter={"divisions": [gid(division(NYINGCHI))], "brands": [gid(tree.region)]},
    ) == ["matsutake"]


def test_wrong_id_types_are_refused(api_client, tree, shelf):
    response = api_client.post_graphql(PRODUCTS, {"filter": {"brands": [gid(division(BAYI))]}})
    assert "Expected: Brand" in response.errors[0]["message"]
