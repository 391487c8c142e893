"""The demo's fixed frame: channels, county-town warehouses, category tree, attributes, types.

The Tibetan category and attribute names have not been reviewed by a Tibetan speaker.
"""

import csv
from pathlib import Path

from catalog.models import (
    Attribute,
    AttributeInputType,
    AttributeProduct,
    AttributeTranslation,
    AttributeType,
    AttributeVariant,
    Category,
    CategoryTranslation,
    Channel,
    ChannelWarehouse,
    ClickAndCollectOption,
    Division,
    DivisionLevel,
    ProductType,
    Warehouse,
)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

DEMO_CHANNELS = [
    {"slug": "default-channel", "name": "西藏好物 网上商城", "currency_code": "CNY"},
    {"slug": "lhasa-showroom", "name": "拉萨八廓街展厅", "currency_code": "CNY"},
    {"slug": "jiangsu-partner", "name": "江苏对口援藏消费帮扶专区", "currency_code": "CNY"},
]
SHOWROOM = "lhasa-showroom"
LHASA = "540100"  # the showroom's prefecture: its warehouse also serves the showroom

# slug: name_zh, name_en, name_bo, input type, unit
ATTRIBUTES = {
    "net-weight": ("净含量", "Net weight", "ལྗིད་ཚད", AttributeInputType.NUMERIC, "g"),
    "grade": ("等级", "Grade", "རིམ་པ", AttributeInputType.DROPDOWN, None),
    "altitude": ("产地海拔", "Altitude of origin", "མཐོ་ཚད", AttributeInputType.NUMERIC, "m"),
    "season": ("产季", "Season", "དུས་ཚིགས", AttributeInputType.DROPDOWN, None),
    "pack": ("规格", "Pack", "ཐུམ་སྒྲིལ", AttributeInputType.DROPDOWN, None),
}
# slug: name, product attributes, variant selection attribute, shipping required
PRODUCT_TYPES = {
    "plateau-food": ("高原食品", ("net-weight", "grade", "altitude", "season"), "pack", True),
    "medicinal": ("藏药材", ("net-weight", "grade", "altitude", "season"), "pack", True),
    "craft": ("手工艺品", ("grade", "altitude"), None, True),
    "tour": ("文旅线路", ("altitude", "season"), None, False),
}


def _translate(model, owner_field: str, owner, names: dict[str, str]) -> None:
    for language_code, name in names.items():
        model.objects.update_or_create(
            **{owner_field: owner}, language_code=language_code, defaults={"name": name}
        )


def load_channels() -> dict[str, Channel]:
    channels = {}
    for data in DEMO_CHANNELS:
        channels[data["slug"]], _ = Channel.objects.update_or_create(
            slug=data["slug"], defaults={**data, "is_active": True, "default_country": "CN"}
        )
    return channels


def load_warehouses(channels: dict[str, Channel]) -> dict[str, Warehouse]:
    """One warehouse in each prefecture's seat county town, keyed by prefecture code."""
    warehouses = {}
    for prefecture in Division.objects.filter(level=DivisionLevel.PREFECTURE):
        county = Division.objects.filter(parent=prefecture, name_zh=prefecture.seat).first()
        county = county or prefecture
        town = county.seat or county.name_zh
        collect = (
            ClickAndCollectOption.LOCAL_STOCK
            if prefecture.code == LHASA
            else ClickAndCollectOption.DISABLED
        )
        warehouses[prefecture.code], _ = Warehouse.objects.update_or_create(
            slug=f"warehouse-{county.code}",
            defaults={
                "name": f"{prefecture.name_zh}{county.name_zh}仓",
                "is_private": False,
                "company_name": "西藏好物供应链",
                "street_address_1": town,
                "city": county.name_zh,
                "city_area": town,
                "country": "CN",
                "country_area": "西藏自治区",
                "division": county,
                "click_and_collect_option": collect,
            },
        )
    for order, (prefecture_code, warehouse) in enumerate(warehouses.items()):
        for slug, channel in channels.items():
            if slug != SHOWROOM or prefecture_code == LHASA:
                ChannelWarehouse.objects.update_or_create(
                    channel=channel, warehouse=warehouse, defaults={"sort_order": order}
                )
    return warehouses


def read_categories() -> list[dict[str, str]]:
    with (DATA_DIR / "demo_categories.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def load_categories() -> dict[str, Category]:
    categories: dict[str, Category] = {}
    for row in read_categories():
        parent = categories.get(row["parent"])
        category, _ = Category.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name_zh"],
                "parent": parent,
                "description_plaintext": row["name_en"],
            },
        )
        level = parent.level + 1 if parent else 0
        tree_path = f"{parent.tree_path if parent else ''}{category.pk}/"
        if (category.level, category.tree_path) != (level, tree_path):
            category.level, category.tree_path = level, tree_path
            category.save(update_fields=["level", "tree_path"])
        _translate(
            CategoryTranslation, "category", category, {"en": row["name_en"], "bo": row["name_bo"]}
        )
        categories[row["slug"]] = category
    return categories


def load_attributes() -> dict[str, Attribute]:
    attributes = {}
    for slug, (name, name_en, name_bo, input_type, unit) in ATTRIBUTES.items():
        attributes[slug], _ = Attribute.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "type": AttributeType.PRODUCT_TYPE,
                "input_type": input_type,
                "unit": unit,
            },
        )
        _translate(
            AttributeTranslation, "attribute", attributes[slug], {"en": name_en, "bo": name_bo}
        )
    return attributes


def load_product_types(attributes: dict[str, Attribute]) -> dict[str, ProductType]:
    product_types = {}
    for slug, (name, product_attributes, variant_attribute, shipping) in PRODUCT_TYPES.items():
        product_type, _ = ProductType.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "has_variants": variant_attribute is not None,
                "is_shipping_required": shipping,
            },
        )
        for order, attribute_slug in enumerate(product_attributes):
            AttributeProduct.objects.update_or_create(
                attribute=attributes[attribute_slug],
                product_type=product_type,
                defaults={"sort_order": order},
            )
        if variant_attribute:
            AttributeVariant.objects.update_or_create(
                attribute=attributes[variant_attribute],
                product_type=product_type,
                defaults={"variant_selection": True},
            )
        product_types[slug] = product_type
    return product_types
