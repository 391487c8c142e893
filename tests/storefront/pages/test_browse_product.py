"""The product page: offers, stock and pickup, badges, facts, description, sharing tags."""

import re

import pytest
from django.test import override_settings
from django.utils import translation

from catalog.models import HandbookEntry, LicenceStatus, ProducerKind, ProductTranslation
from catalog.selectors.producers import household_label
from tests.factories import StockFactory
from tests.factories.product_reads import publish_later
from tests.storefront.pages.browse_support import (
    MAX_GZIP_BYTES,
    build_shop,
    gzip_size,
    html,
    product,
)

URL = "/products/songrong/"


@pytest.fixture
def shop(db):
    return build_shop()


def meta(page: str, key: str) -> str:
    found = re.search(rf'<meta (?:property|name)="{key}" content="([^"]*)"', page)
    assert found, key
    return found.group(1)


def test_chinese_page_offers_each_variant_with_its_price(client, shop):
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="zh-Hans")
    page = html(response)
    variants = shop.matsutake.variants.order_by("pk")

    assert "<h1>林芝松茸</h1>" in page
    assert "<title>林芝松茸 – 西藏好物</title>" in page
    assert '<form id="add-to-cart" class="stacked" method="post" action="/cart/add/">' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert f'<option value="{variants[0].pk}">{variants[0].name} – ¥168.00</option>' in page
    assert f'<option value="{variants[1].pk}">{variants[1].name} – ¥398.00</option>' in page
    assert '<input id="quantity" name="quantity" type="number" min="1"' in page
    assert '<button id="add-to-cart-button" type="submit">' in page
    assert gzip_size(response) < MAX_GZIP_BYTES


def test_english_page_uses_translations_and_marks_chinese_text(client, shop):
    client.cookies["django_language"] = "en"
    page = html(client.get(URL))

    assert "<h1>Nyingchi matsutake</h1>" in page
    assert '<div class="description" lang="zh-Hans"><p>林芝松茸，高原特产。</p></div>' in page
    assert '<a href="/categories/plateau-food/">Plateau food</a>' in page
    walnut = html(client.get("/products/hetao/"))
    assert '<h1 lang="zh-Hans">林芝核桃</h1>' in walnut


def test_single_variant_is_a_hidden_field_and_stock_is_shown(client, shop):
    page = html(client.get("/products/qingke/", HTTP_ACCEPT_LANGUAGE="en"))
    variant = shop.barley.variants.get()

    assert f'<input type="hidden" name="variant" value="{variant.pk}">' in page
    assert 'id="variant"' not in page
    assert "In stock for delivery in China" in page


def test_out_of_stock_product_cannot_be_added(client, shop):
    page = html(client.get("/products/hetao/", HTTP_ACCEPT_LANGUAGE="en"))

    assert "Out of stock for delivery" in page
    assert '<button id="add-to-cart-button" type="submit" disabled>' in page
    assert "Pick up at:" not in page


def test_pickup_points_holding_stock(client, shop):
    StockFactory(warehouse=shop.counter, product_variant=shop.walnut.variants.get(), quantity=2)

    page = html(client.get("/products/hetao/", HTTP_ACCEPT_LANGUAGE="en"))

    assert "Pick up at:" in page
    assert "拉萨展厅" in page
    assert '<button id="add-to-cart-button" type="submit">' in page  # collectable


def test_badges_only_for_live_licences(client, shop):
    page = html(client.get(URL, HTTP_ACCEPT_LANGUAGE="en"))

    assert re.findall(r'<span class="badge tier-(\w+)"[^>]*>([^<]*)</span>', page) == [
        ("county", "Bayi Goods")
    ]  # Nyingchi's licence is suspended and the region's expired

    shop.bayi.licences.update(status=LicenceStatus.SUSPENDED)

    assert 'class="badge' not in html(client.get(URL, HTTP_ACCEPT_LANGUAGE="en"))


@pytest.mark.parametrize("language", ["zh-Hans", "bo", "en"])
def test_facts_show_a_household_by_its_public_name_and_never_its_status(client, shop, language):
    page = html(client.get(URL, HTTP_ACCEPT_LANGUAGE=language))

    with translation.override(language.lower()):
        label = household_label(shop.producer.county)
    assert f"<dd>{label}</dd>" in page
    assert "巴宜区松茸合作社" not in page  # the household's own name
    assert '<a href="/counties/540402/">' in page
    assert '<a href="/regions/540400/">' in page
    for private in ("lifted", "脱贫", "Recently lifted", "household_status"):
        assert private not in page


def test_facts_show_the_name_of_a_producer_that_is_no_household(client, shop):
    shop.producer.kind = ProducerKind.COOPERATIVE
    shop.producer.save()

    page = html(client.get(URL, HTTP_ACCEPT_LANGUAGE="zh-Hans"))

    assert "<dd>巴宜区松茸合作社</dd>" in page


def test_facts_in_english(client, shop):
    page = html(client.get(URL, HTTP_ACCEPT_LANGUAGE="en"))

    assert "<dd>Organic, Green food</dd>" in page
    assert '<a href="/counties/540402/">Bayi District</a>' in page
    month = HandbookEntry.objects.get().season_months[0]
    assert f"<dd>Months {month}</dd>" in page


def test_season_written_in_the_handbook_when_no_months(client, shop):
    HandbookEntry.objects.update(season_months=[])

    page = html(client.get(URL, HTTP_ACCEPT_LANGUAGE="en"))

    assert '<dd lang="zh-Hans">7-9月</dd>' in page


def test_description_is_rendered_as_safe_plain_text(client, shop):
    item = product(shop, "藏香", slug="zangxiang", category=shop.craft)
    item.description = {
        "blocks": [
            {"type": "header", "data": {"text": "<b>手工</b>制作", "level": 2}},
            {"type": "paragraph", "data": {"text": "柏木&amp;藏药<script>alert(1)</script>"}},
            {"type": "list", "data": {"items": ["<i>一</i>", {"content": "二"}]}},
        ]
    }
    item.save()

    page = html(client.get("/products/zangxiang/"))

    assert "<h3>手工制作</h3>" in page
    assert "<p>柏木&amp;藏药alert(1)</p>" in page
    assert "<script>alert" not in page
    assert "<ul><li>一</li><li>二</li></ul>" in page


@override_settings(STOREFRONT_URL="https://shop.example.com")
def test_sharing_tags(client, shop):
    ProductTranslation.objects.filter(product=shop.matsutake, language_code="en").update(
        seo_description="Wild matsutake from Bayi."
    )
    page = html(client.get(URL, HTTP_ACCEPT_LANGUAGE="en"))

    assert meta(page, "og:title") == "Nyingchi matsutake"
    assert meta(page, "og:description") == "Wild matsutake from Bayi."
    assert meta(page, "description") == "Wild matsutake from Bayi."
    assert meta(page, "og:url") == "https://shop.example.com/products/songrong/"
    assert meta(page, "og:image").startswith("https://shop.example.com/media/products/")
    assert '<link rel="canonical" href="https://shop.example.com/products/songrong/">' in page

    zh = html(client.get(URL, HTTP_ACCEPT_LANGUAGE="zh-Hans"))
    assert meta(zh, "og:description") == "林芝松茸，高原特产。"


def test_gallery_images_are_responsive_and_lazy_after_the_first(client, shop):
    product(shop, "松茸干片", slug="ganpian", media=True)
    shop.matsutake.media.create(image=shop.matsutake.media.first().image.name, sort_order=99)

    page = html(client.get(URL))
    images = re.findall(r"<img [^>]*>", page)

    assert len(images) == 2
    assert all('srcset="' in tag and 'width="512"' in tag for tag in images)
    assert "loading" not in images[0] and 'loading="lazy"' in images[1]


def test_product_not_visible_in_listings_still_has_its_page(client, shop):
    shop.barley.channel_listings.update(visible_in_listings=False)

    assert client.get("/products/qingke/").status_code == 200


def test_unknown_and_unpublished_products_are_not_found(client, shop):
    publish_later(shop.barley, shop.channel)

    assert client.get("/products/qingke/").status_code == 404
    assert client.get("/products/no-such-thing/").status_code == 404


def test_query_count_is_bounded(client, shop, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
