import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import ClickAndCollectOption
from infra.accounts.jwt import create_access_token
from infra.accounts.permissions import PermissionEnum
from infra.ids import to_global_id
from storefront.selectors.shipping_setup import shipping_setup
from tests.conftest import ApiClient, permission_denied
from tests.factories import ChannelFactory, UserFactory, WarehouseFactory
from tests.factories.checkout import checkout_with_lines, purchasable_variant, ship_from
from tests.factories.taxonomy import app_client, staff_client

pytestmark = pytest.mark.django_db

CHECKOUT = """
query($id: ID, $token: UUID) {
  checkout(id: $id, token: $token) { id token email }
}
"""
FULL = """
query($id: ID) {
  checkout(id: $id) {
    id token created updatedAt email quantity languageCode customerNote isShippingRequired
    stockReservationExpires displayGrossPrices taxExemption
    channel { slug }
    user { email }
    metadata { key value }
    lines {
      id quantity requiresShipping metadata { key }
      unitPrice { gross { amount currency } net { amount } tax { amount } }
      undiscountedUnitPrice { amount }
      totalPrice { gross { amount } }
      undiscountedTotalPrice { amount }
      variant {
        id name sku
        pricing { price { gross { amount } } }
        product { id name productType { name } }
      }
    }
    subtotalPrice { gross { amount } }
    shippingPrice { gross { amount } }
    totalPrice { gross { amount } currency }
    shippingAddress { id city country { code } }
    billingAddress { id }
    shippingMethods { id name price { amount } active }
    availableShippingMethods { id }
    availableCollectionPoints { id name }
    shippingMethod { id }
    deliveryMethod { __typename ... on ShippingMethod { id } }
    delivery { id shippingMethod { name } }
  }
}
"""


def cid(checkout) -> str:
    return to_global_id("Checkout", checkout.pk)


@pytest.fixture
def channel():
    return ChannelFactory(slug="tibet")


@pytest.fixture
def variant(channel):
    return purchasable_variant(channel, price="12.50", warehouse=WarehouseFactory(slug="lhasa"))


def read(client, checkout, **variables):
    variables = variables or {"id": cid(checkout)}
    return client.post_graphql(CHECKOUT, variables).data["checkout"]


def test_anonymous_checkout_is_read_by_id_or_token(api_client, channel, variant):
    checkout = checkout_with_lines(channel, [(variant, 1)])

    assert read(api_client, checkout)["token"] == str(checkout.pk)
    assert read(api_client, checkout, token=str(checkout.pk))["id"] == cid(checkout)


def test_customer_checkout_is_read_only_by_them_and_checkout_managers(
    api_client, user_api_client, customer_user, channel, variant
):
    mine = checkout_with_lines(channel, [(variant, 1)], user=customer_user)
    stranger = ApiClient(create_access_token(UserFactory()))

    assert read(user_api_client, mine)["id"] == cid(mine)
    assert read(api_client, mine) is None
    assert read(stranger, mine) is None
    assert read(staff_client(), mine) is None
    assert read(staff_client(PermissionEnum.MANAGE_CHECKOUTS), mine)
    assert read(app_client(PermissionEnum.IMPERSONATE_USER), mine)


def test_checkouts_of_inactive_channels_are_for_staff(api_client, variant):
    closed = ChannelFactory(slug="closed", is_active=False)
    checkout = checkout_with_lines(closed, [])

    assert read(api_client, checkout) is None
    assert read(staff_client(PermissionEnum.MANAGE_CHECKOUTS), checkout)["id"] == cid(checkout)


def test_checkout_user_is_shown_to_its_owner_and_user_managers(
    user_api_client, customer_user, channel
):
    checkout = checkout_with_lines(channel, [], user=customer_user)
    query = "query($id: ID) { checkout(id: $id) { user { email } } }"
    checkout_manager = staff_client(PermissionEnum.MANAGE_CHECKOUTS)
    user_manager = staff_client(PermissionEnum.MANAGE_CHECKOUTS, PermissionEnum.MANAGE_USERS)

    owner = user_api_client.post_graphql(query, {"id": cid(checkout)})
    assert owner.data["checkout"]["user"] == {"email": customer_user.email}
    assert permission_denied(checkout_manager.post_graphql(query, {"id": cid(checkout)}))
    assert user_manager.post_graphql(query, {"id": cid(checkout)}).data["checkout"]["user"]


def test_unknown_checkout_and_wrong_arguments(api_client):
    assert read(api_client, None, token="c0ffee00-0000-4000-8000-000000000000") is None
    response = api_client.post_graphql(CHECKOUT, {})
    assert response.errors[0]["message"] == "At least one of arguments is required: 'id', 'token'."
    wrong = api_client.post_graphql(CHECKOUT, {"id": to_global_id("Order", 1)})
    assert wrong.errors[0]["message"] == (
        f"Invalid ID: {to_global_id('Order', 1)}. Expected: Checkout, received: Order."
    )


def _full_checkout(channel, lines: int):
    warehouse = WarehouseFactory()
    ship_from(warehouse, channel)
    variants = [purchasable_variant(channel, price="5", warehouse=warehouse) for _ in range(lines)]
    point = WarehouseFactory(click_and_collect_option=ClickAndCollectOption.ALL_WAREHOUSES)
    point.channels.add(channel)
    checkout = checkout_with_lines(channel, [(v, 1) for v in variants], metadata={"a": "b"})
    checkout.shipping_method = ship_from(warehouse, channel)
    checkout.save()
    return checkout


def test_reading_a_checkout_costs_the_same_for_any_number_of_lines(api_client, channel):
    small, large = _full_checkout(channel, 1), _full_checkout(channel, 10)
    shipping_setup()  # built once per change of the shipping setup, not per read

    with CaptureQueriesContext(connection) as one:
        small_data = api_client.post_graphql(FULL, {"id": cid(small)}).data["checkout"]
    with CaptureQueriesContext(connection) as ten:
        large_data = api_client.post_graphql(FULL, {"id": cid(large)}).data["checkout"]

    assert len(large_data["lines"]) == 10
    assert large_data["totalPrice"] == {"gross": {"amount": 60.0}, "currency": "CNY"}
    assert large_data["deliveryMethod"]["__typename"] == "ShippingMethod"
    assert len(large_data["availableCollectionPoints"]) == 2  # one per setup, both ALL
    assert small_data["subtotalPrice"] == {"gross": {"amount": 5.0}}
    assert len(ten.captured_queries) == len(one.captured_queries)
    assert len(ten.captured_queries) <= 10, [q["sql"] for q in ten.captured_queries]


def test_me_lists_my_checkouts(user_api_client, customer_user, channel):
    older = checkout_with_lines(channel, [], user=customer_user)
    newer = checkout_with_lines(channel, [], user=customer_user)
    checkout_with_lines(ChannelFactory(slug="other"), [], user=customer_user)
    checkout_with_lines(channel, [], user=UserFactory())

    data = user_api_client.post_graphql(
        """{ me {
          checkouts(first: 5, channel: "tibet") { totalCount edges { node { id } } }
          checkoutIds(channel: "tibet")
          checkoutTokens
        } }"""
    ).data["me"]

    assert [edge["node"]["id"] for edge in data["checkouts"]["edges"]] == [
        cid(newer),
        cid(older),
    ]
    assert data["checkouts"]["totalCount"] == 2
    assert sorted(data["checkoutIds"]) == sorted([cid(older), cid(newer)])
    assert len(data["checkoutTokens"]) == 3
