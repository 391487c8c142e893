"""Validation and writes of a place's fields (catalog.services.places) and the warehouse
services that take them."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.models import PlaceKind, PlacePhoto
from catalog.services.places import (
    clean_opening_hours,
    place_photo_add,
    place_photo_remove,
    place_update,
)
from catalog.services.warehouses import warehouse_create, warehouse_update
from infra.errors import ValidationFailed
from tests.factories import WarehouseFactory

GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def errors_of(exc_info) -> list[tuple[str | None, str]]:
    return [(error.field, error.code) for error in exc_info.value.errors]


def test_opening_hours_are_kept_normalised():
    hours = [
        {"days": "1-5", "opens": "09:30", "closes": "18:00"},
        {"days": "6, 7", "opens": "10:00", "closes": "16:00"},
        {"days": "3", "opens": "00:00", "closes": "23:59"},
    ]

    assert clean_opening_hours(hours) == [
        {"days": "1-5", "opens": "09:30", "closes": "18:00"},
        {"days": "6,7", "opens": "10:00", "closes": "16:00"},
        {"days": "3", "opens": "00:00", "closes": "23:59"},
    ]
    assert clean_opening_hours(None) == []


@pytest.mark.parametrize(
    ("item", "words"),
    [
        ({"days": "0-5", "opens": "09:00", "closes": "18:00"}, "days"),
        ({"days": "1-8", "opens": "09:00", "closes": "18:00"}, "days"),
        ({"days": "5-1", "opens": "09:00", "closes": "18:00"}, "days"),
        ({"days": "", "opens": "09:00", "closes": "18:00"}, "days"),
        ({"days": 1, "opens": "09:00", "closes": "18:00"}, "days"),
        ({"days": "1-5", "opens": "9:00", "closes": "18:00"}, "opens"),
        ({"days": "1-5", "opens": "09:00", "closes": "24:00"}, "closes"),
        ({"days": "1-5", "opens": "09:60", "closes": "18:00"}, "opens"),
        ({"days": "1-5", "opens": "18:00", "closes": "09:00"}, "before"),
        ({"days": "1-5", "opens": "09:00", "closes": "09:00"}, "before"),
        ({"days": "1-5", "opens": "09:00"}, "closes"),
        ({"days": "1-5", "opens": "09:00", "closes": "18:00", "note": "x"}, "days, opens"),
    ],
)
def test_bad_opening_hours_are_refused_naming_the_field(item, words):
    with pytest.raises(ValidationFailed) as exc_info:
        clean_opening_hours([{"days": "1", "opens": "08:00", "closes": "12:00"}, item])

    assert errors_of(exc_info) == [("openingHours", "INVALID")]
    message = exc_info.value.errors[0].message
    assert message.startswith("Opening hours #2")
    assert words in message


def test_opening_hours_must_be_a_list():
    with pytest.raises(ValidationFailed) as exc_info:
        clean_opening_hours({"days": "1-5"})

    assert errors_of(exc_info) == [("openingHours", "INVALID")]


@pytest.mark.django_db
def test_place_update_writes_the_fields_given():
    store = WarehouseFactory()

    place = place_update(
        place=store,
        data={
            "kind": PlaceKind.STATION,
            "opening_hours": [{"days": "1-7", "opens": "08:00", "closes": "20:00"}],
            "latitude": "29.6520001",
            "longitude": 91.1721,
            "description": "  村级服务站  ",
        },
    )

    place.refresh_from_db()
    assert place.kind == PlaceKind.STATION
    assert place.opening_hours == [{"days": "1-7", "opens": "08:00", "closes": "20:00"}]
    assert (place.latitude, place.longitude) == (Decimal("29.652000"), Decimal("91.172100"))
    assert place.description == "村级服务站"

    place_update(place=place, data={"latitude": None, "longitude": None})
    place.refresh_from_db()
    assert place.latitude is None and place.longitude is None
    assert place.kind == PlaceKind.STATION


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"latitude": 91, "longitude": 0}, [("latitude", "INVALID")]),
        ({"latitude": 0, "longitude": -180.5}, [("longitude", "INVALID")]),
        ({"latitude": "north", "longitude": 0}, [("latitude", "INVALID")]),
        ({"latitude": "NaN", "longitude": 0}, [("latitude", "INVALID")]),
        ({"latitude": 29.6}, [("longitude", "REQUIRED")]),
        ({"latitude": None, "longitude": 91}, [("latitude", "REQUIRED")]),
        ({"kind": "palace"}, [("kind", "INVALID")]),
        (
            {"kind": "palace", "opening_hours": "always"},
            [("kind", "INVALID"), ("openingHours", "INVALID")],
        ),
    ],
)
def test_place_update_refuses_bad_values(data, expected):
    store = WarehouseFactory()

    with pytest.raises(ValidationFailed) as exc_info:
        place_update(place=store, data=data)

    assert errors_of(exc_info) == expected
    store.refresh_from_db()
    assert store.kind == PlaceKind.WAREHOUSE and store.latitude is None


@pytest.mark.django_db
def test_warehouse_services_take_the_place_fields():
    warehouse = warehouse_create(
        data={
            "name": "拉萨展示展销中心",
            "kind": PlaceKind.SHOWROOM,
            "opening_hours": [{"days": "1-5", "opens": "09:30", "closes": "18:00"}],
            "address": {
                "street_address_1": "北京中路 1 号",
                "city": "拉萨市",
                "city_area": "城关区",
                "country_area": "西藏自治区",
                "postal_code": "850000",
                "country": "CN",
            },
        }
    )
    assert warehouse.kind == PlaceKind.SHOWROOM
    assert warehouse.opening_hours[0]["opens"] == "09:30"

    updated = warehouse_update(warehouse=warehouse, data={"description": "二楼"})
    assert updated.description == "二楼" and updated.kind == PlaceKind.SHOWROOM

    with pytest.raises(ValidationFailed) as exc_info:
        warehouse_update(warehouse=warehouse, data={"opening_hours": [{"days": "8"}]})
    assert errors_of(exc_info) == [("openingHours", "INVALID")]


@pytest.mark.django_db
def test_photos_are_added_in_order_and_removed_with_their_file(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    showroom = WarehouseFactory(kind=PlaceKind.SHOWROOM)

    def upload(name):
        return SimpleUploadedFile(name, GIF, content_type="image/gif")

    first = place_photo_add(place=showroom, image=upload("a.gif"), alt=" front ")
    second = place_photo_add(place=showroom, image=upload("b.gif"))
    assert (first.sort_order, second.sort_order, first.alt) == (0, 1, "front")

    path = tmp_path / first.image.name
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        place_photo_remove(photo=first)
    assert not path.exists()
    assert list(PlacePhoto.objects.filter(place=showroom)) == [second]


@pytest.mark.django_db
def test_a_photo_must_be_an_image():
    showroom = WarehouseFactory(kind=PlaceKind.SHOWROOM)

    with pytest.raises(ValidationFailed) as exc_info:
        place_photo_add(
            place=showroom,
            image=SimpleUploadedFile("a.gif", b"not an image", content_type="image/gif"),
        )

    assert errors_of(exc_info)[0][0] == "image"
