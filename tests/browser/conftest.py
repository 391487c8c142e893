"""Real-browser tests: the OS Chromium driven by Playwright against pytest-django's live server.

The browser is never downloaded: /usr/bin/chromium is used, and its absence skips these tests
(fails them under REQUIRE_SERVICES=1, as in CI). They run last in a session because Playwright's
sync API keeps an asyncio loop running in the main thread while the browser is open (which also
needs DJANGO_ALLOW_ASYNC_UNSAFE for the ORM calls the tests make meanwhile).
"""

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps

from catalog.models import ClickAndCollectOption, Division, Product, ProductVariant, Warehouse
from catalog.services.search_index import products_search_index_update
from storefront.models import ShippingMethod
from tests.browser.steps import ARTIFACTS
from tests.factories.catalog import (
    CategoryFactory,
    ChannelFactory,
    StockFactory,
    WarehouseFactory,
)
from tests.factories.checkout import purchasable_variant
from tests.factories.search import CategoryTranslationFactory, ProductTranslationFactory
from tests.services import require_or_skip

CHROMIUM = Path("/usr/bin/chromium")
BROWSER_DIR = Path(__file__).parent


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Browser tests last (see the module docstring), keeping their own order."""
    browser = [item for item in items if BROWSER_DIR in Path(str(item.path)).parents]
    if browser:
        others = [item for item in items if BROWSER_DIR not in Path(str(item.path)).parents]
        items[:] = others + browser


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        require_or_skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the test extra installs it
        require_or_skip("the playwright package is not installed (pip install -e '.[test]')")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM),
                args=["--headless", "--no-sandbox", "--disable-gpu"],
            )
            try:
                yield chromium
            finally:
                chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh page (own cookies) on the live server, in a Chinese-speaking browser."""
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 1024, "height": 800}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def snap(page, request) -> Callable[[str], Path]:
    """snap("step") saves var/test-artifacts/browser/<test name>-<step>.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    test_name = re.sub(r"[^\w.-]+", "_", request.node.name)

    def take(step: str) -> Path:
        path = ARTIFACTS / f"{test_name}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@dataclass
class Shop:
    category_slug: str
    product: Product
    variant: ProductVariant
    other_product: Product
    shipping_method: ShippingMethod
    showroom: Warehouse


@pytest.fixture
def shop(transactional_db) -> Shop:
    """A small shop in the channel the pages sell in: a category of mushrooms from Nyingchi,
    shipped to China from a county warehouse or collected at a Lhasa showroom."""
    if not Division.objects.filter(code="540402").exists():
        # An earlier transactional test flushed the divisions the migrations load.
        importlib.import_module("catalog.migrations.0002_load_divisions").load_divisions(apps, None)
    channel = ChannelFactory(slug="default-channel", name="西藏好物", currency_code="CNY")
    category = CategoryFactory(name="菌菇山珍", slug="mushrooms")
    CategoryTranslationFactory(category=category, language_code="en", name="Mushrooms")
    warehouse = WarehouseFactory(name="巴宜区仓库", division=Division.objects.get(code="540402"))
    variant = purchasable_variant(
        channel,
        price="168.00",
        stock=50,
        warehouse=warehouse,
        shipping_price="12.00",
        name="林芝松茸",
        slug="linzhi-songrong",
        category=category,
        origin=Division.objects.get(code="540402"),
    )
    product = variant.product
    ProductTranslationFactory(product=product, language_code="en", name="Nyingchi Matsutake")
    other = purchasable_variant(
        channel,
        price="88.00",
        warehouse=warehouse,
        name="那曲牦牛肉干",
        slug="nagqu-yak-jerky",
        category=category,
        origin=Division.objects.get(code="540602"),
    ).product
    showroom = WarehouseFactory(
        name="拉萨八廓街展厅",
        slug="lhasa-barkhor-showroom",
        is_private=False,
        click_and_collect_option=ClickAndCollectOption.LOCAL_STOCK,
        street_address_1="八廓街 1 号",
        city="拉萨市",
        city_area="城关区",
        division=Division.objects.get(code="540102"),
    )
    showroom.channels.add(channel)
    StockFactory(warehouse=showroom, product_variant=variant, quantity=20)
    products_search_index_update(product_ids=[product.pk, other.pk])
    return Shop(
        category_slug=category.slug,
        product=product,
        variant=variant,
        other_product=other,
        shipping_method=ShippingMethod.objects.get(shipping_zone__warehouses=warehouse, name="EMS"),
        showroom=showroom,
    )
