"""Payloads: the webhook's subscription query run as its app, signed as Saleor signs them
(JWS RS256, payload detached, `Saleor-Signature`) with the key published in the JWKS."""

import json

import jwt
import pytest
from django.test import Client
from jwt import api_jws
from jwt.exceptions import InvalidSignatureError

from catalog.models import AppChannelAccess
from infra.accounts.permissions import PermissionEnum
from infra.webhooks import event_types
from infra.webhooks.events import event_emit, events_emit
from infra.webhooks.models import EventDelivery
from tests.conftest import ApiClient
from tests.factories import ProductVariantFactory, StockFactory, WarehouseFactory
from tests.factories.accounts import AppFactory, UserFactory
from tests.factories.addresses import lhasa_address_input
from tests.factories.catalog import ChannelFactory
from tests.factories.checkout import purchasable_variant
from tests.factories.payments import order_to_pay
from tests.factories.product_reads import gid
from tests.factories.writes import staff_client
from tests.infra.webhooks.conftest import subscribe

pytestmark = pytest.mark.django_db

ORDER_CREATED = """
subscription {
  event {
    __typename issuedAt version
    recipient { name }
    ... on OrderCreated { order { ...OrderPayload } }
  }
}
fragment OrderPayload on Order {
  id number userEmail
  total { gross { amount currency } }
  lines { productSku quantity }
}
"""
BUY = """
mutation Buy($input: CheckoutCreateInput!) {
  checkoutCreate(input: $input) { checkout { id shippingMethods { id } } errors { code } }
}"""
DELIVER = """
mutation Deliver($id: ID!, $method: ID!) {
  checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $method) { errors { code } }
}"""
PAY = """
mutation Pay($id: ID!) {
  transactionInitialize(id: $id, paymentGateway: {id: "mirumee.payments.dummy"}) {
    errors { code }
  }
}"""
COMPLETE = """
mutation Complete($id: ID!) {
  checkoutComplete(id: $id) { order { id number } errors { code message } }
}"""


def place_order(client: ApiClient, capture) -> dict:
    """A shopper's whole purchase through GraphQL; checkoutComplete commits the event."""
    channel = ChannelFactory(slug="default-channel")
    variant = purchasable_variant(channel, price="88.00", stock=3, shipping_price="12.00")
    checkout = client.post_graphql(
        BUY,
        {
            "input": {
                "channel": channel.slug,
                "email": "dolma@example.com",
                "lines": [{"variantId": gid(variant), "quantity": 2}],
                "shippingAddress": lhasa_address_input(),
                "billingAddress": lhasa_address_input(),
            }
        },
    ).data["checkoutCreate"]["checkout"]
    method = checkout["shippingMethods"][0]["id"]
    client.post_graphql(DELIVER, {"id": checkout["id"], "method": method})
    client.post_graphql(PAY, {"id": checkout["id"]})
    with capture(execute=True):
        completed = client.post_graphql(COMPLETE, {"id": checkout["id"]}).data
    assert completed["checkoutComplete"]["errors"] == []
    return {"order": completed["checkoutComplete"]["order"], "variant": variant}


def test_jwks_publishes_the_signing_key():
    response = Client().get("/.well-known/jwks.json")

    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    (key,) = response.json()["keys"]
    assert (key["kty"], key["alg"], key["use"]) == ("RSA", "RS256", "sig")
    assert key["kid"] and key["n"] and key["e"]
    assert "d" not in key  # never the private part


def test_order_created_at_checkout_is_posted_signed_with_the_subscription_payload(
    receiver, partner_app, api_client, django_capture_on_commit_callbacks
):
    subscribe(
        partner_app,
        receiver.url,
        [event_types.ORDER_CREATED],
        ORDER_CREATED,
        custom_headers={"X-Partner-Shop": "jiangsu"},
    )

    placed = place_order(api_client, django_capture_on_commit_callbacks)

    (request,) = receiver.requests
    assert request.path == "/hooks/saleor"
    headers = request.headers
    assert headers["Saleor-Event"] == "order_created"
    assert headers["Saleor-Domain"] == "127.0.0.1:8000"
    assert headers["Saleor-Api-Url"] == "http://127.0.0.1:8000/graphql/"
    assert headers["Content-Type"] == "application/json"
    assert headers["X-Partner-Shop"] == "jiangsu"
    delivery = EventDelivery.objects.get()
    assert headers["Saleor-Delivery-Id"] == gid(delivery)

    # Verified as a partner does it: the JWKS from our endpoint, PyJWT, the raw body.
    jwk = Client().get("/.well-known/jwks.json").json()["keys"][0]
    signature = headers["Saleor-Signature"]
    header = jwt.get_unverified_header(signature)
    assert (header["alg"], header["kid"], header["b64"]) == ("RS256", jwk["kid"], False)
    assert header["crit"] == ["b64"]
    assert signature.split(".")[1] == ""  # detached: the payload is the body
    verified = api_jws.decode_complete(
        signature, key=jwt.PyJWK(jwk).key, algorithms=["RS256"], detached_payload=request.body
    )
    assert verified["payload"] == request.body
    with pytest.raises(InvalidSignatureError):
        api_jws.decode_complete(
            signature,
            key=jwt.PyJWK(jwk).key,
            algorithms=["RS256"],
            detached_payload=request.body.replace(b"88", b"8"),
        )

    payload = request.json
    assert payload["__typename"] == "OrderCreated"
    assert payload["version"] == "3.24.0"
    assert payload["issuedAt"]
    assert payload["recipient"] == {"name": "江苏援藏商城"}
    assert payload["order"] == {
        "id": placed["order"]["id"],
        "number": placed["order"]["number"],
        "userEmail": "dolma@example.com",
        "total": {"gross": {"amount": 188.0, "currency": "CNY"}},
        "lines": [{"productSku": placed["variant"].sku, "quantity": 2}],
    }
    assert "errors" not in payload


def test_the_payload_holds_only_what_the_app_may_read(receiver):
    app = AppFactory()  # no permissions
    subscribe(
        app,
        receiver.url,
        [event_types.ORDER_UPDATED],
        "subscription { event { ... on OrderUpdated { order { number user { email } } } } }",
    )
    order = order_to_pay(user=UserFactory())

    event_emit(event_types.ORDER_UPDATED, order)

    payload = json.loads(EventDelivery.objects.get().payload.payload)
    assert payload["order"]["number"] == str(order.number)
    assert payload["order"]["user"] is None  # the customer needs MANAGE_USERS/ORDERS
    assert payload["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"


def test_apps_limited_to_other_channels_hear_nothing_of_an_order(receiver, partner_app):
    lhasa, jiangsu = ChannelFactory(), ChannelFactory()
    AppChannelAccess.objects.create(app=partner_app, channel=jiangsu)
    subscribe(partner_app, receiver.url, [event_types.ORDER_UPDATED])

    event_emit(event_types.ORDER_UPDATED, order_to_pay(channel=lhasa))
    assert not EventDelivery.objects.exists()

    event_emit(event_types.ORDER_UPDATED, order_to_pay(channel=jiangsu))
    assert EventDelivery.objects.count() == 1


def test_a_webhook_without_a_query_gets_the_event_and_its_object_id(receiver, partner_app):
    subscribe(partner_app, receiver.url, [event_types.ORDER_CANCELLED])
    order = order_to_pay()

    event_emit(event_types.ORDER_CANCELLED, order)

    payload = json.loads(EventDelivery.objects.get().payload.payload)
    assert payload["__typename"] == "OrderCancelled"
    assert payload["order"] == {"id": gid(order), "number": str(order.number)}


def test_product_and_stock_updates_from_the_catalog_mutations(receiver, partner_app):
    subscribe(
        partner_app,
        receiver.url,
        [event_types.PRODUCT_UPDATED],
        "subscription { event { ... on ProductUpdated { product { name } category { name } } } }",
    )
    subscribe(
        partner_app,
        receiver.url,
        [event_types.PRODUCT_VARIANT_STOCK_UPDATED],
        """subscription { event { ... on ProductVariantStockUpdated {
             productVariant { sku } warehouse { name } } } }""",
    )
    variant = ProductVariantFactory()
    lhasa, nyingchi = WarehouseFactory(name="拉萨仓"), WarehouseFactory(name="林芝仓")
    StockFactory(product_variant=variant, warehouse=lhasa, quantity=5)
    staff = staff_client(PermissionEnum.MANAGE_PRODUCTS)

    staff.post_graphql(
        'mutation($id: ID!) { productUpdate(id: $id, input: {name: "林芝松茸 特级"}) '
        "{ errors { message } } }",
        {"id": gid(variant.product)},
    )
    staff.post_graphql(
        "mutation($id: ID!, $stocks: [StockInput!]!) { productVariantStocksUpdate("
        "variantId: $id, stocks: $stocks) { errors { message } } }",
        {
            "id": gid(variant),
            "stocks": [
                {"warehouse": gid(lhasa), "quantity": 1},
                {"warehouse": gid(nyingchi), "quantity": 9},
            ],
        },
    )

    payloads = {event_types.PRODUCT_UPDATED: [], event_types.PRODUCT_VARIANT_STOCK_UPDATED: []}
    for delivery in EventDelivery.objects.order_by("pk"):
        payloads[delivery.event_type].append(json.loads(delivery.payload.payload))
    assert payloads[event_types.PRODUCT_UPDATED] == [
        {"product": {"name": "林芝松茸 特级"}, "category": {"name": variant.product.category.name}}
    ]
    assert sorted(
        p["warehouse"]["name"] for p in payloads[event_types.PRODUCT_VARIANT_STOCK_UPDATED]
    ) == ["拉萨仓", "林芝仓"]
    assert {
        p["productVariant"]["sku"] for p in payloads[event_types.PRODUCT_VARIANT_STOCK_UPDATED]
    } == {variant.sku}


def test_no_subscriber_costs_one_query_however_many_objects_changed(
    partner_app, django_assert_num_queries
):
    order = order_to_pay()
    stocks = [StockFactory() for _ in range(4)]

    with django_assert_num_queries(1):
        event_emit(event_types.ORDER_CREATED, order)
    with django_assert_num_queries(1):
        events_emit((event_types.PRODUCT_VARIANT_STOCK_UPDATED, stock) for stock in stocks)
