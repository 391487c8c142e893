"""orderFulfill and orderFulfillmentUpdateTracking: stock leaves the warehouse, the order's
status follows, and the history records it."""

import pytest

from catalog.models import Stock
from infra.accounts.permissions import PermissionEnum
from infra.ids import to_global_id
from storefront.models import Fulfillment, OrderEvent, OrderEvents, OrderStatus
from tests.conftest import permission_denied
from tests.factories import WarehouseFactory
from tests.factories.orders import order_with_lines
from tests.factories.taxonomy import staff_client

pytestmark = pytest.mark.django_db

FULFILL = """
mutation($order: ID, $input: OrderFulfillInput!) {
  orderFulfill(order: $order, input: $input) {
    order { status lines { quantityFulfilled quantityToFulfill } }
    fulfillments {
      fulfillmentOrder status trackingNumber warehouse { slug }
      lines { quantity orderLine { productSku } }
    }
    errors { field code message orderLines warehouse }
  }
}
"""
TRACKING = """
mutation($id: ID!, $input: FulfillmentUpdateTrackingInput!) {
  orderFulfillmentUpdateTracking(id: $id, input: $input) {
    fulfillment { trackingNumber }
    order { events { type trackingNumber composedId } }
    errors { field code message }
  }
}
"""


@pytest.fixture
def staff():
    return staff_client(PermissionEnum.MANAGE_ORDERS)


@pytest.fixture
def warehouse():
    return WarehouseFactory(slug="lhasa-store")


@pytest.fixture
def order(warehouse):
    return order_with_lines(warehouse=warehouse, lines=2, quantity=3, stock=10)


def line_input(line, warehouse, quantity) -> dict:
    return {
        "orderLineId": to_global_id("OrderLine", line.pk),
        "stocks": [{"quantity": quantity, "warehouse": to_global_id("Warehouse", warehouse.pk)}],
    }


def stock_of(line) -> Stock:
    return Stock.objects.get(product_variant_id=line.variant_id)


def test_fulfil_everything_with_tracking(staff, order, warehouse):
    first, second = order.lines.order_by("created_at", "id")
    variables = {
        "order": to_global_id("Order", order.pk),
        "input": {
            "lines": [line_input(first, warehouse, 3), line_input(second, warehouse, 3)],
            "trackingNumber": "SF1234567890",
        },
    }

    payload = staff.post_graphql(FULFILL, variables).data["orderFulfill"]

    assert payload["errors"] == []
    assert payload["order"]["status"] == "FULFILLED"
    assert payload["order"]["lines"] == [{"quantityFulfilled": 3, "quantityToFulfill": 0}] * 2
    [fulfillment] = payload["fulfillments"]
    assert fulfillment["fulfillmentOrder"] == 1
    assert fulfillment["status"] == "FULFILLED"
    assert fulfillment["trackingNumber"] == "SF1234567890"
    assert fulfillment["warehouse"] == {"slug": "lhasa-store"}
    assert [line["quantity"] for line in fulfillment["lines"]] == [3, 3]
    for line in (first, second):
        stock = stock_of(line)
        assert (stock.quantity, stock.quantity_allocated) == (7, 0)
        assert line.allocations.get().quantity_allocated == 0
    types = list(order.events.values_list("type", flat=True))
    assert types == [OrderEvents.FULFILLMENT_FULFILLED_ITEMS, OrderEvents.TRACKING_UPDATED]
    tracking = order.events.get(type=OrderEvents.TRACKING_UPDATED)
    assert tracking.parameters["tracking_number"] == "SF1234567890"
    assert tracking.parameters["composed_id"] == f"{order.number}-1"


def test_partial_fulfilment_then_the_rest(staff, order, warehouse):
    first, second = order.lines.order_by("created_at", "id")
    order_id = to_global_id("Order", order.pk)

    partial = staff.post_graphql(
        FULFILL, {"order": order_id, "input": {"lines": [line_input(first, warehouse, 1)]}}
    ).data["orderFulfill"]
    rest = staff.post_graphql(
        FULFILL,
        {
            "order": order_id,
            "input": {"lines": [line_input(first, warehouse, 2), line_input(second, warehouse, 3)]},
        },
    ).data["orderFulfill"]

    assert partial["errors"] == []
    assert partial["order"]["status"] == "PARTIALLY_FULFILLED"
    assert partial["order"]["lines"][0] == {"quantityFulfilled": 1, "quantityToFulfill": 2}
    stock = stock_of(first)
    assert (stock.quantity, stock.quantity_allocated) == (7, 0)
    assert rest["order"]["status"] == "FULFILLED"
    assert rest["fulfillments"][0]["fulfillmentOrder"] == 2
    assert Fulfillment.objects.filter(order=order).count() == 2
    assert not order.events.filter(type=OrderEvents.TRACKING_UPDATED).exists()


def test_partial_fulfilment_keeps_the_rest_allocated(staff, order, warehouse):
    first = order.lines.order_by("created_at", "id").first()

    staff.post_graphql(
        FULFILL,
        {
            "order": to_global_id("Order", order.pk),
            "input": {"lines": [line_input(first, warehouse, 1)]},
        },
    )

    stock = stock_of(first)
    assert (stock.quantity, stock.quantity_allocated) == (9, 2)
    assert first.allocations.get().quantity_allocated == 2


def test_cannot_fulfil_more_than_remains(staff, order, warehouse):
    first = order.lines.order_by("created_at", "id").first()

    payload = staff.post_graphql(
        FULFILL,
        {
            "order": to_global_id("Order", order.pk),
            "input": {"lines": [line_input(first, warehouse, 4)]},
        },
    ).data["orderFulfill"]

    [error] = payload["errors"]
    assert error["field"] == "orderLineId"
    assert error["code"] == "FULFILL_ORDER_LINE"
    assert (
        error["message"]
        == f"Only 3 items remaining to fulfill: {first.product_name} ({first.variant_name})."
    )
    assert error["orderLines"] == [to_global_id("OrderLine", first.pk)]
    assert stock_of(first).quantity == 10


def test_insufficient_stock_in_another_warehouse_changes_nothing(staff, order):
    first = order.lines.order_by("created_at", "id").first()
    empty = WarehouseFactory()

    payload = staff.post_graphql(
        FULFILL,
        {
            "order": to_global_id("Order", order.pk),
            "input": {"lines": [line_input(first, empty, 2)]},
        },
    ).data["orderFulfill"]

    [error] = payload["errors"]
    assert error["field"] == "stocks"
    assert error["code"] == "INSUFFICIENT_STOCK"
    assert error["warehouse"] == to_global_id("Warehouse", empty.pk)
    assert error["orderLines"] == [to_global_id("OrderLine", first.pk)]
    assert not Fulfillment.objects.exists()
    first.refresh_from_db()
    assert first.quantity_fulfilled == 0
    assert (stock_of(first).quantity, stock_of(first).quantity_allocated) == (10, 3)


def test_zero_quantity_and_duplicates_are_refused(staff, order, warehouse):
    first = order.lines.order_by("created_at", "id").first()
    order_id = to_global_id("Order", order.pk)

    zero = staff.post_graphql(
        FULFILL, {"order": order_id, "input": {"lines": [line_input(first, warehouse, 0)]}}
    ).data["orderFulfill"]
    twice = staff.post_graphql(
        FULFILL,
        {"order": order_id, "input": {"lines": [line_input(first, warehouse, 1)] * 2}},
    ).data["orderFulfill"]

    assert zero["errors"][0]["code"] == "ZERO_QUANTITY"
    assert zero["errors"][0]["field"] == "lines"
    assert twice["errors"][0]["code"] == "DUPLICATED_INPUT_ITEM"
    assert twice["errors"][0]["field"] == "orderLineId"


def test_line_of_another_order_is_not_found(staff, order, warehouse):
    foreign = order_with_lines(lines=1).lines.get()

    payload = staff.post_graphql(
        FULFILL,
        {
            "order": to_global_id("Order", order.pk),
            "input": {"lines": [line_input(foreign, warehouse, 1)]},
        },
    ).data["orderFulfill"]

    assert payload["errors"][0]["field"] == "lines"
    assert payload["errors"][0]["code"] == "GRAPHQL_ERROR"


def test_canceled_order_cannot_be_fulfilled(staff, warehouse):
    order = order_with_lines(warehouse=warehouse, lines=1, status=OrderStatus.CANCELED)

    payload = staff.post_graphql(
        FULFILL,
        {
            "order": to_global_id("Order", order.pk),
            "input": {"lines": [line_input(order.lines.get(), warehouse, 1)]},
        },
    ).data["orderFulfill"]

    assert payload["errors"] == [
        {
            "field": "order",
            "code": "INVALID",
            "message": "Cannot fulfill canceled order.",
            "orderLines": None,
            "warehouse": None,
        }
    ]


def test_fulfil_needs_manage_orders(user_api_client, order, warehouse):
    variables = {
        "order": to_global_id("Order", order.pk),
        "input": {"lines": [line_input(order.lines.first(), warehouse, 1)]},
    }

    assert permission_denied(user_api_client.post_graphql(FULFILL, variables))
    assert permission_denied(staff_client().post_graphql(FULFILL, variables))


def test_update_tracking_records_event(staff, order, warehouse):
    staff.post_graphql(
        FULFILL,
        {
            "order": to_global_id("Order", order.pk),
            "input": {"lines": [line_input(order.lines.first(), warehouse, 1)]},
        },
    )
    fulfillment = Fulfillment.objects.get()

    payload = staff.post_graphql(
        TRACKING,
        {"id": to_global_id("Fulfillment", fulfillment.pk), "input": {"trackingNumber": "YT99"}},
    ).data["orderFulfillmentUpdateTracking"]

    assert payload["errors"] == []
    assert payload["fulfillment"] == {"trackingNumber": "YT99"}
    assert payload["order"]["events"][-1] == {
        "type": "TRACKING_UPDATED",
        "trackingNumber": "YT99",
        "composedId": f"{order.number}-1",
    }
    assert OrderEvent.objects.filter(order=order, type=OrderEvents.TRACKING_UPDATED).count() == 1


def test_fulfillment_metadata_through_the_node_registry(staff, order, warehouse):
    staff.post_graphql(
        FULFILL,
        {
            "order": to_global_id("Order", order.pk),
            "input": {"lines": [line_input(order.lines.first(), warehouse, 1)]},
        },
    )
    fulfillment_id = to_global_id("Fulfillment", Fulfillment.objects.get().pk)
    mutation = """
    mutation($id: ID!) {
      updatePrivateMetadata(id: $id, input: [{key: "carrier", value: "SF"}]) {
        item { ... on Fulfillment { privateMetadata { key value } } }
        errors { code }
      }
    }
    """

    denied = staff_client().post_graphql(mutation, {"id": fulfillment_id})
    payload = staff.post_graphql(mutation, {"id": fulfillment_id}).data["updatePrivateMetadata"]

    assert permission_denied(denied)
    assert payload == {
        "item": {"privateMetadata": [{"key": "carrier", "value": "SF"}]},
        "errors": [],
    }
