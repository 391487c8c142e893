"""Order reads cost a fixed number of queries, whatever the page size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from infra.accounts.jwt import create_access_token
from infra.accounts.permissions import PermissionEnum
from infra.ids import to_global_id
from storefront.models import Order, OrderEvents
from storefront.services.order_events import order_event_record
from storefront.services.orders_fulfillment import FulfillLine, FulfillStock, order_fulfill
from tests.conftest import ApiClient
from tests.factories import ChannelFactory, UserFactory, WarehouseFactory
from tests.factories.orders import order_with_lines
from tests.factories.taxonomy import staff_client

pytestmark = pytest.mark.django_db
# Auth, permissions, orders and one per kind of related row the query asks for.
MAX_QUERIES = 16

ORDER_FIELDS = """
fragment OrderFields on Order {
  id number status created userEmail user { email } channel { slug }
  total { gross { amount currency } } subtotal { net { amount } }
  billingAddress { city } shippingAddress { city }
  isShippingRequired pickupCode metadata { key }
  deliveryMethod { __typename ... on ShippingMethod { name } ... on Warehouse { name } }
  lines {
    id productName quantity quantityFulfilled unitPrice { gross { amount } }
    variant { id sku } allocations { quantity warehouse { slug } }
    thumbnail { url }
  }
  events { id type date message user { email } app { name } orderNumber
           fulfilledItems { quantity orderLine { productSku } } }
  fulfillments {
    id status trackingNumber warehouse { slug }
    lines { quantity orderLine { id productSku } }
  }
}
"""
ORDERS = (
    "query($first: Int) { orders(first: $first) { edges { node { ...OrderFields } } } }"
    + ORDER_FIELDS
)
ORDER = "query($id: ID!) { order(id: $id) { ...OrderFields } }" + ORDER_FIELDS
MY_ORDERS = """
query { me { orders(first: 20) { edges { node {
  number lines { productName variant { sku } thumbnail { url } } fulfillments { lines { quantity } }
} } } } }
"""


def make_orders(count: int, user=None) -> None:
    channel = ChannelFactory(slug="tibet")
    warehouse = WarehouseFactory()
    for _ in range(count):
        order = order_with_lines(
            channel=channel, warehouse=warehouse, lines=2, quantity=2, user=user
        )
        line = order.lines.first()
        order_event_record(order=order, type=OrderEvents.PLACED)
        order_event_record(order=order, type=OrderEvents.NOTE_ADDED, message="备注")
        order_fulfill(
            order=order,
            lines=[FulfillLine(line.pk, [FulfillStock(warehouse.pk, 1)])],
            tracking_number="SF1",
        )


def count_queries(client, query: str, variables: dict | None = None) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        response = client.post_graphql(query, variables)
    return len(queries), response.data


def test_orders_page_costs_the_same_for_two_or_twenty_orders():
    client = staff_client(PermissionEnum.MANAGE_ORDERS, PermissionEnum.MANAGE_USERS)
    make_orders(2)
    small, small_data = count_queries(client, ORDERS, {"first": 20})
    make_orders(18)

    large, data = count_queries(client, ORDERS, {"first": 20})

    assert len(small_data["orders"]["edges"]) == 2
    edges = data["orders"]["edges"]
    assert len(edges) == 20
    assert all(len(edge["node"]["lines"]) == 2 for edge in edges)
    assert all(len(edge["node"]["events"]) == 4 for edge in edges)
    assert all(edge["node"]["fulfillments"][0]["lines"][0]["quantity"] == 1 for edge in edges)
    assert large == small
    assert large <= MAX_QUERIES


def test_my_orders_cost_is_constant():
    user = UserFactory()
    client = ApiClient(create_access_token(user))
    make_orders(2, user=user)
    small, _ = count_queries(client, MY_ORDERS)
    make_orders(10, user=user)

    large, data = count_queries(client, MY_ORDERS)

    assert len(data["me"]["orders"]["edges"]) == 12
    assert large == small


def test_single_order_read_is_bounded():
    client = staff_client(PermissionEnum.MANAGE_ORDERS, PermissionEnum.MANAGE_USERS)
    make_orders(1)
    order_id = to_global_id("Order", Order.objects.get().pk)

    queries, data = count_queries(client, ORDER, {"id": order_id})

    assert len(data["order"]["lines"]) == 2
    assert queries <= MAX_QUERIES
