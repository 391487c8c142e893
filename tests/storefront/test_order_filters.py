"""`orders` for staff: filter, where, search, channel and sorting."""

from datetime import timedelta

import pytest
from django.utils import timezone

from infra.accounts.permissions import PermissionEnum
from infra.ids import to_global_id
from storefront.models import Order, OrderChargeStatus, OrderStatus
from tests.factories import ChannelFactory, UserFactory, WarehouseFactory
from tests.factories.addresses import AddressFactory
from tests.factories.orders import OrderFactory, order_with_lines
from tests.factories.taxonomy import staff_client

pytestmark = pytest.mark.django_db

ORDERS = """
query($filter: OrderFilterInput, $where: OrderWhereInput, $sortBy: OrderSortingInput,
      $search: String, $channel: String, $first: Int = 20, $after: String) {
  orders(filter: $filter, where: $where, sortBy: $sortBy, search: $search, channel: $channel,
         first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { number } }
  }
}
"""


@pytest.fixture
def staff():
    return staff_client(PermissionEnum.MANAGE_ORDERS)


def numbers(response) -> list[str]:
    return [edge["node"]["number"] for edge in response.data["orders"]["edges"]]


def n(*orders: Order) -> list[str]:
    return [str(order.number) for order in orders]


def test_default_order_is_newest_number_first(staff):
    first, second, third = OrderFactory(), OrderFactory(), OrderFactory()

    assert numbers(staff.post_graphql(ORDERS)) == n(third, second, first)


def test_filter_status_including_ready_to_fulfill(staff):
    unfulfilled = OrderFactory()
    paid = OrderFactory(charge_status=OrderChargeStatus.FULL)
    partial = OrderFactory(status=OrderStatus.PARTIALLY_FULFILLED)
    OrderFactory(status=OrderStatus.CANCELED)

    by_status = staff.post_graphql(
        ORDERS, {"filter": {"status": ["UNFULFILLED", "PARTIALLY_FULFILLED"]}}
    )
    ready = staff.post_graphql(ORDERS, {"filter": {"status": ["READY_TO_FULFILL"]}})

    assert numbers(by_status) == n(partial, paid, unfulfilled)
    assert numbers(ready) == n(paid)


def test_filter_customer_by_email_and_name(staff):
    tsering = UserFactory(first_name="Tsering", last_name="Dorje")
    by_user = OrderFactory(user=tsering, user_email=tsering.email)
    by_email = OrderFactory(user_email="pema@example.com")
    OrderFactory(user_email="other@example.com")

    assert numbers(staff.post_graphql(ORDERS, {"filter": {"customer": "pema@"}})) == n(by_email)
    assert numbers(staff.post_graphql(ORDERS, {"filter": {"customer": "Tsering Dorje"}})) == n(
        by_user
    )


def test_filter_created_and_updated_at(staff):
    old = OrderFactory()
    Order.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=10),
        updated_at=timezone.now() - timedelta(days=10),
    )
    recent = OrderFactory()
    since = (timezone.localdate() - timedelta(days=2)).isoformat()

    created = staff.post_graphql(ORDERS, {"filter": {"created": {"gte": since}}})
    updated = staff.post_graphql(
        ORDERS,
        {"filter": {"updatedAt": {"lte": (timezone.now() - timedelta(days=5)).isoformat()}}},
    )

    assert numbers(created) == n(recent)
    assert numbers(updated) == n(old)


def test_search_by_number_email_name_sku_and_phone(staff):
    target = order_with_lines(
        lines=1,
        user_email="lhamo@example.com",
        billing_address=AddressFactory(first_name="拉姆", phone="+8613912345678"),
    )
    other = order_with_lines(lines=1)
    sku = target.lines.get().product_sku

    for text in (str(target.number), "lhamo@", "拉姆", "13912345678", sku):
        assert numbers(staff.post_graphql(ORDERS, {"search": text})) == n(target), text
        assert numbers(staff.post_graphql(ORDERS, {"filter": {"search": text}})) == n(target)
    assert numbers(staff.post_graphql(ORDERS, {"search": str(other.number)})) == n(other)


def test_filter_channels_and_channel_argument(staff):
    tibet = ChannelFactory(slug="tibet")
    in_tibet = OrderFactory(channel=tibet)
    OrderFactory()

    by_filter = staff.post_graphql(
        ORDERS, {"filter": {"channels": [to_global_id("Channel", tibet.pk)]}}
    )
    by_argument = staff.post_graphql(ORDERS, {"channel": "tibet"})

    assert numbers(by_filter) == n(in_tibet)
    assert numbers(by_argument) == n(in_tibet)


def test_filter_ids_and_numbers(staff):
    first, second, _third = OrderFactory(), OrderFactory(), OrderFactory()

    by_ids = staff.post_graphql(ORDERS, {"filter": {"ids": [to_global_id("Order", first.pk)]}})
    by_numbers = staff.post_graphql(ORDERS, {"filter": {"numbers": n(first, second)}})
    both = staff.post_graphql(
        ORDERS, {"filter": {"ids": [to_global_id("Order", first.pk)], "numbers": n(first)}}
    )

    assert numbers(by_ids) == n(first)
    assert numbers(by_numbers) == n(second, first)
    assert both.errors[0]["message"] == (
        "'ids' and 'numbers` are not allowed to use together in filter."
    )


def test_filter_charge_authorize_status_and_click_and_collect(staff):
    charged = OrderFactory(charge_status=OrderChargeStatus.FULL, authorize_status="full")
    pickup = OrderFactory(collection_point=WarehouseFactory(), collection_point_name="拉萨门店")

    by_charge = staff.post_graphql(ORDERS, {"filter": {"chargeStatus": ["FULL"]}})
    by_authorize = staff.post_graphql(ORDERS, {"filter": {"authorizeStatus": ["FULL"]}})
    click = staff.post_graphql(ORDERS, {"filter": {"isClickAndCollect": True}})
    not_click = staff.post_graphql(ORDERS, {"filter": {"isClickAndCollect": False}})

    assert numbers(by_charge) == n(charged)
    assert numbers(by_authorize) == n(charged)
    assert numbers(click) == n(pickup)
    assert numbers(not_click) == n(charged)


def test_unsupported_filter_and_where_fields_are_refused_by_name(staff):
    filtered = staff.post_graphql(ORDERS, {"filter": {"giftCardUsed": True}})
    where = staff.post_graphql(ORDERS, {"where": {"voucherCode": {"eq": "X"}}})

    assert filtered.errors[0]["message"] == "Filtering by `giftCardUsed` is not supported."
    assert where.errors[0]["message"] == "Filtering by `voucherCode` is not supported."


def test_filter_and_where_together_are_refused(staff):
    response = staff.post_graphql(
        ORDERS, {"filter": {"customer": "x"}, "where": {"isClickAndCollect": True}}
    )

    assert response.errors[0]["message"] == (
        "Only one filtering argument (filter or where) can be used."
    )


def test_where_number_status_user_and_or(staff):
    buyer = UserFactory()
    first = OrderFactory(user=buyer)
    second = OrderFactory(status=OrderStatus.FULFILLED)
    third = OrderFactory()

    by_range = staff.post_graphql(
        ORDERS, {"where": {"number": {"range": {"gte": first.number, "lte": second.number}}}}
    )
    by_status = staff.post_graphql(ORDERS, {"where": {"status": {"oneOf": ["FULFILLED"]}}})
    by_user = staff.post_graphql(
        ORDERS, {"where": {"user": {"eq": to_global_id("User", buyer.pk)}}}
    )
    either = staff.post_graphql(
        ORDERS,
        {"where": {"OR": [{"number": {"eq": first.number}}, {"number": {"eq": third.number}}]}},
    )

    assert numbers(by_range) == n(second, first)
    assert numbers(by_status) == n(second)
    assert numbers(by_user) == n(first)
    assert numbers(either) == n(third, first)


def test_sort_by_number_ascending_paginates_by_cursor(staff):
    orders = [OrderFactory() for _ in range(3)]
    sort = {"field": "NUMBER", "direction": "ASC"}

    page = staff.post_graphql(ORDERS, {"sortBy": sort, "first": 2})
    cursor = page.data["orders"]["pageInfo"]["endCursor"]
    rest = staff.post_graphql(ORDERS, {"sortBy": sort, "first": 2, "after": cursor})

    assert numbers(page) == n(*orders[:2])
    assert page.data["orders"]["pageInfo"]["hasNextPage"] is True
    assert numbers(rest) == n(orders[2])


def test_sort_by_created_at_and_last_modified(staff):
    older, newer = OrderFactory(), OrderFactory()
    Order.objects.filter(pk=newer.pk).update(updated_at=timezone.now() - timedelta(days=3))

    created = staff.post_graphql(ORDERS, {"sortBy": {"field": "CREATED_AT", "direction": "DESC"}})
    modified = staff.post_graphql(
        ORDERS, {"sortBy": {"field": "LAST_MODIFIED_AT", "direction": "ASC"}}
    )

    assert numbers(created) == n(newer, older)
    assert numbers(modified) == n(newer, older)


def test_sort_by_customer_uses_billing_names(staff):
    zhaxi = OrderFactory(billing_address=AddressFactory(last_name="扎西", first_name="次仁"))
    ahwang = OrderFactory(billing_address=AddressFactory(last_name="Ahwang", first_name="B"))
    no_address = OrderFactory(billing_address=None)

    response = staff.post_graphql(ORDERS, {"sortBy": {"field": "CUSTOMER", "direction": "ASC"}})

    assert numbers(response) == n(no_address, ahwang, zhaxi)


def test_sort_by_rank_needs_search_and_payment_is_refused(staff):
    rank = staff.post_graphql(ORDERS, {"sortBy": {"field": "RANK", "direction": "DESC"}})
    payment = staff.post_graphql(ORDERS, {"sortBy": {"field": "PAYMENT", "direction": "DESC"}})

    assert rank.errors[0]["message"] == (
        "Sorting by RANK is available only when using a search filter."
    )
    assert payment.errors[0]["message"] == "Sorting by `PAYMENT` is not supported."
