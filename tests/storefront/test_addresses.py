import pytest

from catalog.addresses import address_clean, format_address_lines, normalize_cn_phone
from catalog.models import Division
from infra.errors import ValidationFailed
from tests.factories.addresses import AddressFactory

LHASA = {
    "first_name": "卓玛",
    "last_name": "次仁",
    "street_address_1": "北京中路 12 号",
    "city": "拉萨市",
    "city_area": "城关区",
    "country_area": "西藏自治区",
    "postal_code": "850000",
    "country": "CN",
    "phone": "138 0013 8000",
}


def _codes(failure: ValidationFailed) -> list[tuple[str | None, str]]:
    return [(error.field, error.code) for error in failure.errors]


@pytest.mark.django_db
def test_tibet_address_resolves_county_and_normalizes_phone():
    # when
    cleaned = address_clean(LHASA)

    # then
    assert cleaned["division_id"] == Division.objects.get(code="540102").pk
    assert cleaned["phone"] == "+8613800138000"
    assert cleaned["country"] == "CN"


@pytest.mark.django_db
def test_cn_address_missing_fields_are_required():
    # when
    with pytest.raises(ValidationFailed) as failure:
        address_clean({"country": "CN"})

    # then
    assert _codes(failure.value) == [
        ("countryArea", "REQUIRED"),
        ("city", "REQUIRED"),
        ("cityArea", "REQUIRED"),
        ("streetAddress1", "REQUIRED"),
        ("postalCode", "REQUIRED"),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "api_field"),
    [
        ("postal_code", "85000", "postalCode"),
        ("postal_code", "85000A", "postalCode"),
        ("phone", "12345", "phone"),
        ("phone", "+1 202 555 0100", "phone"),
        ("city_area", "不存在县", "cityArea"),
    ],
)
def test_cn_address_invalid_values(field, value, api_field):
    # when
    with pytest.raises(ValidationFailed) as failure:
        address_clean({**LHASA, field: value})

    # then
    assert _codes(failure.value) == [(api_field, "INVALID")]


@pytest.mark.django_db
def test_address_outside_tibet_has_no_division():
    # when
    cleaned = address_clean(
        {**LHASA, "country_area": "四川省", "city": "成都市", "city_area": "武侯区"}
    )

    # then
    assert cleaned["division_id"] is None


@pytest.mark.django_db
def test_other_country_requires_street_city_country():
    # when
    with pytest.raises(ValidationFailed) as failure:
        address_clean({"country": "", "postal_code": "anything"})

    # then
    assert _codes(failure.value) == [
        ("streetAddress1", "REQUIRED"),
        ("city", "REQUIRED"),
        ("country", "REQUIRED"),
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13800138000", "+8613800138000"),
        ("+86 138-0013-8000", "+8613800138000"),
        ("0891-6321234", "+868916321234"),
        ("+86 891 6321234", "+868916321234"),
        ("010 12345678", "+861012345678"),
        ("12800138000", None),
        ("0891-12", None),
    ],
)
def test_normalize_cn_phone(raw, expected):
    assert normalize_cn_phone(raw) == expected


@pytest.mark.django_db
def test_format_address_lines_chinese_order():
    # given
    address = AddressFactory.build()

    # when
    lines = format_address_lines(address)

    # then
    assert lines == [
        "西藏自治区拉萨市城关区北京中路 12 号",
        "850000",
        "次仁卓玛",
        "+8613800138000",
    ]


def test_format_address_lines_other_country():
    # given
    address = AddressFactory.build(
        country="GB",
        country_area="",
        city="London",
        city_area="",
        postal_code="SW1A 1AA",
        street_address_1="10 Downing Street",
        first_name="Tenzin",
        last_name="Dorje",
        phone="",
    )

    # then
    assert format_address_lines(address) == [
        "Tenzin Dorje",
        "10 Downing Street",
        "SW1A 1AA London",
        "GB",
    ]
