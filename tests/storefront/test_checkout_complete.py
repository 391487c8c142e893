"""The whole purchase through GraphQL, as a Saleor storefront sends it: create with lines and
addresses, choose delivery (address or pickup), pay, complete; and what completion refuses."""

from decimal import Decimal

import pytest
from django.core import mail
from django.test import override_settings

from catalog.models import ClickAndCollectOption, ProductChannelListing, Stock
from infra.accounts.permissions import PermissionEnum
from storefront.models import Checkout, Order, OrderEvent, TransactionItem
from tests.conftest import ApiClient
from tests.factories.addresses import lhasa_address_input
from tests.factories.catalog import ChannelFactory
from tests.factories.checkout import purchasable_variant
from tests.factories.product_reads import gid, staff_with

pytestmark = pytest.mark.django_db

CREATE = """
mutation Create($input: CheckoutCreateInput!) {
  checkoutCreate(input: $input) {
    checkout {
      id totalPrice { gross { amount currency } }
      shippingMethods { id name price { amount } }
      availableCollectionPoints { id name clickAndCollectOption }
      availablePaymentGateways { id name }
    }
    errors { field code message }
  }
}"""
DELIVERY = """
mutation Delivery($id: ID!, $method: ID!) {
  checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $method) {
    checkout {
      totalPrice { gross { amount } } shippingPrice { gross { amount } }
      deliveryMethod { __typename ... on Warehouse { id } ... on ShippingMethod { id } }
      availablePaymentGateways { id }
    }
    errors { field code message }
  }
}"""
PAY = """
mutation Pay($id: ID!, $gateway: String!, $data: JSON) {
  transactionInitialize(id: $id, paymentGateway: {id: $gateway, data: $data}) {
    transaction { id chargedAmount { amount } }
    errors { field code message }
  }
}"""
COMPLETE = """
mutation Complete($id: ID!) {
  checkoutComplete(id: $id) {
    order {
      id number status chargeStatus isPaid userEmail
      total { gross { amount currency } }
      lines { productSku quantity unitPrice { gross { amount } } }
      shippingMethodName collectionPointName
    }
    confirmationNeeded
    errors { field code message variants }
  }
}"""


@pytest.fixture
def shop():
    channel = ChannelFactory(slug="default-channel")
    variant = purchasable_variant(channel, price="88.00", stock=3, shipping_price="12.00")
    return channel, variant


def _create(client: ApiClient, variant, quantity=2, **extra) -> dict:
    variables = {
        "input": {
            "channel": "default-channel",
            "email": "dolma@example.com",
            "lines": [{"variantId": gid(variant), "quantity": quantity}],
            "shippingAddress": lhasa_address_input(),
            "billingAddress": lhasa_address_input(),
            **extra,
        }
    }
    payload = client.post_graphql(CREATE, variables).data["checkoutCreate"]
    assert payload["errors"] == []
    return payload["checkout"]


def _deliver(client, checkout_id, method_id) -> dict:
    payload = client.post_graphql(DELIVERY, {"id": checkout_id, "method": method_id}).data[
        "checkoutDeliveryMethodUpdate"
    ]
    assert payload["errors"] == []
    return payload["checkout"]


def _pay(client, checkout_id, gateway="mirumee.payments.dummy", data=None) -> dict:
    variables = {"id": checkout_id, "gateway": gateway, "data": data}
    return client.post_graphql(PAY, variables).data["transactionInitialize"]


def _complete(client, checkout_id) -> dict:
    return client.post_graphql(COMPLETE, {"id": checkout_id}).data["checkoutComplete"]


def test_delivered_order_paid_with_the_dummy_gateway(
    api_client, shop, django_capture_on_commit_callbacks
):
    _channel, variant = shop
    checkout = _create(api_client, variant)
    assert checkout["totalPrice"]["gross"] == {"amount": 176.0, "currency": "CNY"}
    method = checkout["shippingMethods"][0]
    assert method["price"]["amount"] == 12.0

    delivered = _deliver(api_client, checkout["id"], method["id"])
    assert delivered["totalPrice"]["gross"]["amount"] == 188.0
    assert {"id": "mirumee.payments.dummy"} in delivered["availablePaymentGateways"]
    paid = _pay(api_client, checkout["id"])
    assert paid["errors"] == []
    assert paid["transaction"]["chargedAmount"]["amount"] == 188.0
    with django_capture_on_commit_callbacks(execute=True):
        completed = _complete(api_client, checkout["id"])

    assert completed["errors"] == []
    order = completed["order"]
    assert order["status"] == "UNFULFILLED"
    assert (order["chargeStatus"], order["isPaid"]) == ("FULL", True)
    assert order["total"]["gross"] == {"amount": 188.0, "currency": "CNY"}
    assert order["lines"] == [
        {"productSku": variant.sku, "quantity": 2, "unitPrice": {"gross": {"amount": 88.0}}}
    ]
    assert order["shippingMethodName"] == "EMS"
    stock = Stock.objects.get(product_variant=variant)
    assert (stock.quantity, stock.quantity_allocated) == (3, 2)
    assert not Checkout.objects.exists()
    saved = Order.objects.get()
    assert saved.total_amount == Decimal("188.000")
    assert TransactionItem.objects.get().order_id == saved.pk
    assert "placed" in set(OrderEvent.objects.filter(order=saved).values_list("type", flat=True))
    assert [m.to for m in mail.outbox] == [["dolma@example.com"]]


def test_completing_twice_answers_the_same_order(api_client, shop):
    _channel, variant = shop
    checkout = _create(api_client, variant, quantity=1)
    _deliver(api_client, checkout["id"], checkout["shippingMethods"][0]["id"])
    _pay(api_client, checkout["id"])

    first = _complete(api_client, checkout["id"])["order"]
    second = _complete(api_client, checkout["id"])

    assert second["errors"] == []
    assert second["order"]["id"] == first["id"]
    assert Order.objects.count() == 1
    assert Stock.objects.get(product_variant=variant).quantity_allocated == 1


def test_pickup_at_a_showroom_paid_in_cash_stays_unpaid_until_staff_confirm(api_client, shop):
    _channel, variant = shop
    showroom = Stock.objects.get(product_variant=variant).warehouse
    showroom.click_and_collect_option = ClickAndCollectOption.LOCAL_STOCK
    showroom.save()
    checkout = _create(api_client, variant, quantity=1, shippingAddress=None)
    points = checkout["availableCollectionPoints"]
    assert [p["id"] for p in points] == [gid(showroom)]

    delivered = _deliver(api_client, checkout["id"], gid(showroom))
    assert delivered["deliveryMethod"] == {"__typename": "Warehouse", "id": gid(showroom)}
    assert delivered["shippingPrice"]["gross"]["amount"] == 0.0
    assert {"id": "tibet.payments.cash"} in delivered["availablePaymentGateways"]
    assert _pay(api_client, checkout["id"], gateway="tibet.payments.cash")["errors"] == []
    completed = _complete(api_client, checkout["id"])

    assert completed["errors"] == []
    order = completed["order"]
    assert (order["chargeStatus"], order["isPaid"]) == ("NONE", False)
    assert order["collectionPointName"] == showroom.name
    saved = Order.objects.get()
    assert len(saved.pickup_code) == 6
    assert saved.shipping_address_id is None

    staff = staff_with(PermissionEnum.MANAGE_ORDERS)
    marked = staff.post_graphql(
        """mutation Paid($id: ID!) { orderMarkAsPaid(id: $id, transactionReference: "till-7") {
             order { chargeStatus isPaid } errors { field code } } }""",
        {"id": order["id"]},
    ).data["orderMarkAsPaid"]
    assert marked == {"order": {"chargeStatus": "FULL", "isPaid": True}, "errors": []}


def test_cash_is_not_offered_for_delivery(api_client, shop):
    _channel, variant = shop
    checkout = _create(api_client, variant, quantity=1)
    delivered = _deliver(api_client, checkout["id"], checkout["shippingMethods"][0]["id"])
    assert {"id": "tibet.payments.cash"} not in delivered["availablePaymentGateways"]


def test_an_unpaid_checkout_is_not_completed(api_client, shop):
    _channel, variant = shop
    checkout = _create(api_client, variant, quantity=1)
    _deliver(api_client, checkout["id"], checkout["shippingMethods"][0]["id"])
    declined = _pay(api_client, checkout["id"], data={"card": "4000000000000002"})
    assert declined["transaction"]["chargedAmount"]["amount"] == 0.0

    completed = _complete(api_client, checkout["id"])

    assert completed["order"] is None
    assert [(e["field"], e["code"]) for e in completed["errors"]] == [
        ("id", "CHECKOUT_NOT_FULLY_PAID")
    ]
    assert Checkout.objects.exists() and not Order.objects.exists()
    assert Stock.objects.get(product_variant=variant).quantity_allocated == 0


def test_completion_names_what_is_missing(api_client, shop):
    _channel, variant = shop
    checkout = _create(api_client, variant, quantity=1, billingAddress=None)

    completed = _complete(api_client, checkout["id"])

    assert {(e["field"], e["code"]) for e in completed["errors"]} == {
        ("shippingMethod", "SHIPPING_METHOD_NOT_SET"),
        ("billingAddress", "BILLING_ADDRESS_NOT_SET"),
    }


def test_stock_sold_elsewhere_before_completion_is_insufficient_stock(api_client, shop):
    _channel, variant = shop
    checkout = _create(api_client, variant, quantity=2)
    _deliver(api_client, checkout["id"], checkout["shippingMethods"][0]["id"])
    _pay(api_client, checkout["id"])
    Stock.objects.filter(product_variant=variant).update(quantity_allocated=2)

    completed = _complete(api_client, checkout["id"])

    assert completed["order"] is None
    assert [(e["code"], e["variants"]) for e in completed["errors"]] == [
        ("INSUFFICIENT_STOCK", [gid(variant)])
    ]
    assert not Order.objects.exists()
    assert Stock.objects.get(product_variant=variant).quantity_allocated == 2


def test_a_guests_order_joins_the_account_registered_with_its_email(api_client, shop):
    _channel, variant = shop
    checkout = _create(api_client, variant, quantity=1)
    _deliver(api_client, checkout["id"], checkout["shippingMethods"][0]["id"])
    _pay(api_client, checkout["id"])
    _complete(api_client, checkout["id"])

    registered = api_client.post_graphql(
        """mutation { accountRegister(input: {email: "Dolma@example.com",
             password: "snow-lion-2026!"}) { errors { code } } }"""
    ).data["accountRegister"]

    assert registered["errors"] == []
    assert Order.objects.get().user.email == "dolma@example.com"


@override_settings(
    EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
    EMAIL_HOST="127.0.0.1",
    EMAIL_PORT=9,
)
def test_a_mail_server_that_is_down_does_not_undo_or_fail_the_order(
    api_client, shop, django_capture_on_commit_callbacks
):
    _channel, variant = shop
    checkout = _create(api_client, variant, quantity=1)
    _deliver(api_client, checkout["id"], checkout["shippingMethods"][0]["id"])
    _pay(api_client, checkout["id"])

    with django_capture_on_commit_callbacks(execute=True):
        completed = _complete(api_client, checkout["id"])

    assert completed["errors"] == []
    assert completed["order"]["status"] == "UNFULFILLED"
    assert Order.objects.count() == 1


def test_a_product_unpublished_after_it_was_added_cannot_be_bought(api_client, shop):
    _channel, variant = shop
    checkout = _create(api_client, variant, quantity=1)
    _deliver(api_client, checkout["id"], checkout["shippingMethods"][0]["id"])
    _pay(api_client, checkout["id"])
    ProductChannelListing.objects.filter(product=variant.product).update(is_published=False)

    completed = _complete(api_client, checkout["id"])

    assert completed["order"] is None
    assert [(e["field"], e["code"], e["variants"]) for e in completed["errors"]] == [
        ("lines", "PRODUCT_NOT_PUBLISHED", [gid(variant)])
    ]
    assert not Order.objects.exists()
