"""A small handbook of 工布江达县 with what the outputs must show and what they must not."""

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from catalog.models import (
    Brand,
    BrandLicence,
    BrandTier,
    Certification,
    Division,
    Handbook,
    HandbookEntry,
    HandbookEntryImage,
    HouseholdStatus,
    Producer,
    ProducerKind,
    Product,
)
from tests.factories.catalog import ChannelFactory, ProductFactory, sellable_product
from tests.factories.product_reads import ProductMediaFactory

COUNTY_CODE = "540421"
EDITION = 2025
PRIVATE_CONTACT = "格桑旺堆"
PRIVATE_PHONE = "13989001234"
PRIVATE_ADDRESS = "错高乡结巴村三组"


def png_file(name: str, color=(180, 40, 40), size=(320, 240)) -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name=f"{name}.png")


@dataclass
class SampleHandbook:
    handbook: Handbook
    county: Division
    producer: Producer
    county_brand: Brand
    region_brand: Brand  # licensed to the producer for the published product
    enterprise_brand: Brand  # the producer's own
    songrong: HandbookEntry  # image, published product: QR code
    pig: HandbookEntry  # no image, no product: placeholder, no QR
    barley: HandbookEntry  # unpublished product with media: its image, no QR
    product: Product


def entry(handbook: Handbook, key: str, row: int, **fields) -> HandbookEntry:
    return HandbookEntry.objects.create(
        handbook=handbook, natural_key=key, row_number=row, **fields
    )


def build_handbook(*, extra_entries: int = 0) -> SampleHandbook:
    county = Division.objects.get(code=COUNTY_CODE)
    producer = Producer.objects.create(
        name="次仁松茸采集户",
        kind=ProducerKind.HOUSEHOLD,
        county=county,
        contact_name=PRIVATE_CONTACT,
        contact_phone=PRIVATE_PHONE,
        address=PRIVATE_ADDRESS,
        household_status=HouseholdStatus.LIFTED,
    )
    county_brand = Brand.objects.create(
        name="工布好物",
        name_bo="ཀོང་པོའི་ཐོན་རྫས།",
        name_en="Gongbo Goods",
        slug="gongbo-goods",
        tier=BrandTier.COUNTY,
        owner_division=county,
        logo=png_file("gongbo-logo", (40, 120, 80), (200, 120)),
    )
    handbook = Handbook.objects.create(county=county, edition=EDITION)
    channel = ChannelFactory(slug="default-channel")
    product = sellable_product(
        channel, name="工布江达松茸", slug="gongbo-songrong", producer=producer, origin=county
    )
    region_brand = Brand.objects.create(
        name="净土健康",
        slug="pure-land",
        tier=BrandTier.REGION,
        owner_division=Division.objects.get(code="540000"),
    )
    enterprise_brand = Brand.objects.create(
        name="次仁山珍", slug="tsering", tier=BrandTier.ENTERPRISE, owner_producer=producer
    )
    today = timezone.localdate()
    licence = BrandLicence.objects.create(
        brand=region_brand,
        producer=producer,
        start_date=today - datetime.timedelta(days=30),
        end_date=today + datetime.timedelta(days=300),
    )
    licence.products.add(product)
    songrong = entry(
        handbook,
        "松茸|500克/袋",
        1,
        name_zh="工布江达松茸",
        name_bo="ཀོང་པོའི་ཤ་མོ།",
        name_en="Gongbo matsutake",
        specification="500克/袋",
        unit="袋",
        price_min=Decimal("180"),
        price_max=Decimal("260.5"),
        production_area="错高乡",
        annual_output="20吨",
        season="7-9月",
        season_months=[7, 8, 9],
        quality_level="一级",
        certifications=[Certification.ORGANIC, Certification.GEOGRAPHICAL_INDICATION],
        sales_channels=[{"channel": "电商", "share": "60"}, {"channel": "农贸市场", "share": "40"}],
        brand=county_brand,
        producer=producer,
        gtin="6901234567892",
        notes="内部备注：该户为已脱贫户",
        product=product,
    )
    HandbookEntryImage.objects.create(entry=songrong, image=png_file("songrong"), alt="松茸")
    pig = entry(
        handbook,
        "藏香猪|1头",
        2,
        name_zh="藏香猪",
        name_bo="བོད་ཕག",
        specification="整头约40千克",
        season_months=list(range(1, 13)),
        producer_name="扎西家庭农场",
        price_min=Decimal("45"),
        unit="千克",
    )
    barley_product = ProductFactory(name="青稞", slug="gongbo-qingke")
    ProductMediaFactory(
        product=barley_product, image=png_file("qingke", (200, 180, 60), (300, 200))
    )
    barley = entry(
        handbook,
        "青稞|1千克",
        3,
        name_zh="青稞",
        name_bo="ནས།",
        name_en="Highland barley",
        specification="1千克/袋",
        season="常年",
        product=barley_product,
    )
    for number in range(extra_entries):
        entry(handbook, f"extra-{number}", 10 + number, name_zh=f"酥油 {number}", producer=producer)
    return SampleHandbook(
        handbook=handbook,
        county=county,
        producer=producer,
        county_brand=county_brand,
        region_brand=region_brand,
        enterprise_brand=enterprise_brand,
        songrong=songrong,
        pig=pig,
        barley=barley,
        product=product,
    )
