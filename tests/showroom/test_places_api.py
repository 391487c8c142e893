"""The place fields on Warehouse and the public `places` query, through /graphql/."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Division, PlaceKind, PlacePhoto
from infra.accounts.permissions import PermissionEnum
from infra.ids import to_global_id
from tests.factories import WarehouseFactory
from tests.factories.taxonomy import staff_client

pytestmark = pytest.mark.django_db

LHASA, CHENGGUAN, NYINGCHI, BAYI = "540100", "540102", "540400", "540402"
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)

PLACES = """
query($kind: PlaceKindEnum, $division: ID, $first: Int, $after: String) {
  places(kind: $kind, division: $division, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      slug kind description
      openingHours { days opens closes }
      coordinates { latitude longitude }
      photos(size: 512) { url alt }
    } }
  }
}
"""
WAREHOUSE = """
query($id: ID) { warehouse(id: $id) { slug kind description coordinates { latitude } photos { alt } } }
"""


def division(code: str) -> Division:
    return Division.objects.get(code=code)


def place(slug: str, kind=PlaceKind.SHOWROOM, code: str = CHENGGUAN, **fields):
    fields.setdefault("is_private", False)
    return WarehouseFactory(slug=slug, name=slug, kind=kind, division=division(code), **fields)


def photo(warehouse, alt: str, sort_order: int = 0) -> PlacePhoto:
    image = SimpleUploadedFile(f"{alt}.gif", GIF, content_type="image/gif")
    return PlacePhoto.objects.create(place=warehouse, image=image, alt=alt, sort_order=sort_order)


def slugs(response) -> list[str]:
    return [edge["node"]["slug"] for edge in response.data["places"]["edges"]]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_places_answers_the_place_fields_to_anyone(api_client):
    showroom = place(
        "a-lhasa-showroom",
        opening_hours=[{"days": "1-5", "opens": "09:30", "closes": "18:00"}],
        latitude=Decimal("29.652000"),
        longitude=Decimal("91.172100"),
        description="展示展销中心",
    )
    photo(showroom, "counter", sort_order=1)
    photo(showroom, "front", sort_order=0)

    response = api_client.post_graphql(PLACES, {"first": 10})

    node = response.data["places"]["edges"][0]["node"]
    assert node["kind"] == "SHOWROOM"
    assert node["description"] == "展示展销中心"
    assert node["openingHours"] == [{"days": "1-5", "opens": "09:30", "closes": "18:00"}]
    assert node["coordinates"] == {"latitude": 29.652, "longitude": 91.1721}
    assert [p["alt"] for p in node["photos"]] == ["front", "counter"]
    assert node["photos"][0]["url"].startswith("http://testserver/")
    assert node["photos"][0]["url"].endswith(".gif")


def test_places_hides_private_places_and_plain_warehouses(api_client):
    place("showroom")
    place("station", kind=PlaceKind.STATION)
    place("private-showroom", is_private=True)
    place("public-store", kind=PlaceKind.WAREHOUSE)

    response = api_client.post_graphql(PLACES, {"first": 10})

    assert slugs(response) == ["showroom", "station"]
    assert response.data["places"]["totalCount"] == 2


def test_places_filters_by_kind(api_client):
    place("showroom")
    place("station", kind=PlaceKind.STATION)

    response = api_client.post_graphql(PLACES, {"first": 10, "kind": "STATION"})

    assert slugs(response) == ["station"]


@pytest.mark.parametrize(
    ("code", "expected"),
    [(LHASA, ["chengguan", "lhasa-itself"]), (CHENGGUAN, ["chengguan"]), (NYINGCHI, ["bayi"])],
)
def test_places_filters_by_division_a_prefecture_including_its_counties(api_client, code, expected):
    place("chengguan", code=CHENGGUAN)
    place("lhasa-itself", code=LHASA)
    place("bayi", code=BAYI, kind=PlaceKind.STATION)

    response = api_client.post_graphql(
        PLACES, {"first": 10, "division": to_global_id("Division", division(code).pk)}
    )

    assert slugs(response) == expected


def test_places_paginates(api_client):
    for slug in ("a", "b", "c"):
        place(slug)

    first = api_client.post_graphql(PLACES, {"first": 2})
    after = first.data["places"]["pageInfo"]["endCursor"]
    second = api_client.post_graphql(PLACES, {"first": 2, "after": after})

    assert slugs(first) == ["a", "b"]
    assert first.data["places"]["pageInfo"]["hasNextPage"] is True
    assert slugs(second) == ["c"]


def test_places_query_count_does_not_grow_with_the_page(api_client):
    def count_queries(n: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = api_client.post_graphql(PLACES, {"first": 20})
        assert len(slugs(response)) == n
        return len(captured)

    for index in range(2):
        photo(place(f"small-{index}"), f"p{index}")
    small = count_queries(2)
    for index in range(8):
        photo(place(f"wide-{index}", code=LHASA), f"q{index}")
    assert count_queries(10) == small
    assert small <= 4  # places, totalCount, photos (+ nothing per place)


def test_warehouse_query_shows_the_place_fields_to_staff():
    store = WarehouseFactory(slug="store")

    response = staff_client(PermissionEnum.MANAGE_PRODUCTS).post_graphql(
        WAREHOUSE, {"id": to_global_id("Warehouse", store.pk)}
    )

    assert response.data["warehouse"] == {
        "slug": "store",
        "kind": "WAREHOUSE",
        "description": "",
        "coordinates": None,
        "photos": [],
    }


def test_places_refuses_a_wrong_division_id(api_client):
    response = api_client.post_graphql(
        PLACES, {"first": 1, "division": to_global_id("Warehouse", 1)}
    )

    assert response.errors
