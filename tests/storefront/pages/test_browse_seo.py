"""/sitemap.xml and /robots.txt."""

from xml.etree import ElementTree

import pytest
from django.test import override_settings

from tests.factories.product_reads import publish_later
from tests.storefront.pages.browse_support import build_shop

ROOT = "https://shop.example.com"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def shop(db):
    return build_shop()


@override_settings(STOREFRONT_URL=f"{ROOT}/")
def test_sitemap_lists_every_browsing_page_as_absolute_urls(client, shop):
    publish_later(shop.thangka, shop.channel)

    response = client.get("/sitemap.xml")
    sitemap = ElementTree.fromstring(response.content)  # noqa: S314 - our own response
    locations = [node.text for node in sitemap.findall("s:url/s:loc", NS)]

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert all(location.startswith(f"{ROOT}/") for location in locations)
    assert f"{ROOT}/" in locations
    assert f"{ROOT}/regions/540400/" in locations
    assert f"{ROOT}/counties/540402/" in locations
    assert f"{ROOT}/categories/plateau-food/" in locations
    assert {f"{ROOT}/products/{slug}/" for slug in ("songrong", "hetao", "qingke")} <= set(
        locations
    )
    assert f"{ROOT}/products/tangka/" not in locations  # not published yet
    assert len(locations) == len(set(locations))


def test_sitemap_query_count_does_not_depend_on_the_catalog_size(
    client, shop, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        client.get("/sitemap.xml")


@override_settings(STOREFRONT_URL=ROOT)
def test_robots_allows_pages_and_keeps_crawlers_out_of_private_ones(client, db):
    response = client.get("/robots.txt")
    lines = response.content.decode().splitlines()

    assert response["Content-Type"].startswith("text/plain")
    assert lines[:2] == ["User-agent: *", "Allow: /"]
    for path in ("/cart/", "/checkout/", "/account/", "/admin/", "/graphql/"):
        assert f"Disallow: {path}" in lines
    assert f"Sitemap: {ROOT}/sitemap.xml" in lines
