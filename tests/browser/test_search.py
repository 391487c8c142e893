"""Searching from the header finds products by their Chinese name and by its pinyin."""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.mark.parametrize("query", ["松茸", "songrong"], ids=["hanzi", "pinyin"])
def test_search_from_the_header_finds_the_product(page, snap, shop, query):
    page.goto("/")
    page.locator("input#q").fill(query)
    page.locator("input#q").press("Enter")
    page.wait_for_url("**/search/?*")
    snap("results")

    assert page.locator("input#q").input_value() == query
    assert page.locator(f"a#product-{shop.product.slug}").first.is_visible()
    assert page.locator(f"a#product-{shop.other_product.slug}").count() == 0
