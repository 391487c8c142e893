"""Staff are scoped to their division: county and prefecture staff see and change the orders
of their division's products (or collected at its places); staff of a place, the orders
collected there; superusers and staff without a scope, every order."""

import pytest

from catalog.models import Division, PlaceKind, Product, StaffScope
from infra.accounts.jwt import create_access_token
from infra.accounts.permissions import PermissionEnum
from infra.ids import to_global_id
from storefront.models import Order, OrderStatus
from tests.conftest import ApiClient
from tests.factories import StaffUserFactory, WarehouseFactory
from tests.factories.orders import order_with_lines

pytestmark = pytest.mark.django_db

BAYI, NYINGCHI, CHENGGUAN = "540402", "540400", "540102"
ORDERS = "{ orders(first: 20) { edges { node { number } } } }"
CANCEL = "mutation($id: ID!) { orderCancel(id: $id) { errors { field code } } }"


def division(code: str) -> Division:
    return Division.objects.get(code=code)


def order_from(code: str, **fields) -> Order:
    order = order_with_lines(lines=1, **fields)
    Product.objects.filter(variants__order_lines__order=order).update(origin=division(code))
    return order


def staff(code: str | None = None, place=None, superuser: bool = False) -> ApiClient:
    user = StaffUserFactory(permissions=[PermissionEnum.MANAGE_ORDERS], is_superuser=superuser)
    if code is not None or place is not None:
        StaffScope.objects.create(user=user, division=division(code or BAYI), place=place)
    return ApiClient(create_access_token(user))


def numbers(client: ApiClient) -> set[int]:
    edges = client.post_graphql(ORDERS).data["orders"]["edges"]
    return {int(edge["node"]["number"]) for edge in edges}


@pytest.fixture
def orders():
    showroom = WarehouseFactory(kind=PlaceKind.SHOWROOM, division=division(CHENGGUAN))
    return {
        "bayi": order_from(BAYI),
        "lhasa": order_from(CHENGGUAN),
        "collected": order_from(BAYI, collection_point=showroom),
        "showroom": showroom,
    }


def test_county_and_prefecture_staff_see_their_divisions_orders(orders):
    every = {orders[key].number for key in ("bayi", "lhasa", "collected")}

    assert numbers(staff(BAYI)) == {orders["bayi"].number, orders["collected"].number}
    assert numbers(staff(NYINGCHI)) == {orders["bayi"].number, orders["collected"].number}
    # Collected at a Chengguan showroom, so Chengguan's staff work on it too.
    assert numbers(staff(CHENGGUAN)) == {orders["lhasa"].number, orders["collected"].number}
    assert numbers(staff()) == every
    assert numbers(staff(BAYI, superuser=True)) == every


def test_staff_of_a_place_see_the_orders_collected_there(orders):
    assert numbers(staff(CHENGGUAN, place=orders["showroom"])) == {orders["collected"].number}


def test_staff_cannot_change_another_divisions_order(orders):
    lhasa = orders["lhasa"]

    refused = staff(BAYI).post_graphql(CANCEL, {"id": to_global_id("Order", lhasa.pk)})
    allowed = staff(CHENGGUAN).post_graphql(CANCEL, {"id": to_global_id("Order", lhasa.pk)})

    assert refused.data["orderCancel"]["errors"] == [{"field": "id", "code": "NOT_FOUND"}]
    assert allowed.data["orderCancel"]["errors"] == []
    lhasa.refresh_from_db()
    assert lhasa.status == OrderStatus.CANCELED
