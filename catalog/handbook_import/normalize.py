"""Turning what county staff type into the values a handbook entry stores.

Free text keeps its script: only full-width ASCII (digits, letters, punctuation) and the
ideographic space become their half-width forms, so Tibetan is stored exactly as typed.
Values that are parsed (numbers, prices, weights, seasons, shares) go through NFKC first,
which also folds characters such as "㎏" or "①" — harmless there, not in names.

Parsers raise NormalizeError with a code from messages.py.
"""

import datetime
import hashlib
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from catalog.models import Certification


class NormalizeError(ValueError):
    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


# Full-width forms U+FF01..U+FF5E are ASCII shifted by 0xFEE0.
WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: " "}
DASHES = str.maketrans(
    {"—": "-", "–": "-", "―": "-", "‐": "-", "‑": "-", "−": "-", "〜": "~", "～": "~", "－": "-"}
)
BLANKS = {"", "-", "--", "—", "/", "\\", "无", "暂无", "n/a", "na", "none", "null", "nil"}
ZERO_WIDTH = "\ufeff\u200b\u2060"
SPACES = re.compile(r"\s+")
TIBETAN = re.compile(r"[\u0f00-\u0fff]")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
EXCEL_ERRORS = {"#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!", "#SPILL!"}

NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?|\.\d+"
MULTIPLIERS = {"万": Decimal(10_000), "亿": Decimal(100_000_000), "千": Decimal(1_000)}
# Kilograms per unit; the alternation tries longer names first.
WEIGHT_UNITS = {
    "公斤": Decimal(1), "千克": Decimal(1), "kgs": Decimal(1), "kg": Decimal(1),
    "市斤": Decimal("0.5"), "斤": Decimal("0.5"), "两": Decimal("0.05"),
    "公克": Decimal("0.001"), "克": Decimal("0.001"), "grams": Decimal("0.001"),
    "gram": Decimal("0.001"), "g": Decimal("0.001"),
    "吨": Decimal(1000), "tonnes": Decimal(1000), "tonne": Decimal(1000),
    "tons": Decimal(1000), "ton": Decimal(1000), "t": Decimal(1000),
}  # fmt: skip
_UNIT_ALTERNATION = "|".join(sorted(map(re.escape, WEIGHT_UNITS), key=len, reverse=True))
QUANTITY = re.compile(
    rf"(?P<number>{NUMBER})\s*(?:余|多)?\s*(?P<multiplier>[万亿]|千(?!克))?\s*(?:余|多)?\s*"
    rf"(?P<unit>{_UNIT_ALTERNATION})(?![a-z])",
    re.IGNORECASE,
)
TIMES = r"\s*[x×*]\s*"
COUNT_AFTER = re.compile(rf"^{TIMES}(?P<count>\d+)")
COUNT_BEFORE = re.compile(rf"(?P<count>\d+){TIMES}$")
PACKAGE = re.compile(r"(?:/|每)\s*(?P<unit>[^\d\s/()]{1,4})\s*$")

CURRENCY = re.compile(r"(?:¥|rmb|cny|人民币|元|块)", re.IGNORECASE)
APPROXIMATE = re.compile(r"^(?:约|大约|约为|近|≈|~)\s*|\s*(?:左右|以上|余|多)\s*$")
PER_UNIT = re.compile(r"\s*(?:/|每)\s*(?:\d+(?:\.\d+)?\s*)?[^\d/]{1,6}$")
RANGE_SEPARATOR = r"\s*(?:-|~|至|到)\s*"
AMOUNT = rf"(?:{NUMBER})\s*[万千]?"
PRICE = re.compile(rf"^(?P<low>{AMOUNT})(?:{RANGE_SEPARATOR}(?P<high>{AMOUNT}))?$")

CHINESE_DIGITS = {
    "十二": 12, "十一": 11, "十": 10, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
    "六": 6, "七": 7, "八": 8, "九": 9, "正": 1, "腊": 12, "冬": 11,
}  # fmt: skip
CHINESE_MONTH = re.compile(r"(十二|十一|十|[一二三四五六七八九正腊冬])月")
ENGLISH_MONTHS = (
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
)  # fmt: skip
ENGLISH_MONTH = re.compile(r"\b(" + "|".join(ENGLISH_MONTHS) + r")[a-z]*\.?")
YEAR_ROUND = {
    "全年", "常年", "四季", "一年四季", "全年供应", "常年供应", "全年均可", "常年有售",
    "全年上市", "常年上市", "year-round", "year round", "all year", "all-year",
    "all year round", "all the year", "all year-round",
}  # fmt: skip
SEASONS = {"春": (3, 4, 5), "夏": (6, 7, 8), "秋": (9, 10, 11), "冬": (12, 1, 2)}
SEASON_WORDS = re.compile(r"^[春夏秋冬]+[季天]?$")
ENGLISH_SEASONS = {
    "spring": (3, 4, 5), "summer": (6, 7, 8), "autumn": (9, 10, 11), "fall": (9, 10, 11),
    "winter": (12, 1, 2),
}  # fmt: skip
SEASON_NOISE = re.compile(
    r"次年|翌年|来年|第二年|当年|上旬|中旬|下旬|月初|月中|月底|月末|份|左右|前后"
)
MONTH_RANGE = re.compile(r"^(?P<start>\d{1,2})\s*月?(?:\s*(?:-|~|至|到)\s*(?P<end>\d{1,2}))?月?$")
LIST_SEPARATORS = re.compile(r"\s*(?:[、,;，；/|\n]|和|及|与)\s*")
CHANNEL_SEPARATORS = re.compile(r"\s*[、,;，；\n]\s*")

SHARE = re.compile(
    r"^(?P<name>.*?)\s*[:(]?\s*(?:占比|约|占)?\s*(?P<share>\d+(?:\.\d+)?)\s*%\s*\)?$"
)
SHARE_FIRST = re.compile(r"^(?P<share>\d+(?:\.\d+)?)\s*%\s*[:(]?\s*(?P<name>.+?)\)?$")

CERTIFICATIONS = {
    Certification.GREEN_FOOD: (
        "绿色食品", "绿色食品认证", "绿色", "绿标", "绿色食品标志", "green food", "green",
    ),
    Certification.ORGANIC: (
        "有机", "有机产品", "有机食品", "有机认证", "有机产品认证", "organic",
        "organic product", "organic food",
    ),
    Certification.GEOGRAPHICAL_INDICATION: (
        "地理标志", "地理标志产品", "农产品地理标志", "国家地理标志", "国家地理标志产品",
        "地理标志保护产品", "地理标志证明商标", "地标", "地标产品", "gi", "pgi",
        "geographical indication", "geographical indications", "geographic indication",
    ),
    Certification.COMMITMENT_CERTIFICATE: (
        "承诺达标合格证", "合格证", "承诺达标", "食用农产品合格证", "承诺合格证",
        "commitment certificate", "commitment certificate issuer",
    ),
}  # fmt: skip
CERTIFICATION_NAMES = {
    name: code for code, names in CERTIFICATIONS.items() for name in (*names, code.value)
} | {str(code.label).lower(): code for code in Certification}
CERTIFICATION_SEPARATORS = re.compile(r"\s*[、,;，；/|+\n]\s*")

GTIN_LENGTHS = (8, 12, 13, 14)
NATURAL_KEY_LENGTH = 512


# --- text ------------------------------------------------------------------------------------


def format_number(value: int | float | Decimal) -> str:
    """A spreadsheet number as text, without the float noise ("1200", not "1200.0")."""
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    return str(value)


def cell_text(value) -> str:
    """Any cell value as text, as the sheet shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float | Decimal):
        return format_number(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def half_width(text: str) -> str:
    return text.translate(WIDTH)


def clean_text(value) -> str:
    """A one-line text value: full-width ASCII folded, blanks collapsed, Tibetan untouched."""
    text = half_width(cell_text(value)).strip(ZERO_WIDTH + " \t\r\n")
    return SPACES.sub(" ", text)


def clean_multiline(value) -> str:
    """Notes: kept as typed, line breaks included; only surrounding blanks go."""
    lines = cell_text(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip(ZERO_WIDTH + " \t\n")


def parsing_form(text: str) -> str:
    """The form parsers read: NFKC, dashes unified, lower case, single spaces."""
    folded = unicodedata.normalize("NFKC", text).translate(DASHES).lower()
    return SPACES.sub(" ", folded).strip()


def is_blank(text: str) -> bool:
    return parsing_form(text) in BLANKS


def has_tibetan(text: str) -> bool:
    return TIBETAN.search(text) is not None


def has_han(text: str) -> bool:
    return HAN.search(text) is not None


def is_excel_error(text: str) -> bool:
    return text.strip().upper() in EXCEL_ERRORS


# --- numbers, prices, weights ----------------------------------------------------------------


def parse_number(text: str) -> Decimal:
    """ "1,200", "１２００", "1.2万", "约3000" → Decimal."""
    form = APPROXIMATE.sub("", parsing_form(text))
    match = re.fullmatch(rf"(?P<number>{NUMBER})\s*(?P<multiplier>[万亿千])?", form)
    if match is None:
        raise NormalizeError("number")
    number = Decimal(match["number"].replace(",", ""))
    if match["multiplier"]:
        number *= MULTIPLIERS[match["multiplier"]]
    return number


def _money(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def parse_price_range(value) -> tuple[Decimal | None, Decimal | None]:
    """A price or a range: 25, "20-30元", "¥25~35", "20元至30元/斤" → (low, high)."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        price = _money(Decimal(format_number(value)))
        if price < 0:
            raise NormalizeError("price")
        return price, price
    text = clean_text(value)
    if is_blank(text) or parsing_form(text) in {"面议", "待定", "议价", "negotiable"}:
        return None, None
    form = PER_UNIT.sub("", parsing_form(text))
    form = APPROXIMATE.sub("", CURRENCY.sub("", form)).strip()
    match = PRICE.match(form)
    if match is None:
        raise NormalizeError("price")
    low = _money(parse_number(match["low"]))
    high = _money(parse_number(match["high"])) if match["high"] else low
    return low, high


def parse_price(value) -> Decimal | None:
    """A single price (the minimum- or maximum-price columns)."""
    low, high = parse_price_range(value)
    if low != high:
        raise NormalizeError("price")
    return low


def _quantity_kg(match: re.Match) -> Decimal:
    number = Decimal(match["number"].replace(",", ""))
    if match["multiplier"]:
        number *= MULTIPLIERS[match["multiplier"]]
    return number * WEIGHT_UNITS[match["unit"].lower()]


def _kilograms(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def parse_net_weight(specification: str) -> Decimal | None:
    """The net weight in kg a specification states: "500克/袋" → 0.5, "2斤装" → 1,
    "250g×4袋" → 1; None when it states no weight ("500ml/瓶", "散装")."""
    form = parsing_form(specification)
    match = QUANTITY.search(form)
    if match is None:
        return None
    weight = _quantity_kg(match)
    after = COUNT_AFTER.match(form[match.end() :])
    before = COUNT_BEFORE.search(form[: match.start()])
    if after:
        weight *= int(after["count"])
    elif before:
        weight *= int(before["count"])
    return _kilograms(weight)


def package_unit(specification: str) -> str:
    """The selling unit a specification names after a slash: "500克/袋" → "袋"."""
    match = PACKAGE.search(clean_text(specification))
    if match is None or parsing_form(match["unit"]) in WEIGHT_UNITS:
        return ""
    return match["unit"]


def parse_annual_output_kg(text: str) -> Decimal | None:
    """Yearly output in kg when stated as a weight: "1.2万斤" → 6000; None for "5000头"."""
    form = APPROXIMATE.sub("", parsing_form(text))
    match = QUANTITY.search(form)
    if match is None:
        return None
    return _kilograms(_quantity_kg(match))


# --- seasons ---------------------------------------------------------------------------------


def _months_between(start: int, end: int) -> list[int]:
    for month in (start, end):
        if not 1 <= month <= 12:
            raise NormalizeError("month", month=month)
    if start <= end:
        return list(range(start, end + 1))
    return [*range(start, 13), *range(1, end + 1)]  # over the new year


def _english_months(text: str) -> str:
    return ENGLISH_MONTH.sub(lambda m: f"{ENGLISH_MONTHS.index(m[1]) + 1}月", text)


def parse_season(text: str) -> list[int]:
    """Months on the market, sorted: "6-8月", "6月-8月", "11月至次年2月", "全年", "夏秋季",
    "Jun-Aug" …"""
    form = parsing_form(text)
    if form in YEAR_ROUND or form.rstrip("。.") in YEAR_ROUND:
        return list(range(1, 13))
    form = CHINESE_MONTH.sub(lambda m: f"{CHINESE_DIGITS[m[1]]}月", form)
    form = SEASON_NOISE.sub("", _english_months(form)).replace(" ", "")
    months: set[int] = set()
    for part in LIST_SEPARATORS.split(form.replace("to", "-")):
        if not part:
            continue
        if part in ENGLISH_SEASONS:
            months.update(ENGLISH_SEASONS[part])
        elif SEASON_WORDS.match(part):
            for season in part.rstrip("季"):
                months.update(SEASONS[season])
        elif match := MONTH_RANGE.match(part):
            start = int(match["start"])
            months.update(_months_between(start, int(match["end"] or start)))
        else:
            raise NormalizeError("season")
    if not months:
        raise NormalizeError("season")
    return sorted(months)


def season_from_date(value: datetime.date) -> str:
    """Excel turns "6-8" typed in a cell into 8 June; read it back as months 6 to 8."""
    if value.day > 12:
        raise NormalizeError("season")
    return f"{value.month}-{value.day}"


# --- channels, certifications, barcodes, images ----------------------------------------------


def _share_text(share: Decimal) -> str:
    return format(share.normalize(), "f")


def parse_sales_channels(text: str) -> list[dict]:
    """ "农贸市场40%，电商30%" → [{"channel": "农贸市场", "share": "40"}, …]; a channel
    without a share gets share None."""
    channels = []
    total = Decimal(0)
    for part in CHANNEL_SEPARATORS.split(half_width(text).strip()):
        part = part.strip()
        if not part or is_blank(part):
            continue
        form = unicodedata.normalize("NFKC", part).strip()
        match = SHARE.match(form) or SHARE_FIRST.match(form)
        if match is None:
            if any(character.isdigit() for character in form):
                raise NormalizeError("share")
            channels.append({"channel": form, "share": None})
            continue
        name = match["name"].strip(" :()")
        if not name:
            raise NormalizeError("share")
        share = Decimal(match["share"])
        if share > 100:
            raise NormalizeError("share_range", channel=name, share=_share_text(share))
        total += share
        channels.append({"channel": name, "share": _share_text(share)})
    if total > 100:
        raise NormalizeError("share_total", total=_share_text(total))
    return channels


def parse_certifications(text: str) -> list[str]:
    """Certification names in Chinese or English → Certification codes, in order, once."""
    codes: list[str] = []
    for part in CERTIFICATION_SEPARATORS.split(parsing_form(text)):
        name = part.strip(" .。")
        if not name or name in BLANKS:
            continue
        code = CERTIFICATION_NAMES.get(name) or CERTIFICATION_NAMES.get(name.removesuffix("认证"))
        if code is None:
            raise NormalizeError("certification", name=part.strip())
        if code.value not in codes:
            codes.append(code.value)
    return codes


def gtin_check_digit_ok(digits: str) -> bool:
    body, check = digits[:-1], int(digits[-1])
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


def parse_gtin(value) -> str:
    """A GTIN-8/12/13/14 with a correct check digit; spaces and hyphens dropped."""
    text = re.sub(r"[\s-]", "", parsing_form(cell_text(value)))
    if not text.isdigit() or len(text) not in GTIN_LENGTHS:
        raise NormalizeError("gtin")
    if not gtin_check_digit_ok(text):
        raise NormalizeError("gtin_check")
    return text


def parse_image_references(text: str) -> list[str]:
    """File names or URLs, one per line or separated by ; ， 、 or |."""
    parts = re.split(r"\s*[\n;；，、|]\s*", clean_multiline(half_width(text)))
    return [part.strip() for part in parts if part.strip()]


# --- identity --------------------------------------------------------------------------------


def key_part(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).casefold())


def natural_key(name_zh: str, specification: str, producer_name: str) -> str:
    """What identifies an entry within its handbook across imports."""
    key = "|".join(key_part(part) for part in (name_zh, specification, producer_name))
    if len(key) > NATURAL_KEY_LENGTH:
        key = "sha256:" + hashlib.sha256(key.encode()).hexdigest()
    return key
