"""The online shop public data package (网店经营公共数据包): a ZIP for shop operators.

    README.txt     what is inside (Chinese and English)
    entries.csv    one row per entry, UTF-8 with a BOM so that Excel opens it as Unicode
    images/        the entries' images as stored, named entry-<entry id>-<n>.<ext>

The CSV has one header row; each header is bilingual, "中文名/key" (e.g. "商品名称（中文）/
name_zh"): people read the Chinese, programs split on the last "/" and use the key. Image
names are stable while the entry exists (re-importing a handbook keeps its entries).
Producers appear by their public name only (a household as its county's label, never a
villager's name); nothing private about them is written.
"""

import csv
import io
import logging
import posixpath
import tempfile
import zipfile
from collections.abc import Callable
from decimal import Decimal
from typing import IO

from django.core.files.storage import default_storage
from django.utils import translation

from catalog.handbook_outputs.sheets import EntrySheet, HandbookSheet

logger = logging.getLogger(__name__)

CSV_NAME = "entries.csv"
README_NAME = "README.txt"
IMAGES_DIR = "images"
# Words in the CSV (certifications) are written in Chinese, as its headers.
PACKAGE_LANGUAGE = "zh-hans"
LIST_SEPARATOR = "；"
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".tif", ".tiff", ".bmp", ".avif"}
# Past this a package is spooled to a temporary file instead of memory.
SPOOL_BYTES = 32 * 1024 * 1024
# Text starting with these makes Excel evaluate a formula: such cells get a leading "'".
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_PREFIXES) else value


def _decimal(value: Decimal | None, places: int | None = None) -> str:
    if value is None:
        return ""
    if places is not None:
        return f"{value:.{places}f}"
    return format(value.normalize(), "f")


def _joined(values) -> str:
    return LIST_SEPARATOR.join(_text(str(value)) for value in values)


def _sales_channels(entry: EntrySheet) -> str:
    parts = []
    for item in entry.sales_channels:
        name, share = str(item.get("channel", "")).strip(), str(item.get("share", "")).strip()
        parts.append(f"{name} {share}%" if share else name)
    return _joined(part for part in parts if part)


# (Chinese header, key, value) — the key is the column's stable machine name.
Column = tuple[str, str, Callable[[EntrySheet, list[str]], str]]
COLUMNS: list[Column] = [
    ("条目编号", "entry_id", lambda e, _: str(e.pk)),
    ("序号", "row_number", lambda e, _: "" if e.row_number is None else str(e.row_number)),
    ("商品名称（中文）", "name_zh", lambda e, _: _text(e.name_zh)),
    ("商品名称（藏文）", "name_bo", lambda e, _: _text(e.name_bo)),
    ("商品名称（英文）", "name_en", lambda e, _: _text(e.name_en)),
    ("规格", "specification", lambda e, _: _text(e.specification)),
    ("单位", "unit", lambda e, _: _text(e.unit)),
    ("净重（千克）", "net_weight_kg", lambda e, _: _decimal(e.net_weight)),
    ("最低价（元）", "price_min_cny", lambda e, _: _decimal(e.price_min, 2)),
    ("最高价（元）", "price_max_cny", lambda e, _: _decimal(e.price_max, 2)),
    ("产地", "production_area", lambda e, _: _text(e.production_area)),
    ("年产量", "annual_output", lambda e, _: _text(e.annual_output)),
    ("上市季节", "season", lambda e, _: _text(e.season)),
    ("上市月份", "season_months", lambda e, _: _joined(sorted(set(e.season_months)))),
    ("质量等级", "quality_level", lambda e, _: _text(e.quality_level)),
    ("认证", "certifications", lambda e, _: _joined(e.certification_labels)),
    ("认证代码", "certification_codes", lambda e, _: _joined(e.certifications)),
    ("销售渠道", "sales_channels", lambda e, _: _sales_channels(e)),
    ("品牌", "brands", lambda e, _: _joined(b.name for b in e.brands)),
    ("品牌级别", "brand_tiers", lambda e, _: _joined(b.tier for b in e.brands)),
    ("品牌权属", "brand_ownership", lambda e, _: _text(e.brand_ownership)),
    ("生产主体", "producer", lambda e, _: _text(e.producer_name)),
    ("电商企业", "ecommerce_enterprise", lambda e, _: _text(e.ecommerce_enterprise)),
    ("商品条码", "gtin", lambda e, _: e.gtin),
    ("网店链接", "product_url", lambda e, _: e.product_url or ""),
    ("图片", "images", lambda _, images: LIST_SEPARATOR.join(images)),
]


def csv_headers() -> list[str]:
    return [f"{chinese}/{key}" for chinese, key, _ in COLUMNS]


def _image_path(entry: EntrySheet, number: int, storage_name: str) -> str:
    extension = posixpath.splitext(storage_name)[1].lower()
    extension = ".jpg" if extension == ".jpeg" else extension
    if extension not in IMAGE_EXTENSIONS:
        extension = ".jpg"
    return f"{IMAGES_DIR}/entry-{entry.pk}-{number}{extension}"


def _write_images(
    archive: zipfile.ZipFile, entry: EntrySheet, date_time: tuple[int, ...]
) -> list[str]:
    """Copy the entry's stored images into the archive; the paths of those that were read."""
    written = []
    for storage_name in entry.image_names:
        path = _image_path(entry, len(written) + 1, storage_name)
        try:
            with default_storage.open(storage_name, "rb") as source:
                content = source.read()
        except Exception:  # a missing file (on disk or S3) leaves the image out
            logger.warning("Handbook image %s cannot be read", storage_name, exc_info=True)
            continue
        # Images are compressed already: stored as they are (ZipInfo's default).
        archive.writestr(zipfile.ZipInfo(path, date_time=date_time), content)
        written.append(path)
    return written


def _csv_text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(csv_headers())
    writer.writerows(rows)
    return buffer.getvalue()


def _readme(sheet: HandbookSheet) -> str:
    county = sheet.county
    prefecture = sheet.prefecture
    place = " ".join(
        filter(None, [prefecture.name_zh if prefecture else "", county.name_zh, county.name_bo])
    )
    columns = "\n".join(f"  {chinese}/{key}" for chinese, key, _ in COLUMNS)
    return f"""网店经营公共数据包 · Online shop public data package
{place} ({county.name_en})
{sheet.edition} 年版网货手册 / net goods handbook, {sheet.edition} edition
行政区划代码 / division code: {county.code}
生成时间 / generated: {sheet.generated_at:%Y-%m-%d %H:%M %z}
条目数 / entries: {len(sheet.entries)}

文件 / Files
  {CSV_NAME}   每个条目一行，UTF-8（带 BOM，Excel 可直接打开），逗号分隔。
               One row per entry, UTF-8 with a BOM (Excel opens it as Unicode), comma separated.
  {IMAGES_DIR}/      条目图片，文件名为 entry-<条目编号>-<序号>.<扩展名>，由 CSV“图片”列引用。
               The entries' images, named entry-<entry id>-<n>.<ext>, listed in the "images"
               column; names stay the same in later packages while the entry exists.

表头 / Header
  表头只有一行，每列为“中文名/英文键”；程序可按最后一个“/”拆分后使用英文键。
  One header row; each column is "Chinese name/key": programs can split on the last "/".
  多个值以“{LIST_SEPARATOR}”分隔 / several values are separated by "{LIST_SEPARATOR}".
  价格单位为人民币元；品牌级别：region 自治区、prefecture 地市、county 县（区）公共品牌，
  enterprise 企业品牌。网店链接只在商品已在网店上架后给出。
  Prices in CNY; brand tiers: region, prefecture and county public brands, enterprise brands.
  The product link is given once the product is on sale online.

{columns}

本数据包只含可公开的商品信息，不含生产主体的联系方式等非公开信息；农户以“某县农户”标示，不写姓名。
This package holds public product information only; nothing private about producers.
Households are named "<county> household", never by a person's name.
"""


def handbook_package_write(sheet: HandbookSheet, output: IO[bytes]) -> None:
    """Write the package of `sheet` as a ZIP into the binary file `output`."""
    date_time = sheet.generated_at.timetuple()[:6]
    with (
        translation.override(PACKAGE_LANGUAGE),
        zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        rows = []
        for entry in sheet.entries:
            images = _write_images(archive, entry, date_time)
            rows.append([value(entry, images) for _, _, value in COLUMNS])
        archive.writestr(CSV_NAME, _csv_text(rows).encode("utf-8-sig"))
        archive.writestr(README_NAME, _readme(sheet).encode("utf-8-sig"))


def handbook_package_build(sheet: HandbookSheet) -> IO[bytes]:
    """The package in a temporary file (rewound), in memory while it is small."""
    output = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - returned open
    handbook_package_write(sheet, output)
    output.seek(0)
    return output
