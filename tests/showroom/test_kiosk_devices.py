"""Kiosk devices: registration, authentication and revocation (showroom.services), and their
admin, scoped to the staff's place or divisions."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from catalog.models import Division, PlaceKind, StaffScope
from infra.errors import ValidationFailed
from showroom.models import KioskDevice, hash_device_token
from showroom.services import (
    kiosk_device_authenticate,
    kiosk_device_register,
    kiosk_device_revoke,
)
from tests.factories import StaffUserFactory, WarehouseFactory

pytestmark = pytest.mark.django_db

LHASA, CHENGGUAN, NYINGCHI, BAYI = "540100", "540102", "540400", "540402"
DEVICES = "/admin/showroom/kioskdevice/"


def division(code: str) -> Division:
    return Division.objects.get(code=code)


def showroom(slug: str, code: str = CHENGGUAN, kind=PlaceKind.SHOWROOM):
    return WarehouseFactory(slug=slug, name=slug, kind=kind, division=division(code))


# --- services ---------------------------------------------------------------------------------


def test_register_stores_only_the_token_hash():
    place = showroom("lhasa")

    device, token = kiosk_device_register(place=place, name=" 入口 ")

    device.refresh_from_db()
    assert device.name == "入口" and device.is_active and device.place == place
    assert device.token_hash == hash_device_token(token) != token
    assert device.token_last_4 == token[-4:]
    assert len(token) >= 32
    stored = KioskDevice.objects.filter(pk=device.pk).values().get()
    assert token not in [str(value) for value in stored.values()]


@pytest.mark.parametrize("kind", [PlaceKind.STATION, PlaceKind.WAREHOUSE])
def test_register_refuses_places_that_are_not_showrooms(kind):
    with pytest.raises(ValidationFailed) as exc_info:
        kiosk_device_register(place=showroom("x", kind=kind), name="入口")

    assert [(e.field, e.code) for e in exc_info.value.errors] == [("place", "INVALID")]
    assert not KioskDevice.objects.exists()


def test_register_needs_a_name():
    with pytest.raises(ValidationFailed) as exc_info:
        kiosk_device_register(place=showroom("lhasa"), name="  ")

    assert [(e.field, e.code) for e in exc_info.value.errors] == [("name", "REQUIRED")]


def test_two_devices_get_different_tokens():
    place = showroom("lhasa")

    _first, token_a = kiosk_device_register(place=place, name="a")
    _second, token_b = kiosk_device_register(place=place, name="b")

    assert token_a != token_b


def test_authenticate_finds_the_device_and_notes_when_it_was_seen():
    device, token = kiosk_device_register(place=showroom("lhasa"), name="入口")

    found = kiosk_device_authenticate(token)

    assert found == device
    device.refresh_from_db()
    assert device.last_seen_at is not None


def test_authenticate_writes_last_seen_at_most_once_a_minute(django_assert_num_queries):
    device, token = kiosk_device_register(place=showroom("lhasa"), name="入口")
    recently = timezone.now() - datetime.timedelta(seconds=30)
    KioskDevice.objects.filter(pk=device.pk).update(last_seen_at=recently)

    with django_assert_num_queries(1):
        assert kiosk_device_authenticate(token) == device
    device.refresh_from_db()
    assert device.last_seen_at == recently

    KioskDevice.objects.filter(pk=device.pk).update(
        last_seen_at=timezone.now() - datetime.timedelta(minutes=2)
    )
    with django_assert_num_queries(2):
        kiosk_device_authenticate(token)
    device.refresh_from_db()
    assert timezone.now() - device.last_seen_at < datetime.timedelta(seconds=5)


@pytest.mark.parametrize("token", [None, "", "not-a-token"])
def test_authenticate_refuses_unknown_tokens(token):
    kiosk_device_register(place=showroom("lhasa"), name="入口")

    assert kiosk_device_authenticate(token) is None


def test_a_revoked_token_is_refused():
    device, token = kiosk_device_register(place=showroom("lhasa"), name="入口")

    kiosk_device_revoke(device=device)

    assert kiosk_device_authenticate(token) is None
    device.refresh_from_db()
    assert device.is_active is False


def test_a_token_stops_working_when_the_place_is_no_longer_a_showroom():
    place = showroom("lhasa")
    _device, token = kiosk_device_register(place=place, name="入口")
    place.kind = PlaceKind.STATION
    place.save()

    assert kiosk_device_authenticate(token) is None


# --- admin ------------------------------------------------------------------------------------


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def staff(code: str | None = None, place=None, **fields):
    user = StaffUserFactory(**fields)
    if code:
        StaffScope.objects.create(user=user, division=division(code), place=place)
    return user


@pytest.fixture
def devices():
    """A kiosk in each of two Lhasa showrooms and one in Nyingchi."""
    places = {
        "chengguan": showroom("chengguan", CHENGGUAN),
        "lhasa": showroom("lhasa", LHASA),
        "bayi": showroom("bayi", BAYI),
    }
    return {
        slug: kiosk_device_register(place=place, name=f"{slug}-kiosk")[0]
        for slug, place in places.items()
    }


def listed(client) -> set[str]:
    response = client.get(DEVICES)
    assert response.status_code == 200
    return {device.name for device in response.context["cl"].result_list}


@pytest.mark.parametrize(
    ("code", "visible"),
    [
        (LHASA, {"chengguan-kiosk", "lhasa-kiosk"}),
        (CHENGGUAN, {"chengguan-kiosk"}),
        (NYINGCHI, {"bayi-kiosk"}),
        ("540000", {"chengguan-kiosk", "lhasa-kiosk", "bayi-kiosk"}),
    ],
)
def test_admin_lists_the_kiosks_of_the_staff_divisions(devices, code, visible):
    assert listed(client_for(staff(code))) == visible


def test_place_staff_see_only_their_place(devices):
    user = staff(LHASA, place=devices["lhasa"].place)

    client = client_for(user)

    assert listed(client) == {"lhasa-kiosk"}
    other = devices["chengguan"]
    assert client.get(f"{DEVICES}{other.pk}/change/").status_code == 403


def test_superuser_sees_all_and_staff_without_scope_none(devices):
    assert len(listed(client_for(staff(is_superuser=True)))) == 3
    assert client_for(staff()).get(DEVICES).status_code == 403


def test_admin_registers_a_kiosk_and_shows_its_token_once(devices):
    user = staff(LHASA)
    place = devices["lhasa"].place
    client = client_for(user)

    response = client.post(f"{DEVICES}add/", {"place": place.pk, "name": "二楼"}, follow=True)

    assert response.status_code == 200
    device = KioskDevice.objects.get(name="二楼")
    shown = [str(m) for m in response.context["messages"] if "not be shown again" in str(m)]
    assert len(shown) == 1
    token = shown[0].rsplit(": ", 1)[1]
    assert device.token_hash == hash_device_token(token)
    assert kiosk_device_authenticate(token) == device
    page = client.get(f"{DEVICES}{device.pk}/change/").content.decode()
    assert token not in page and f"…{token[-4:]}" in page


def test_admin_offers_only_showrooms_in_scope(devices):
    station = showroom("station", CHENGGUAN, kind=PlaceKind.STATION)
    client = client_for(staff(LHASA))

    response = client.get(f"{DEVICES}add/")
    choices = {choice.pk for choice in response.context["adminform"].form.fields["place"].queryset}

    assert choices == {devices["chengguan"].place.pk, devices["lhasa"].place.pk}
    refused = client.post(f"{DEVICES}add/", {"place": station.pk, "name": "x"})
    assert refused.status_code == 200 and not KioskDevice.objects.filter(name="x").exists()
    outside = client.post(f"{DEVICES}add/", {"place": devices["bayi"].place.pk, "name": "y"})
    assert outside.status_code == 200 and not KioskDevice.objects.filter(name="y").exists()


def test_admin_revokes_only_devices_in_scope(devices):
    client = client_for(staff(CHENGGUAN))
    pks = [device.pk for device in devices.values()]

    client.post(DEVICES, {"action": "revoke_devices", "_selected_action": pks}, follow=True)

    active = dict(KioskDevice.objects.values_list("name", "is_active"))
    assert active == {"chengguan-kiosk": False, "lhasa-kiosk": True, "bayi-kiosk": True}


def test_admin_renames_but_cannot_delete(devices):
    device = devices["chengguan"]
    client = client_for(staff(CHENGGUAN))

    client.post(f"{DEVICES}{device.pk}/change/", {"name": "新名字"})
    device.refresh_from_db()

    assert device.name == "新名字"
    assert client.get(f"{DEVICES}{device.pk}/delete/").status_code == 403
