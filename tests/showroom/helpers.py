"""What the showroom page tests share: the Lhasa showroom and staff signed in to a place."""

from django.test import Client

from catalog.models import ClickAndCollectOption, Division, PlaceKind, StaffScope, Warehouse
from tests.factories import StaffUserFactory, WarehouseFactory


def showroom_place(**fields) -> Warehouse:
    """The Lhasa showroom, selling from its own shelf, with an address for receipts."""
    return WarehouseFactory(
        name="拉萨展示展销中心",
        kind=PlaceKind.SHOWROOM,
        click_and_collect_option=ClickAndCollectOption.LOCAL_STOCK,
        street_address_1="北京中路 1 号",
        country_area="西藏自治区",
        postal_code="850000",
        **fields,
    )


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def staff_member(place: Warehouse, *, division: Division | None = None, **user_fields):
    """A new staff user whose scope is `place` (in `division`, by default the first one)."""
    user = StaffUserFactory(**user_fields)
    StaffScope.objects.create(user=user, division=division or Division.objects.first(), place=place)
    return user


def staff_of(place: Warehouse) -> Client:
    """A client signed in as a new staff member of `place`."""
    return logged_in(staff_member(place))
