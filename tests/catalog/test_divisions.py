from collections import Counter

import pytest

from catalog.models import Division, DivisionLevel


@pytest.mark.django_db
def test_divisions_load_region_prefectures_and_counties():
    levels = Counter(Division.objects.values_list("level", flat=True))

    assert levels == {"region": 1, "prefecture": 7, "county": 74}


@pytest.mark.django_db
def test_every_county_sits_under_a_prefecture_under_the_region():
    region = Division.objects.get(level=DivisionLevel.REGION)
    counties = Division.objects.filter(level=DivisionLevel.COUNTY).select_related("parent")

    assert region.code == "540000"
    assert region.parent is None
    assert {c.parent.level for c in counties} == {DivisionLevel.PREFECTURE}
    assert set(
        Division.objects.filter(level=DivisionLevel.PREFECTURE).values_list(
            "parent__code", flat=True
        )
    ) == {"540000"}


@pytest.mark.django_db
def test_counties_per_prefecture_match_the_gb2260_tree():
    per_prefecture = Counter(
        Division.objects.filter(level=DivisionLevel.COUNTY).values_list(
            "parent__name_zh", flat=True
        )
    )

    assert per_prefecture == {
        "拉萨市": 8,
        "日喀则市": 18,
        "昌都市": 11,
        "林芝市": 7,
        "山南市": 12,
        "那曲市": 11,
        "阿里地区": 7,
    }


@pytest.mark.django_db
def test_recent_changes_are_reflected():
    assert Division.objects.get(code="540481").name_zh == "米林市"
    assert not Division.objects.filter(code__in=["540422", "540530"]).exists()


@pytest.mark.django_db
def test_every_division_has_its_tibetan_name():
    assert list(Division.objects.filter(name_bo="").values_list("code", flat=True)) == []
