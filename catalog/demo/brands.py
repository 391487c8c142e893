"""Demo step: the three-tier public brands, a few producers and the licences on demo products.

One region brand ("Tibet Goods"), a brand for each of the 7 prefectures, county brands for a
few counties with demo products, producers of those counties (one enterprise with its own
brand, and a household whose private status is set, to exercise the privacy rules), and
licences: by product and by category, one suspended and one expired. Run after the catalog
step; safe to run again (brands by slug, producers by county and name, licences by brand and
producer).
"""

import datetime
import hashlib
import io
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from catalog.demo.images import cjk_font_path
from catalog.demo.products import DEMO_REFERENCE, short_hash
from catalog.models import (
    Brand,
    BrandLicence,
    BrandTier,
    Category,
    Certification,
    Division,
    HouseholdStatus,
    LicenceStatus,
    Producer,
    ProducerKind,
    Product,
)
from catalog.services.brands import brand_create
from catalog.services.licences import licence_grant, licence_suspend
from catalog.services.producers import producer_create
from catalog.validators import uscc_check_character

REGION_CODE = "540000"
REGION_BRAND = ("tibet-goods", "西藏好物", "Tibet Goods", "བོད་ལྗོངས་ཐོན་རྫས་བཟང་པོ")
# Prefecture code → (slug, Chinese name, English name).
PREFECTURE_BRANDS = {
    "540100": ("lhasa-goods", "拉萨好物", "Lhasa Goods"),
    "540200": ("shigatse-goods", "日喀则好物", "Shigatse Goods"),
    "540300": ("chamdo-goods", "昌都好物", "Chamdo Goods"),
    "540400": ("nyingchi-goods", "林芝好物", "Nyingchi Goods"),
    "540500": ("shannan-goods", "山南好物", "Shannan Goods"),
    "540600": ("nagqu-goods", "那曲好物", "Nagqu Goods"),
    "542500": ("ngari-goods", "阿里好物", "Ngari Goods"),
}
COUNTY_BRANDS = {
    "540402": ("bayi-goods", "巴宜好物", "Bayi Goods"),
    "540222": ("gyantse-goods", "江孜好物", "Gyantse Goods"),
    "540233": ("yadong-goods", "亚东好物", "Yadong Goods"),
    "540237": ("gamba-goods", "岗巴好物", "Gamba Goods"),
}
USAGE_RULES = (
    "仅限持有有效授权的生产主体在授权产品的包装和标签上使用；授权暂停或到期后立即停用。"
    " Only licensed producers may use the mark, on the packaging and labels of licensed"
    " products; stop at once when the licence is suspended or ends."
)
COLOURS = {
    "region": "#b5179e",
    "prefecture": "#3a86ff",
    "county": "#2a9d8f",
    "enterprise": "#e76f51",
}


@dataclass(frozen=True)
class DemoProducer:
    county: str
    name: str
    kind: str
    serial: int | None  # for a demo registration code; None: a household without one
    products: tuple[str, ...]  # Chinese names of the county's demo specialties
    certifications: tuple[str, ...] = ()
    household_status: str = HouseholdStatus.NONE
    brand: tuple[str, str, str] | None = None  # its enterprise brand: slug, name, English

    @property
    def registration_code(self) -> str | None:
        if self.serial is None:
            return None
        kind_code = "93" if self.kind == ProducerKind.COOPERATIVE else "91"
        # "DEM" marks the organisation part as made up; the check character is real.
        first_17 = f"{kind_code}{self.county}0000DEM{self.serial:02d}"
        return first_17 + uscc_check_character(first_17)


PRODUCERS = (
    DemoProducer(
        "540402", "巴宜区林芝松茸专业合作社", ProducerKind.COOPERATIVE, 1,
        ("林芝松茸", "林芝藏香猪"), (Certification.ORGANIC,),
    ),
    DemoProducer(
        "540402", "林芝雪域果业有限公司", ProducerKind.ENTERPRISE, 2, ("林芝苹果",),
        (Certification.GREEN_FOOD, Certification.GEOGRAPHICAL_INDICATION),
        brand=("snowland-orchard", "雪域果园", "Snowland Orchard"),
    ),
    DemoProducer(
        "540233", "亚东县帕里农牧专业合作社", ProducerKind.COOPERATIVE, 3,
        ("亚东黑木耳", "帕里牦牛", "亚东鲑鱼"), (Certification.COMMITMENT_CERTIFICATE,),
    ),
    DemoProducer(
        "540222", "江孜县卓玛卡垫家庭作坊", ProducerKind.HOUSEHOLD, None,
        ("江孜卡垫", "江孜氆氇"), household_status=HouseholdStatus.LIFTED,
    ),
    DemoProducer(
        "540237", "岗巴县次仁家庭牧场", ProducerKind.FAMILY_FARM, 4, ("岗巴羊肉",),
        (Certification.GEOGRAPHICAL_INDICATION,),
    ),
)  # fmt: skip


@dataclass(frozen=True)
class DemoLicence:
    brand: str  # slug
    producer: str  # name
    products: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()  # category slugs
    status: str = LicenceStatus.ACTIVE
    note: str = field(default="")


LICENCES = (
    DemoLicence("tibet-goods", "巴宜区林芝松茸专业合作社", categories=("fungi",)),
    DemoLicence("tibet-goods", "岗巴县次仁家庭牧场", products=("岗巴羊肉",)),
    DemoLicence("nyingchi-goods", "巴宜区林芝松茸专业合作社", products=("林芝松茸", "林芝藏香猪")),
    DemoLicence("bayi-goods", "巴宜区林芝松茸专业合作社", products=("林芝松茸",)),
    DemoLicence("shigatse-goods", "亚东县帕里农牧专业合作社", categories=("meat", "fungi")),
    DemoLicence(
        "yadong-goods", "亚东县帕里农牧专业合作社", products=("亚东黑木耳",),
        status=LicenceStatus.SUSPENDED, note="包装标识整改中 (packaging being corrected)",
    ),
    DemoLicence("gyantse-goods", "江孜县卓玛卡垫家庭作坊", products=("江孜卡垫", "江孜氆氇")),
    DemoLicence(
        "gamba-goods", "岗巴县次仁家庭牧场", products=("岗巴羊肉",), status=LicenceStatus.EXPIRED,
        note="2023–2024 授权期满 (term ended)",
    ),
)  # fmt: skip


def brand_logo(name: str, colour: str) -> ContentFile:
    """A round PNG badge in the tier's colour, with the name's first characters if a CJK
    font is installed (a ring only otherwise)."""
    size = 256
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, size - 4, size - 4), fill=colour)
    draw.ellipse((24, 24, size - 24, size - 24), outline="white", width=6)
    if font_path := cjk_font_path():
        text = name[:2]
        font = ImageFont.truetype(font_path, 88)
        left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
        position = ((size - (right - left)) / 2 - left, (size - (bottom - top)) / 2 - top)
        draw.text(position, text, fill="white", font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    return ContentFile(buffer.getvalue(), name=f"brand-{digest}.png")


def _brand(slug: str, **fields) -> Brand:
    brand = Brand.objects.filter(slug=slug).first()
    if brand is None:
        brand = brand_create(slug=slug, **fields)
    if not brand.logo:
        brand.logo.save(f"{slug}.png", brand_logo(brand.name, COLOURS[brand.tier]), save=True)
    return brand


def _public_brands(divisions: dict[str, Division]) -> dict[str, Brand]:
    slug, name, name_en, name_bo = REGION_BRAND
    region = _brand(
        slug, name=name, name_en=name_en, name_bo=name_bo, tier=BrandTier.REGION,
        owner_division=divisions[REGION_CODE], usage_rules=USAGE_RULES,
        description="西藏自治区区域公用品牌。The regional public brand of Tibet.",
    )  # fmt: skip
    brands = {slug: region}
    for tier, table in (
        (BrandTier.PREFECTURE, PREFECTURE_BRANDS),
        (BrandTier.COUNTY, COUNTY_BRANDS),
    ):
        # A brand's parent is the brand of the division above (made in the previous round).
        by_division = {b.owner_division_id: b for b in brands.values()}
        for code, (slug, name, name_en) in table.items():
            division = divisions[code]
            brands[slug] = _brand(
                slug, name=name, name_en=name_en, tier=tier, owner_division=division,
                parent=by_division[division.parent_id], usage_rules=USAGE_RULES,
                name_bo=f"{division.name_bo} ཐོན་རྫས་བཟང་པོ" if division.name_bo else "",
                description=f"{division.name_zh}公用品牌。The public brand of {division.name_en}.",
            )  # fmt: skip
    return brands


def _products_of(county: str, names: tuple[str, ...]) -> list[Product]:
    references = [f"{DEMO_REFERENCE}{county}:{short_hash(name)}" for name in names]
    return list(Product.objects.filter(external_reference__in=references))


def _producers(divisions: dict[str, Division]) -> dict[str, Producer]:
    producers = {}
    for spec in PRODUCERS:
        county = divisions[spec.county]
        producer = Producer.objects.filter(county=county, name=spec.name).first()
        if producer is None:
            producer = producer_create(
                name=spec.name,
                kind=spec.kind,
                county=county,
                registration_code=spec.registration_code,
                certifications=spec.certifications,
                household_status=spec.household_status,
            )
        products = _products_of(spec.county, spec.products)
        Product.objects.filter(pk__in=[p.pk for p in products]).update(producer=producer)
        if spec.brand:
            slug, name, name_en = spec.brand
            _brand(
                slug, name=name, name_en=name_en, tier=BrandTier.ENTERPRISE,
                owner_producer=producer, usage_rules="",
                description=f"{spec.name}的企业品牌。An enterprise brand.",
            )  # fmt: skip
        producers[spec.name] = producer
    return producers


def _licences(brands: dict[str, Brand], producers: dict[str, Producer]) -> int:
    today = timezone.localdate()
    count = 0
    for spec in LICENCES:
        brand, producer = brands[spec.brand], producers[spec.producer]
        if BrandLicence.objects.filter(brand=brand, producer=producer).exists():
            count += 1
            continue
        county = producer.county.code
        products = _products_of(county, spec.products)
        categories = list(Category.objects.filter(slug__in=spec.categories))
        if not products and not categories:
            continue
        if spec.status == LicenceStatus.EXPIRED:
            licence = BrandLicence.objects.create(
                brand=brand, producer=producer, status=spec.status, note=spec.note,
                start_date=today - datetime.timedelta(days=800),
                end_date=today - datetime.timedelta(days=70),
            )  # fmt: skip
            licence.products.set(products)
            licence.categories.set(categories)
        else:
            licence = licence_grant(
                brand=brand, producer=producer, products=products, categories=categories,
                start_date=today - datetime.timedelta(days=90),
                end_date=today + datetime.timedelta(days=730), note=spec.note,
            )  # fmt: skip
            if spec.status == LicenceStatus.SUSPENDED:
                licence_suspend(licence=licence, note=spec.note)
        count += 1
    return count


def load_demo_brands(stdout) -> None:
    codes = [REGION_CODE, *PREFECTURE_BRANDS, *COUNTY_BRANDS, *(p.county for p in PRODUCERS)]
    divisions = {d.code: d for d in Division.objects.filter(code__in=codes)}
    brands = _public_brands(divisions)
    producers = _producers(divisions)
    licences = _licences(brands, producers)
    stdout.write(
        f"Brands: {Brand.objects.count()} brands, {len(producers)} producers, {licences} licences"
    )
