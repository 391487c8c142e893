"""orderCancel, orderConfirm and orderNoteAdd."""

import pytest

from catalog.models import Stock
from infra.accounts.jwt import create_access_token
from infra.accounts.permissions import PermissionEnum
from infra.ids import to_global_id
from storefront.models import Allocation, OrderEvents, OrderStatus
from tests.conftest import ApiClient, permission_denied
from tests.factories import StaffUserFactory, WarehouseFactory
from tests.factories.orders import OrderFactory, order_with_lines
from tests.factories.taxonomy import app_client, staff_client

pytestmark = pytest.mark.django_db

CANCEL = """
mutation($id: ID!) {
  orderCancel(id: $id) { order { status } errors { field code message } }
}
"""
CONFIRM = """
mutation($id: ID!) {
  orderConfirm(id: $id) { order { status } errors { field code message } }
}
"""
NOTE = """
mutation($order: ID!, $message: String!) {
  orderNoteAdd(order: $order, input: {message: $message}) {
    order { number events { type message user { email } app { name } } }
    event { type message }
    errors { field code message }
  }
}
"""
FULFILL = """
mutation($order: ID, $input: OrderFulfillInput!) {
  orderFulfill(order: $order, input: $input) { errors { code } }
}
"""


@pytest.fixture
def staff():
    return staff_client(PermissionEnum.MANAGE_ORDERS)


def gid(order) -> str:
    return to_global_id("Order", order.pk)


def test_cancel_releases_allocations(staff):
    warehouse = WarehouseFactory()
    order = order_with_lines(warehouse=warehouse, lines=2, quantity=3, stock=10)

    payload = staff.post_graphql(CANCEL, {"id": gid(order)}).data["orderCancel"]

    assert payload == {"order": {"status": "CANCELED"}, "errors": []}
    assert not Allocation.objects.filter(order_line__order=order).exists()
    for stock in Stock.objects.filter(warehouse=warehouse):
        assert (stock.quantity, stock.quantity_allocated) == (10, 0)
    assert list(order.events.values_list("type", flat=True)) == [OrderEvents.CANCELED]


def test_cancel_refused_after_fulfilment(staff):
    warehouse = WarehouseFactory()
    order = order_with_lines(warehouse=warehouse, lines=1, quantity=2)
    line = order.lines.get()
    staff.post_graphql(
        FULFILL,
        {
            "order": gid(order),
            "input": {
                "lines": [
                    {
                        "orderLineId": to_global_id("OrderLine", line.pk),
                        "stocks": [
                            {"quantity": 1, "warehouse": to_global_id("Warehouse", warehouse.pk)}
                        ],
                    }
                ]
            },
        },
    )

    payload = staff.post_graphql(CANCEL, {"id": gid(order)}).data["orderCancel"]

    assert payload["errors"] == [
        {
            "field": "order",
            "code": "CANNOT_CANCEL_ORDER",
            "message": "This order can't be canceled.",
        }
    ]
    order.refresh_from_db()
    assert order.status == OrderStatus.PARTIALLY_FULFILLED
    assert Stock.objects.get(product_variant=line.variant).quantity_allocated == 1


def test_cancel_twice_is_refused(staff):
    order = order_with_lines(lines=1)
    staff.post_graphql(CANCEL, {"id": gid(order)})

    payload = staff.post_graphql(CANCEL, {"id": gid(order)}).data["orderCancel"]

    assert payload["errors"][0]["code"] == "CANNOT_CANCEL_ORDER"
    assert order.events.filter(type=OrderEvents.CANCELED).count() == 1


def test_cancel_unknown_order(staff):
    unknown = to_global_id("Order", "5f0d1c2e-0000-4000-8000-000000000000")

    payload = staff.post_graphql(CANCEL, {"id": unknown}).data["orderCancel"]

    assert payload["errors"] == [
        {"field": "id", "code": "NOT_FOUND", "message": f"Couldn't resolve to a node: {unknown}"}
    ]


def test_cancel_needs_manage_orders(user_api_client):
    order = order_with_lines(lines=1)

    assert permission_denied(user_api_client.post_graphql(CANCEL, {"id": gid(order)}))
    assert permission_denied(app_client().post_graphql(CANCEL, {"id": gid(order)}))


def test_confirm_unconfirmed_order(staff):
    order = order_with_lines(lines=1, status=OrderStatus.UNCONFIRMED)

    payload = staff.post_graphql(CONFIRM, {"id": gid(order)}).data["orderConfirm"]

    assert payload == {"order": {"status": "UNFULFILLED"}, "errors": []}
    assert list(order.events.values_list("type", flat=True)) == [OrderEvents.CONFIRMED]


def test_confirm_refuses_other_statuses_and_empty_orders(staff):
    placed = OrderFactory()
    empty = OrderFactory(status=OrderStatus.UNCONFIRMED)

    placed_payload = staff.post_graphql(CONFIRM, {"id": gid(placed)}).data["orderConfirm"]
    empty_payload = staff.post_graphql(CONFIRM, {"id": gid(empty)}).data["orderConfirm"]

    assert placed_payload["errors"] == [
        {
            "field": "id",
            "code": "INVALID",
            "message": "Provided order id belongs to an order with status different than "
            "unconfirmed.",
        }
    ]
    assert empty_payload["errors"][0]["message"] == (
        "Provided order id belongs to an order without products."
    )


def test_note_add_by_staff():
    staff_user = StaffUserFactory(
        permissions=[PermissionEnum.MANAGE_ORDERS, PermissionEnum.MANAGE_STAFF]
    )
    client = ApiClient(create_access_token(staff_user))
    order = OrderFactory()

    payload = client.post_graphql(NOTE, {"order": gid(order), "message": "  客户来电，改周五送  "})

    data = payload.data["orderNoteAdd"]
    assert data["errors"] == []
    assert data["event"] == {"type": "NOTE_ADDED", "message": "客户来电，改周五送"}
    assert data["order"]["events"] == [
        {
            "type": "NOTE_ADDED",
            "message": "客户来电，改周五送",
            "user": {"email": staff_user.email},
            "app": None,
        }
    ]


def test_note_add_by_app_records_the_app():
    client = app_client(PermissionEnum.MANAGE_ORDERS)
    order = OrderFactory()

    data = client.post_graphql(NOTE, {"order": gid(order), "message": "synced"}).data

    assert data["orderNoteAdd"]["order"]["events"][0]["app"]["name"].startswith("Partner app")


def test_note_add_refuses_empty_message(staff):
    order = OrderFactory()

    data = staff.post_graphql(NOTE, {"order": gid(order), "message": "   "}).data

    assert data["orderNoteAdd"]["errors"] == [
        {"field": "message", "code": "REQUIRED", "message": "Message can't be empty."}
    ]
    assert not order.events.exists()


def test_note_add_needs_manage_orders(user_api_client):
    order = OrderFactory()

    assert permission_denied(
        user_api_client.post_graphql(NOTE, {"order": gid(order), "message": "x"})
    )
