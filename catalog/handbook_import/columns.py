"""Finding the header row and which field each column holds.

Headers are matched on synonyms in Chinese and English, in any order. The header row is the
row within the first HEADER_SCAN_ROWS that names the most fields (a product name among
them), so merged title cells above it are passed over. A second header row is recognised
under it when its cells name the parts of a merged group: "价格（元）" over "最低 | 最高",
or "销售渠道及占比" over one column per channel ("农贸市场 | 电商 | 商超"), whose cells then
hold that channel's share.
"""

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from catalog.handbook_import.normalize import cell_text

HEADER_SCAN_ROWS = 15
SEQUENCE = "sequence"  # 序号: recognised so that it is not reported, never imported
CHANNEL_SHARE = "channel_share"  # a column per sales channel under a merged group header

SYNONYMS: dict[str, tuple[str, ...]] = {
    SEQUENCE: ("序号", "编号", "序", "行号", "no", "no.", "#", "sn", "s/n", "number"),
    "name_zh": (
        "产品名称", "品名", "商品名称", "名称", "产品名", "网货名称", "网货产品名称",
        "产品名称(中文)", "中文名称", "中文名", "产品中文名称", "汉文名称", "产品(汉文)",
        "product", "productname", "name", "name(zh)", "name(chinese)", "chinesename",
        "productname(chinese)", "productname(zh)", "goods", "item",
    ),
    "name_bo": (
        "藏文名称", "藏文名", "产品名称(藏文)", "藏语名称", "产品藏文名称", "藏文",
        "tibetanname", "name(bo)", "name(tibetan)", "productname(tibetan)", "tibetan",
        "མིང་།", "མིང",
    ),
    "name_en": (
        "英文名称", "英文名", "产品名称(英文)", "产品英文名称", "英文", "englishname",
        "name(en)", "name(english)", "productname(english)", "english",
    ),
    "specification": (
        "规格", "产品规格", "包装规格", "规格型号", "规格(包装)", "规格/包装", "包装",
        "净含量", "specification", "specifications", "spec", "size", "package", "packaging",
        "netcontent",
    ),
    "unit": ("单位", "计量单位", "销售单位", "unit", "units", "uom"),
    "price": (
        "价格", "价格区间", "参考价格", "参考价", "零售价", "零售价格", "销售价格", "售价",
        "单价", "市场价", "市场价格", "价格范围", "price", "pricerange", "retailprice",
        "referenceprice", "unitprice",
    ),
    "price_min": (
        "最低价", "最低价格", "价格最低", "价格(最低)", "最低", "价格下限", "下限",
        "minprice", "pricemin", "minimumprice", "min", "minimum", "lowest",
    ),
    "price_max": (
        "最高价", "最高价格", "价格最高", "价格(最高)", "最高", "价格上限", "上限",
        "maxprice", "pricemax", "maximumprice", "max", "maximum", "highest",
    ),
    "production_area": (
        "产地", "生产地", "产区", "生产区域", "生产地点", "原产地", "产地(乡镇)", "产地乡镇",
        "生产基地", "基地", "origin", "productionarea", "placeoforigin", "area",
    ),
    "annual_output": (
        "年产量", "年产能", "年产量(规模)", "产量", "年供应量", "生产规模", "规模",
        "annualoutput", "annualproduction", "yearlyoutput", "output", "capacity",
    ),
    "season": (
        "上市季节", "上市时间", "供应期", "供应季节", "季节", "上市期", "供货期", "上市月份",
        "供应时间", "销售季节", "season", "availability", "supplyperiod", "months",
    ),
    "quality_level": (
        "质量等级", "品质等级", "等级", "产品等级", "质量标准", "执行标准", "qualitylevel",
        "grade", "quality", "qualitygrade",
    ),
    "certifications": (
        "认证", "认证情况", "产品认证", "认证类型", "资质认证", "认证信息", "三品一标",
        "二品一标", "认证(三品一标)", "质量认证", "certifications", "certification",
        "certificates",
    ),
    "sales_channels": (
        "销售渠道", "销售渠道及占比", "渠道占比", "销售渠道占比", "销售渠道(占比)", "渠道",
        "saleschannels", "saleschannel", "channels", "channel",
    ),
    "brand_ownership": (
        "品牌归属", "品牌所有权", "商标归属", "品牌所有者", "商标所有人", "品牌持有人",
        "brandownership", "brandowner", "trademarkowner",
    ),
    "brand": ("品牌", "品牌名称", "商标", "商标名称", "注册商标", "brand", "brandname"),
    "producer_name": (
        "生产主体", "生产企业", "生产者", "生产单位", "经营主体", "生产经营主体", "生产厂家",
        "厂家", "生产商", "生产主体名称", "生产企业名称", "企业名称", "主体名称",
        "合作社/企业", "producer", "manufacturer", "producername", "maker",
    ),
    "ecommerce_enterprise": (
        "电商企业", "电商主体", "电商经营企业", "电商销售企业", "电商运营企业", "销售企业",
        "网店", "网络销售企业", "电商经营主体", "ecommerceenterprise", "e-commerceenterprise",
        "onlineseller", "ecommerce", "e-commerce", "seller",
    ),
    "gtin": (
        "条形码", "条码", "商品条码", "商品条形码", "产品条码", "gtin", "ean", "ean13",
        "barcode", "upc",
    ),
    "image_references": (
        "图片", "产品图片", "图片文件", "图片链接", "图片名称", "照片", "产品照片", "图片文件名",
        "images", "image", "photos", "photo", "pictures", "picture", "imagefiles",
    ),
    "notes": ("备注", "说明", "其他", "其它", "notes", "note", "remarks", "remark", "comments"),
}  # fmt: skip

PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】")
DECORATION = re.compile(r"[*※★:：\s]")


def header_form(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).lower()
    return DECORATION.sub("", folded)


FIELD_BY_SYNONYM = {
    header_form(synonym): name for name, synonyms in SYNONYMS.items() for synonym in synonyms
}


def header_field(text: str) -> str | None:
    """The field a header cell names: the whole text, then without parenthesised notes
    ("价格（元）"), then line by line and word by word (bilingual headers)."""
    if not text.strip():
        return None
    pieces = [text, *text.splitlines(), *text.split()]
    for piece in pieces:
        for candidate in (header_form(piece), PARENTHESES.sub("", header_form(piece))):
            if candidate in FIELD_BY_SYNONYM:
                return FIELD_BY_SYNONYM[candidate]
    return None


@dataclass(frozen=True)
class Column:
    index: int  # 0-based position in the row
    header: str
    field: str
    channel: str = ""  # for CHANNEL_SHARE columns

    @property
    def letter(self) -> str:
        return get_column_letter(self.index + 1)


@dataclass
class Header:
    row: int  # 1-based, the last header row when there are two
    columns: list[Column]
    ignored: list[Column] = field(default_factory=list)  # field "" : not recognised
    duplicates: list[tuple[Column, Column]] = field(default_factory=list)

    def column(self, name: str) -> Column | None:
        return next((column for column in self.columns if column.field == name), None)


def _texts(values: tuple) -> list[str]:
    """Header cells as the sheet shows them (header_field folds widths itself)."""
    return [cell_text(value).strip() for value in values]


def _score(texts: list[str]) -> int:
    fields = {header_field(text) for text in texts} - {None, SEQUENCE}
    return len(fields) if "name_zh" in fields else 0


def _sub_header(top: list[str], below: list[str]) -> dict[int, tuple[str, str, str]] | None:
    """{index: (field, header, channel)} when `below` names the parts of merged groups in
    `top`; None when it is a data row."""
    name_index = next((i for i, text in enumerate(top) if header_field(text) == "name_zh"), None)
    if name_index is None or (name_index < len(below) and below[name_index]):
        return None
    found = {}
    for index, text in enumerate(below):
        if not text:
            continue
        parent = next((top[i] for i in range(min(index, len(top) - 1), -1, -1) if top[i]), "")
        parent_field = header_field(parent)
        header = f"{parent}/{text}" if parent else text
        if parent_field == "sales_channels":
            found[index] = (CHANNEL_SHARE, header, text)
            continue
        own = header_field(parent + text) or header_field(text + parent) or header_field(text)
        if own is None or own == SEQUENCE:
            return None
        found[index] = (own, header, "")
    return found or None


def _build(row: int, top: list[str], sub: dict[int, tuple[str, str, str]]) -> Header:
    header = Header(row=row, columns=[])
    width = max([len(top), *(index + 1 for index in sub)])
    seen: dict[str, Column] = {}
    for index in range(width):
        if index in sub:
            name, text, channel = sub[index]
        else:
            text = top[index] if index < len(top) else ""
            name, channel = header_field(text) or "", ""
        if not text:
            continue
        column = Column(index=index, header=text, field=name, channel=channel)
        if not name:
            header.ignored.append(column)
            continue
        if name in seen and name not in (SEQUENCE, CHANNEL_SHARE):
            header.duplicates.append((seen[name], column))
            continue
        seen.setdefault(name, column)
        header.columns.append(column)
    return header


def find_header(
    rows: Iterator[tuple[int, tuple]],
) -> tuple[Header | None, Iterator[tuple[int, tuple]]]:
    """The header of a sheet and the rows after it; (None, …) when none is found."""
    scanned: list[tuple[int, tuple]] = []
    for row in rows:
        scanned.append(row)
        if len(scanned) >= HEADER_SCAN_ROWS:
            break
    best, best_score = None, 0
    for position, (_number, values) in enumerate(scanned):
        score = _score(_texts(values))
        if score >= 2 and score > best_score:
            best, best_score = position, score
    if best is None:
        return None, iter(())
    top = _texts(scanned[best][1])
    row_number = scanned[best][0]
    rest = _chain(scanned[best + 1 :], rows)
    below = next(rest, None)
    sub = _sub_header(top, _texts(below[1])) if below else None
    if sub:
        return _build(below[0], top, sub), rest
    if below is not None:
        rest = _chain([below], rest)
    return _build(row_number, top, {}), rest


def _chain(first: list[tuple[int, tuple]], then: Iterator[tuple[int, tuple]]):
    yield from first
    yield from then
