"""A small shop for the browsing page tests: the storefront channel, a warehouse that ships
to China and another that hands over at the counter, brands, a producer, and products of
Nyingchi (Bayi, Mainling) and Shigatse (Gyantse)."""

import datetime
import gzip
import re
from types import SimpleNamespace

from django.utils import timezone

from catalog.models import (
    Brand,
    BrandLicence,
    BrandTier,
    CategoryTranslation,
    ClickAndCollectOption,
    Division,
    Handbook,
    HandbookEntry,
    HandbookStatus,
    HouseholdStatus,
    LicenceStatus,
    Producer,
    ProducerKind,
    Product,
    ProductTranslation,
)
from catalog.services.search_index import products_search_index_update
from storefront.models import ShippingZone
from tests.factories import CategoryFactory, ChannelFactory, WarehouseFactory
from tests.factories.catalog import ProductFactory, list_product
from tests.factories.product_reads import ProductMediaFactory, add_variant

NYINGCHI, BAYI, MAINLING, SHIGATSE, GYANTSE = "540400", "540402", "540481", "540200", "540222"
MAX_GZIP_BYTES = 100 * 1024


def division(code: str) -> Division:
    return Division.objects.get(code=code)


def gzip_size(response) -> int:
    """Bytes of the page's HTML (CSS and scripts are inline) once gzipped."""
    return len(gzip.compress(response.content))


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def listed_slugs(page: str) -> list[str]:
    """Slugs of the product cards on a page, in order."""
    return re.findall(r'<a id="product-([^"]+)"', page)


def product(
    shop: SimpleNamespace,
    name: str,
    *,
    prices: tuple[str, ...] = ("10.00",),
    stock: int = 5,
    origin: str | None = BAYI,
    category=None,
    translations: dict[str, str] | None = None,
    media: bool = False,
    **fields,
) -> Product:
    """A product listed in the storefront channel, one variant per price, stocked in the
    shipping warehouse, indexed for search."""
    item = ProductFactory(
        name=name,
        origin=division(origin) if origin else None,
        category=category or shop.food,
        description={"blocks": [{"type": "paragraph", "data": {"text": f"{name}，高原特产。"}}]},
        description_plaintext=f"{name}，高原特产。",
        **fields,
    )
    list_product(item, shop.channel)
    variants = [
        add_variant(item, shop.channel, price=price, stock=stock, warehouse=shop.warehouse)
        for price in prices
    ]
    item.default_variant = variants[0]
    item.save(update_fields=["default_variant"])
    for language, translated in (translations or {}).items():
        ProductTranslation.objects.create(product=item, language_code=language, name=translated)
    if media:
        ProductMediaFactory(product=item)
    products_search_index_update(product_ids=[item.pk])
    return item


def build_shop() -> SimpleNamespace:
    channel = ChannelFactory(slug="default-channel", name="默认渠道")
    warehouse = WarehouseFactory(name="林芝仓库")
    warehouse.channels.add(channel)
    zone = ShippingZone.objects.create(name="中国", countries="CN")
    zone.channels.add(channel)
    zone.warehouses.add(warehouse)
    counter = WarehouseFactory(
        name="拉萨展厅", city="拉萨市", click_and_collect_option=ClickAndCollectOption.LOCAL_STOCK
    )
    counter.channels.add(channel)
    food = CategoryFactory(name="高原食品", slug="plateau-food")
    CategoryTranslation.objects.create(category=food, language_code="en", name="Plateau food")
    craft = CategoryFactory(name="手工艺品", slug="handicraft")
    today = timezone.localdate()
    region = Brand.objects.create(
        name="西藏好物", name_en="Tibet Goods", slug="tibet-goods", tier=BrandTier.REGION,
        owner_division=division("540000"), description="雪域高原的好物。",
    )  # fmt: skip
    nyingchi = Brand.objects.create(
        name="林芝好物", name_en="Nyingchi Goods", slug="nyingchi-goods",
        tier=BrandTier.PREFECTURE, owner_division=division(NYINGCHI), parent=region,
        description="林芝，西藏的江南。",
    )  # fmt: skip
    bayi = Brand.objects.create(
        name="巴宜好物", name_en="Bayi Goods", slug="bayi-goods", tier=BrandTier.COUNTY,
        owner_division=division(BAYI), parent=nyingchi, description="巴宜区的松茸与核桃。",
    )  # fmt: skip
    producer = Producer.objects.create(
        name="巴宜区松茸合作社", kind=ProducerKind.HOUSEHOLD, county=division(BAYI),
        certifications=["organic", "green_food"], household_status=HouseholdStatus.LIFTED,
    )  # fmt: skip
    shop = SimpleNamespace(
        channel=channel, warehouse=warehouse, counter=counter, food=food, craft=craft,
        region=region, nyingchi=nyingchi, bayi=bayi, producer=producer, today=today,
    )  # fmt: skip
    shop.matsutake = product(
        shop, "林芝松茸", prices=("168.00", "398.00"), origin=BAYI, producer=producer,
        translations={"en": "Nyingchi matsutake", "bo": "ཉིང་ཁྲིའི་ཤ་མོ"}, media=True,
        slug="songrong",
    )  # fmt: skip
    shop.walnut = product(
        shop, "林芝核桃", prices=("45.00",), origin=MAINLING, slug="hetao", stock=0
    )
    shop.barley = product(
        shop, "江孜青稞", prices=("28.00",), origin=GYANTSE, slug="qingke",
        translations={"en": "Gyantse highland barley"},
    )  # fmt: skip
    shop.thangka = product(
        shop, "唐卡", prices=("3800.00",), origin=GYANTSE, category=craft, slug="tangka"
    )
    licence(shop, bayi, products=[shop.matsutake])
    licence(shop, nyingchi, products=[shop.matsutake], status=LicenceStatus.SUSPENDED)
    licence(shop, region, products=[shop.matsutake], start=-30, end=-1)
    handbook = Handbook.objects.create(
        county=division(BAYI), edition=today.year, status=HandbookStatus.APPROVED
    )
    HandbookEntry.objects.create(
        handbook=handbook, natural_key="songrong", name_zh="林芝松茸", product=shop.matsutake,
        season="7-9月", season_months=[today.month],
    )  # fmt: skip
    return shop


def licence(shop, brand, *, products=(), status=LicenceStatus.ACTIVE, start=-10, end=100):
    row = BrandLicence.objects.create(
        brand=brand,
        producer=shop.producer,
        status=status,
        start_date=shop.today + datetime.timedelta(days=start),
        end_date=shop.today + datetime.timedelta(days=end),
    )
    row.products.set(products)
    return row
