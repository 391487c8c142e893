"""What staff type, and what an entry stores (no database)."""

import datetime
from decimal import Decimal

import pytest

from catalog.handbook_import import normalize as n
from catalog.handbook_import.columns import header_field

D = Decimal


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ＡＢＣ１２３　青稞（有机）", "ABC123 青稞(有机)"),
        ("  藏香\u3000 ", "藏香"),
        ("ནས་ཕྱེ།", "ནས་ཕྱེ།"),  # Tibetan exactly as typed
        ("\ufeff酥油", "酥油"),
        (1200.0, "1200"),
        (25.5, "25.5"),
        (datetime.datetime(2025, 3, 1), "2025-03-01"),
    ],
)
def test_clean_text_folds_full_width_and_keeps_tibetan(typed, expected):
    assert n.clean_text(typed) == expected


def test_tibetan_is_not_nfkc_folded():
    # U+0F0C (non-breaking tsheg) and U+0F77 have compatibility decompositions under NFKC.
    typed = "བཀྲ༌ཤིས ཱྲྀ"
    assert n.clean_text(typed) == typed


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1,200", D(1200)),
        ("１２００", D(1200)),
        ("1.2万", D(12000)),
        ("约3000", D(3000)),
        ("２亿", D(200_000_000)),
    ],
)
def test_numbers(typed, expected):
    assert n.parse_number(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("20-30元", (D("20"), D("30"))),
        ("¥25~35", (D("25"), D("35"))),
        ("￥２５－３５/斤", (D("25"), D("35"))),
        ("20元至30元", (D("20"), D("30"))),
        ("20—30", (D("20"), D("30"))),
        ("约25元", (D("25"), D("25"))),
        ("20-30元/500克", (D("20"), D("30"))),
        ("1.2万", (D("12000"), D("12000"))),
        (85, (D("85"), D("85"))),
        (25.499999999, (D("25.50"), D("25.50"))),
        ("面议", (None, None)),
        ("", (None, None)),
    ],
)
def test_price_ranges(typed, expected):
    assert n.parse_price_range(typed) == expected


@pytest.mark.parametrize("typed", ["二十元", "20/30", "-5", -5, "25元起"])
def test_prices_that_are_not(typed):
    with pytest.raises(n.NormalizeError) as raised:
        n.parse_price_range(typed)
    assert raised.value.code == "price"


@pytest.mark.parametrize(
    ("specification", "kilograms", "unit"),
    [
        ("500克/袋", D("0.5"), "袋"),
        ("５００ｇ／袋", D("0.5"), "袋"),
        ("2斤装", D("1"), ""),
        ("1两/盒", D("0.05"), "盒"),
        ("250g×4袋", D("1"), ""),
        ("4×250克", D("1"), ""),
        ("5斤/箱", D("2.5"), "箱"),
        ("10千克/箱", D("10"), "箱"),
        ("1.5公斤", D("1.5"), ""),
        ("1吨", D("1000"), ""),
        ("2 kg", D("2"), ""),
        ("500ml/瓶", None, "瓶"),
        ("散装", None, ""),
        ("30元/斤", None, ""),
    ],
)
def test_specifications_give_net_weight_and_package(specification, kilograms, unit):
    assert n.parse_net_weight(specification) == kilograms
    assert n.package_unit(specification) == unit


@pytest.mark.parametrize(
    ("typed", "kilograms"),
    [
        ("1.2万斤", D("6000")),
        ("５００吨", D("500000")),
        ("约3000公斤", D("3000")),
        ("2万余斤", D("10000")),
        ("1,200 kg", D("1200")),
        ("800克", D("0.8")),
        ("5000盒", None),
        ("5000", None),
    ],
)
def test_annual_output_in_kilograms(typed, kilograms):
    assert n.parse_annual_output_kg(typed) == kilograms


ALL_YEAR = list(range(1, 13))


@pytest.mark.parametrize(
    ("typed", "months"),
    [
        ("6-8月", [6, 7, 8]),
        ("6月-8月", [6, 7, 8]),
        ("６月－８月", [6, 7, 8]),
        ("6月至8月", [6, 7, 8]),
        ("11月至次年2月", [1, 2, 11, 12]),
        ("十一月至次年二月", [1, 2, 11, 12]),
        ("5月上旬至7月下旬", [5, 6, 7]),
        ("6、7、8月", [6, 7, 8]),
        ("3-5月，9-10月", [3, 4, 5, 9, 10]),
        ("7月", [7]),
        ("全年", ALL_YEAR),
        ("常年", ALL_YEAR),
        ("year-round", ALL_YEAR),
        ("Year round", ALL_YEAR),
        ("1-12月", ALL_YEAR),
        ("夏秋季", [6, 7, 8, 9, 10, 11]),
        ("冬季", [1, 2, 12]),
        ("Jun-Aug", [6, 7, 8]),
        ("June to August", [6, 7, 8]),
    ],
)
def test_seasons(typed, months):
    assert n.parse_season(typed) == months


@pytest.mark.parametrize(("typed", "code"), [("随时", "season"), ("13月", "month")])
def test_seasons_that_are_not(typed, code):
    with pytest.raises(n.NormalizeError) as raised:
        n.parse_season(typed)
    assert raised.value.code == code


def test_a_season_excel_took_for_a_date_reads_as_months():
    assert n.season_from_date(datetime.datetime(2025, 6, 8)) == "6-8"


@pytest.mark.parametrize(
    ("typed", "channels"),
    [
        (
            "农贸市场40%，电商30%，商超30%",
            [
                {"channel": "农贸市场", "share": "40"},
                {"channel": "电商", "share": "30"},
                {"channel": "商超", "share": "30"},
            ],
        ),
        (
            "电商：６０％；线下（40%）",
            [{"channel": "电商", "share": "60"}, {"channel": "线下", "share": "40"}],
        ),
        ("电商占比12.5%", [{"channel": "电商", "share": "12.5"}]),
        ("40% 农贸市场", [{"channel": "农贸市场", "share": "40"}]),
        ("电商、直播", [{"channel": "电商", "share": None}, {"channel": "直播", "share": None}]),
    ],
)
def test_sales_channels_and_shares(typed, channels):
    assert n.parse_sales_channels(typed) == channels


@pytest.mark.parametrize(
    ("typed", "code"), [("电商60%，线下50%", "share_total"), ("电商120%", "share_range")]
)
def test_shares_over_a_hundred(typed, code):
    with pytest.raises(n.NormalizeError) as raised:
        n.parse_sales_channels(typed)
    assert raised.value.code == code


@pytest.mark.parametrize(
    ("typed", "codes"),
    [
        ("绿色食品、有机产品", ["green_food", "organic"]),
        ("Green Food; organic", ["green_food", "organic"]),
        ("农产品地理标志/承诺达标合格证", ["geographical_indication", "commitment_certificate"]),
        ("有机认证，有机", ["organic"]),
        ("无", []),
    ],
)
def test_certifications(typed, codes):
    assert n.parse_certifications(typed) == codes


def test_unknown_certification_is_named():
    with pytest.raises(n.NormalizeError) as raised:
        n.parse_certifications("绿色食品、无公害农产品")
    assert (raised.value.code, raised.value.params) == ("certification", {"name": "无公害农产品"})


@pytest.mark.parametrize("typed", ["6901234567892", 6901234567892, "690 1234 56789 2", "96385074"])
def test_gtins(typed):
    assert n.parse_gtin(typed) == str(typed).replace(" ", "")


@pytest.mark.parametrize(("typed", "code"), [("6901234567893", "gtin_check"), ("12345", "gtin")])
def test_bad_gtins(typed, code):
    with pytest.raises(n.NormalizeError) as raised:
        n.parse_gtin(typed)
    assert raised.value.code == code


def test_natural_key_ignores_width_case_and_spaces():
    assert n.natural_key("青稞 面", "５００克／袋", "Lhasa Coop") == n.natural_key(
        "青稞面", "500克/袋", "lhasa coop"
    )


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("产品名称", "name_zh"),
        ("产品名称（藏文）", "name_bo"),
        ("价格（元）", "price"),
        ("价格(元/斤)", "price"),
        ("*产品名称", "name_zh"),
        ("产品名称\nProduct name", "name_zh"),
        ("Product Name", "name_zh"),
        ("Sales channels", "sales_channels"),
        ("销售渠道及占比", "sales_channels"),
        ("品牌归属", "brand_ownership"),
        ("品牌", "brand"),
        ("类别", None),
    ],
)
def test_header_synonyms(header, field):
    assert header_field(header) == field
