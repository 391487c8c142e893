"""The demo catalog: realistic, idempotent, and searchable."""

import io
from decimal import Decimal

import pytest
from PIL import Image

from catalog.demo import load_demo_catalog, read_specialties
from catalog.models import (
    AssignedProductAttributeValue,
    Category,
    CategoryTranslation,
    Channel,
    ChannelWarehouse,
    Product,
    ProductChannelListing,
    ProductMedia,
    ProductTranslation,
    ProductVariant,
    ProductVariantChannelListing,
    Stock,
    Warehouse,
)
from catalog.selectors.search import search_products

pytestmark = pytest.mark.django_db

COUNTED = [
    Product, ProductVariant, ProductTranslation, ProductChannelListing,
    ProductVariantChannelListing, Stock, ProductMedia, Category, CategoryTranslation,
    Channel, Warehouse, ChannelWarehouse, AssignedProductAttributeValue,
]  # fmt: skip


def load() -> str:
    out = io.StringIO()
    load_demo_catalog(out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def found(text: str) -> set[str]:
    return set(search_products(Product.objects.all(), text).values_list("name", flat=True))


@pytest.fixture
def demo_catalog():
    load()


def test_demo_loads_twice_without_duplicates():
    first_output = load()
    first = counts()

    second_output = load()

    assert counts() == first
    assert first["Product"] == 56
    assert first["Channel"] == 3
    assert first["Warehouse"] == 7
    assert first["Category"] == 14
    assert first["ProductMedia"] == 56
    assert (
        first_output
        == second_output
        == ("Catalog: 3 channels, 7 warehouses, 14 categories, 56 products (56 indexed for search)")
    )


def test_rows_tagged_uncertain_are_left_out(demo_catalog):
    names = set(Product.objects.values_list("name", flat=True))

    assert len(read_specialties()) == 56
    assert "古荣糌粑" not in names
    assert "琼结牦牛酸奶" not in names
    assert "林芝松茸" in names


def test_products_come_from_their_county_with_translations_and_attributes(demo_catalog):
    product = Product.objects.select_related("origin", "category__parent").get(name="林芝松茸")
    attributes = {
        a.value.attribute.slug: a.value.name
        for a in product.attributevalues.select_related("value__attribute")
    }

    assert product.origin.code == "540402"
    assert (product.category.slug, product.category.parent.slug) == ("fungi", "farm-and-pasture")
    assert product.translations.get(language_code="en").name == "Nyingchi matsutake"
    assert attributes == {
        "net-weight": "500", "grade": "特级", "altitude": "2990", "season": "7–9月",
    }  # fmt: skip
    assert product.search_index_dirty is False


def test_prices_per_channel_and_stock_in_the_county_town_warehouse(demo_catalog):
    variant = ProductVariant.objects.get(product__name="林芝松茸", sort_order=0)
    prices = dict(variant.channel_listings.values_list("channel__slug", "price_amount"))
    stocks = dict(variant.stocks.values_list("warehouse__division__code", "quantity"))

    assert prices == {
        "default-channel": Decimal("298.000"),
        "lhasa-showroom": Decimal("298.000"),
        "jiangsu-partner": Decimal("283.100"),
    }
    assert set(stocks) == {"540402", "540102"}
    assert stocks["540102"] == 5
    assert stocks["540402"] >= 20


def test_category_tree_has_chinese_names_with_english_and_tibetan(demo_catalog):
    roots = Category.objects.filter(parent=None).order_by("slug")
    fungi = Category.objects.get(slug="fungi")

    assert [c.slug for c in roots] == ["crafts", "culture-and-travel", "farm-and-pasture"]
    assert fungi.name == "菌菇"
    assert fungi.tree_path == f"{fungi.parent.pk}/{fungi.pk}/"
    assert dict(fungi.translations.values_list("language_code", "name")) == {
        "en": "Fungi",
        "bo": "ཤ་མོ",
    }


def test_every_product_has_a_generated_image(demo_catalog):
    media = ProductMedia.objects.get(product__name="林芝松茸")

    with Image.open(media.image) as image:
        assert (image.format, image.size) == ("PNG", (480, 480))
    assert media.alt == "林芝松茸"


def test_demo_products_are_found_in_every_language(demo_catalog):
    assert found("松茸") == {"林芝松茸"}
    assert found("songrong") == {"林芝松茸"}
    assert found("matsutake") == {"林芝松茸"}
    assert found("冬虫夏草") == {"丁青冬虫夏草", "那曲冬虫夏草", "比如冬虫夏草", "巴青冬虫夏草"}
    assert found("ཤ་མོ") == {"林芝松茸", "亚东黑木耳"}  # the fungi category in Tibetan
    assert "墨脱石锅" in found("མེ་ཏོག")  # Mêdog County in Tibetan
    assert found("yak meat") == {"当雄牦牛肉", "帕里牦牛", "类乌齐牦牛肉", "那曲牦牛肉干"}
