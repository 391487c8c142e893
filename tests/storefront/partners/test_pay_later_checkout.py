"""A partner's app orders for its customer through the normal checkout mutations in its own
channel, paying later: the order is placed unpaid with a pay-later authorization, its stock is
allocated and the partner's customer reference is kept in the order's metadata."""

import pytest

from catalog.models import PartnerChannel, Stock
from storefront.models import Checkout, Order, TransactionItem
from storefront.payments.base import PaymentSource
from storefront.payments.registry import available_gateways
from tests.conftest import ApiClient
from tests.factories.checkout import ship_from
from tests.factories.product_reads import gid
from tests.factories.writes import staff_client
from tests.storefront.partners.conftest import PAY_LATER, nanjing_address

pytestmark = pytest.mark.django_db

CREATE = """
mutation($input: CheckoutCreateInput!) {
  checkoutCreate(input: $input) {
    checkout { id availablePaymentGateways { id } }
    errors { field code message }
  }
}"""
DELIVERY = """
mutation($id: ID!, $method: ID!) {
  checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $method) {
    checkout { totalPrice { gross { amount } } }
    errors { field code message }
  }
}"""
PAY = """
mutation($id: ID!, $gateway: String!) {
  transactionInitialize(id: $id, paymentGateway: {id: $gateway}) {
    transaction { pspReference authorizedAmount { amount } chargedAmount { amount } actions }
    transactionEvent { type message }
    errors { field code message }
  }
}"""
COMPLETE = """
mutation($id: ID!, $metadata: [MetadataInput!]) {
  checkoutComplete(id: $id, metadata: $metadata) {
    order {
      id status chargeStatus authorizeStatus isPaid
      total { gross { amount } }
      metadata { key value }
      channel { slug }
    }
    errors { field code message }
  }
}"""


def _checkout(client: ApiClient, partner, quantity: int = 2) -> str:
    payload = client.post_graphql(
        CREATE,
        {
            "input": {
                "channel": partner.channel.slug,
                "email": "wang.xiaoming@example.com",
                "lines": [{"variantId": gid(partner.variant), "quantity": quantity}],
                "shippingAddress": nanjing_address(),
                "billingAddress": nanjing_address(),
                "metadata": [{"key": "partner_customer_ref", "value": "JS-C-000123"}],
            }
        },
    ).data["checkoutCreate"]
    assert payload["errors"] == []
    checkout_id = payload["checkout"]["id"]
    method = ship_from(partner.variant.stocks.get().warehouse, partner.channel)
    delivery = client.post_graphql(DELIVERY, {"id": checkout_id, "method": gid(method)}).data
    assert delivery["checkoutDeliveryMethodUpdate"]["errors"] == []
    return checkout_id


def test_partner_app_places_an_order_paid_later_through_checkout(jiangsu):
    checkout_id = _checkout(jiangsu.client, jiangsu, quantity=2)

    paid = jiangsu.client.post_graphql(PAY, {"id": checkout_id, "gateway": PAY_LATER}).data
    placed = jiangsu.client.post_graphql(
        COMPLETE,
        {"id": checkout_id, "metadata": [{"key": "partner_order_ref", "value": "JS-O-778"}]},
    ).data["checkoutComplete"]

    payment = paid["transactionInitialize"]
    assert payment["errors"] == []
    assert payment["transactionEvent"] == {
        "type": "AUTHORIZATION_SUCCESS",
        "message": "To be paid at the monthly settlement",
    }
    assert payment["transaction"]["authorizedAmount"] == {"amount": 266.0}
    assert payment["transaction"]["chargedAmount"] == {"amount": 0.0}
    assert set(payment["transaction"]["actions"]) == {"CHARGE", "CANCEL"}
    assert placed["errors"] == []
    order = placed["order"]
    assert order["status"] == "UNFULFILLED"
    assert (order["authorizeStatus"], order["chargeStatus"], order["isPaid"]) == (
        "FULL",
        "NONE",
        False,
    )
    assert order["total"]["gross"]["amount"] == 266.0
    assert order["channel"]["slug"] == "jiangsu"
    assert {(m["key"], m["value"]) for m in order["metadata"]} == {
        ("partner_customer_ref", "JS-C-000123"),
        ("partner_order_ref", "JS-O-778"),
    }
    stock = Stock.objects.get(product_variant=jiangsu.variant)
    assert (stock.quantity, stock.quantity_allocated) == (10, 2)
    saved = Order.objects.get()
    assert saved.metadata["partner_customer_ref"] == "JS-C-000123"
    assert saved.transactions.get().gateway == PAY_LATER


def test_pay_later_is_refused_to_shoppers_and_offered_only_in_pay_later_channels(jiangsu):
    shopper = ApiClient()
    checkout_id = _checkout(shopper, jiangsu, quantity=1)

    refused = shopper.post_graphql(PAY, {"id": checkout_id, "gateway": PAY_LATER}).data

    assert refused["transactionInitialize"]["errors"] == [
        {
            "field": "paymentGateway",
            "code": "INVALID",
            "message": "Pay later is only available to the partner's app and to staff.",
        }
    ]
    assert not TransactionItem.objects.filter(authorized_value__gt=0).exists()
    completed = shopper.post_graphql(COMPLETE, {"id": checkout_id}).data["checkoutComplete"]
    assert [e["code"] for e in completed["errors"]] == ["CHECKOUT_NOT_FULLY_PAID"]

    staff = staff_client()
    by_staff = staff.post_graphql(PAY, {"id": checkout_id, "gateway": PAY_LATER}).data
    assert by_staff["transactionInitialize"]["errors"] == []
    assert by_staff["transactionInitialize"]["transactionEvent"]["type"] == "AUTHORIZATION_SUCCESS"


def test_pay_later_is_not_offered_where_the_partner_pays_at_once(jiangsu):
    PartnerChannel.objects.filter(pk=jiangsu.partner.pk).update(pay_later=False)
    checkout_id = _checkout(jiangsu.client, jiangsu, quantity=1)

    refused = jiangsu.client.post_graphql(PAY, {"id": checkout_id, "gateway": PAY_LATER}).data

    checkout = Checkout.objects.get()
    assert PAY_LATER not in {g.id for g in available_gateways(PaymentSource(checkout=checkout))}
    assert refused["transactionInitialize"]["errors"][0]["code"] == "INVALID"
    assert TransactionItem.objects.filter(authorized_value__gt=0).count() == 0
