"""Saleor's draft orders for B2B orders of a partner's app: create with lines, addresses,
shipping and the partner's references in metadata, edit lines, complete (stock allocated, pay
later authorized, history as Saleor's), and isolation between partners."""

import pytest

from catalog.models import Stock
from infra.accounts.permissions import PermissionEnum
from infra.ids import to_global_id
from infra.webhooks.event_types import ORDER_CREATED
from infra.webhooks.models import EventDelivery, Webhook, WebhookEvent
from storefront.models import Order, OrderStatus
from storefront.services.draft_orders import draft_order_create
from storefront.services.draft_orders_lines import DraftLineInput
from tests.factories.checkout import ship_from
from tests.factories.product_reads import gid
from tests.factories.writes import staff_client
from tests.storefront.partners.conftest import nanjing_address, nanjing_address_data

pytestmark = pytest.mark.django_db

ORDER_FIELDS = """
  id number status origin chargeStatus authorizeStatus userEmail
  total { gross { amount currency } } subtotal { gross { amount } }
  shippingPrice { gross { amount } } shippingMethodName
  lines { id productSku quantity unitPrice { gross { amount } } }
  metadata { key value } privateMetadata { key value }
  events { type lines { quantity } }
  transactions { name pspReference authorizedAmount { amount } }
"""
CREATE = f"""
mutation($input: DraftOrderCreateInput!) {{
  draftOrderCreate(input: $input) {{
    order {{ {ORDER_FIELDS} }}
    errors {{ field code message variants }}
  }}
}}"""
UPDATE = f"""
mutation($id: ID!, $input: DraftOrderInput!) {{
  draftOrderUpdate(id: $id, input: $input) {{
    order {{ {ORDER_FIELDS} }}
    errors {{ field code message }}
  }}
}}"""
COMPLETE = f"""
mutation($id: ID!) {{
  draftOrderComplete(id: $id) {{
    order {{ {ORDER_FIELDS} }}
    errors {{ field code message orderLines }}
  }}
}}"""
LINES_CREATE = """
mutation($id: ID!, $input: [OrderLineCreateInput!]!) {
  orderLinesCreate(id: $id, input: $input) {
    order { total { gross { amount } } lines { quantity } }
    orderLines { quantity }
    errors { field code message }
  }
}"""
LINE_UPDATE = """
mutation($id: ID!, $quantity: Int!) {
  orderLineUpdate(id: $id, input: {quantity: $quantity}) {
    order { total { gross { amount } } }
    orderLine { quantity }
    errors { field code message }
  }
}"""
LINE_DELETE = """
mutation($id: ID!) {
  orderLineDelete(id: $id) {
    order { lines { quantity } total { gross { amount } } }
    orderLine { id }
    errors { field code message }
  }
}"""
DELETE = """
mutation($id: ID!) {
  draftOrderDelete(id: $id) { order { id } errors { field code message } }
}"""
DRAFTS = """
query($where: DraftOrderWhereInput) {
  draftOrders(first: 20, where: $where) {
    totalCount edges { node { id number channel { slug } metadata { key value } } }
  }
}"""
REFERENCE = [{"key": "partner_customer_ref", "value": "JS-C-000456"}]


def _create(partner, quantity=3, **extra) -> dict:
    method = ship_from(partner.variant.stocks.get().warehouse, partner.channel)
    variables = {
        "input": {
            "channelId": gid(partner.channel),
            "userEmail": "li.hua@example.com",
            "lines": [{"variantId": gid(partner.variant), "quantity": quantity}],
            "billingAddress": nanjing_address(),
            "shippingAddress": nanjing_address(),
            "shippingMethod": gid(method),
            "customerNote": "请在工作日送达",
            "metadata": REFERENCE,
            "privateMetadata": [{"key": "credit_line", "value": "B2B-7"}],
            **extra,
        }
    }
    return partner.client.post_graphql(CREATE, variables).data["draftOrderCreate"]


def test_partner_app_creates_and_completes_a_draft_order_paid_later(jiangsu):
    created = _create(jiangsu, quantity=3)

    assert created["errors"] == []
    draft = created["order"]
    assert (draft["status"], draft["origin"]) == ("DRAFT", "DRAFT")
    assert draft["total"]["gross"] == {"amount": 394.0, "currency": "CNY"}  # 3 × 128 + 10
    assert draft["shippingMethodName"] == "EMS"
    assert {(m["key"], m["value"]) for m in draft["metadata"]} == {
        ("partner_customer_ref", "JS-C-000456")
    }
    assert [e["type"] for e in draft["events"]] == ["DRAFT_CREATED", "ADDED_PRODUCTS"]
    stock = Stock.objects.get(product_variant=jiangsu.variant)
    assert stock.quantity_allocated == 0

    placed = jiangsu.client.post_graphql(COMPLETE, {"id": draft["id"]}).data["draftOrderComplete"]

    assert placed["errors"] == []
    order = placed["order"]
    assert order["status"] == "UNFULFILLED"
    assert order["number"] == draft["number"]
    assert (order["authorizeStatus"], order["chargeStatus"]) == ("FULL", "NONE")
    assert order["transactions"] == [
        {
            "name": "Pay later (monthly settlement)",
            "pspReference": order["transactions"][0]["pspReference"],
            "authorizedAmount": {"amount": 394.0},
        }
    ]
    assert order["transactions"][0]["pspReference"].startswith("paylater-")
    assert [e["type"] for e in order["events"]] == [
        "DRAFT_CREATED",
        "ADDED_PRODUCTS",
        "PLACED_FROM_DRAFT",
        "PAYMENT_AUTHORIZED",
    ]
    assert {(m["key"], m["value"]) for m in order["metadata"]} == {
        ("partner_customer_ref", "JS-C-000456")
    }
    stock.refresh_from_db()
    assert stock.quantity_allocated == 3
    saved = Order.objects.get()
    assert saved.metadata == {"partner_customer_ref": "JS-C-000456"}
    assert saved.private_metadata == {"credit_line": "B2B-7"}
    assert saved.customer_note == "请在工作日送达"
    again = jiangsu.client.post_graphql(COMPLETE, {"id": draft["id"]}).data["draftOrderComplete"]
    assert again["errors"] == [
        {"field": "id", "code": "INVALID", "message": "The order is not draft.", "orderLines": None}
    ]


def test_draft_lines_are_merged_updated_and_deleted(jiangsu):
    draft = _create(jiangsu, quantity=1)["order"]

    added = jiangsu.client.post_graphql(
        LINES_CREATE,
        {"id": draft["id"], "input": [{"variantId": gid(jiangsu.variant), "quantity": 2}]},
    ).data["orderLinesCreate"]
    line_id = Order.objects.get().lines.get().pk
    line_gid = to_global_id("OrderLine", line_id)
    updated = jiangsu.client.post_graphql(LINE_UPDATE, {"id": line_gid, "quantity": 5}).data
    zero = jiangsu.client.post_graphql(LINE_UPDATE, {"id": line_gid, "quantity": 0}).data
    deleted = jiangsu.client.post_graphql(LINE_DELETE, {"id": line_gid}).data["orderLineDelete"]

    assert added["errors"] == []
    assert added["order"]["lines"] == [{"quantity": 3}]
    assert added["orderLines"] == [{"quantity": 3}]
    assert added["order"]["total"]["gross"]["amount"] == 394.0
    assert updated["orderLineUpdate"]["orderLine"] == {"quantity": 5}
    assert updated["orderLineUpdate"]["order"]["total"]["gross"]["amount"] == 650.0
    assert zero["orderLineUpdate"]["errors"][0]["code"] == "ZERO_QUANTITY"
    assert deleted["errors"] == []
    assert deleted["orderLine"] == {"id": line_gid}
    assert deleted["order"] == {"lines": [], "total": {"gross": {"amount": 0.0}}}
    types = list(Order.objects.get().events.values_list("type", flat=True))
    assert types == [
        "draft_created", "added_products", "added_products", "added_products", "removed_products",
    ]  # fmt: skip
    completed = jiangsu.client.post_graphql(COMPLETE, {"id": draft["id"]}).data
    assert completed["draftOrderComplete"]["errors"][0]["code"] == "REQUIRED"


def test_draft_refuses_what_it_does_not_act_on_and_bad_variants(jiangsu, shanghai):
    unsupported = jiangsu.client.post_graphql(
        CREATE,
        {"input": {"channelId": gid(jiangsu.channel), "externalReference": "JS-1"}},
    )
    foreign = _create(jiangsu, lines=[{"variantId": gid(shanghai.variant), "quantity": 1}])

    assert unsupported.errors[0]["message"] == "Input field `externalReference` is not supported."
    assert foreign["errors"] == [
        {
            "field": "lines",
            "code": "PRODUCT_NOT_PUBLISHED",
            "message": "Can't add product variant that are not published in the channel "
            "associated with this draft order.",
            "variants": [gid(shanghai.variant)],
        }
    ]
    assert not Order.objects.exists()


def test_completion_without_stock_leaves_the_draft(jiangsu):
    draft = _create(jiangsu, quantity=11)["order"]

    placed = jiangsu.client.post_graphql(COMPLETE, {"id": draft["id"]}).data["draftOrderComplete"]

    assert [(e["field"], e["code"]) for e in placed["errors"]] == [("lines", "INSUFFICIENT_STOCK")]
    assert placed["errors"][0]["orderLines"] == [draft["lines"][0]["id"]]
    order = Order.objects.get()
    assert order.status == OrderStatus.DRAFT
    assert not order.transactions.exists()
    assert Stock.objects.get(product_variant=jiangsu.variant).quantity_allocated == 0


def test_partners_cannot_reach_each_others_drafts(jiangsu, shanghai, django_assert_max_num_queries):
    draft = _create(jiangsu)["order"]
    _create(shanghai)

    guessed = [
        shanghai.client.post_graphql(COMPLETE, {"id": draft["id"]}).data["draftOrderComplete"],
        shanghai.client.post_graphql(
            UPDATE, {"id": draft["id"], "input": {"customerNote": "x"}}
        ).data["draftOrderUpdate"],
        shanghai.client.post_graphql(DELETE, {"id": draft["id"]}).data["draftOrderDelete"],
    ]
    in_other_channel = shanghai.client.post_graphql(
        CREATE, {"input": {"channelId": gid(jiangsu.channel)}}
    ).data["draftOrderCreate"]
    with django_assert_max_num_queries(6):
        listed = jiangsu.client.post_graphql(
            DRAFTS, {"where": {"metadata": {"key": "partner_customer_ref"}}}
        ).data["draftOrders"]

    for payload in guessed:
        assert [(e["field"], e["code"]) for e in payload["errors"]] == [("id", "NOT_FOUND")]
    assert [(e["field"], e["code"]) for e in in_other_channel["errors"]] == [
        ("channelId", "NOT_FOUND")
    ]
    assert Order.objects.get(number=int(draft["number"])).status == OrderStatus.DRAFT
    assert listed["totalCount"] == 1
    assert [edge["node"]["channel"]["slug"] for edge in listed["edges"]] == ["jiangsu"]


def test_draft_update_and_delete(jiangsu, customer_user):
    draft = _create(jiangsu)["order"]

    updated = jiangsu.client.post_graphql(
        UPDATE,
        {
            "id": draft["id"],
            "input": {
                "userEmail": customer_user.email,
                "metadata": [{"key": "partner_order_ref", "value": "PO-9"}],
            },
        },
    ).data["draftOrderUpdate"]
    linked = Order.objects.get().user_id
    deleted = jiangsu.client.post_graphql(DELETE, {"id": draft["id"]}).data["draftOrderDelete"]

    assert updated["errors"] == []
    assert updated["order"]["userEmail"] == customer_user.email
    assert {m["key"] for m in updated["order"]["metadata"]} == {
        "partner_customer_ref",
        "partner_order_ref",
    }
    # A partner's app knows its own customers only: no platform account is linked.
    assert linked is None
    assert deleted == {"order": {"id": draft["id"]}, "errors": []}
    assert not Order.objects.exists()


def test_staff_drafts_link_the_customer_account_partner_apps_cannot(jiangsu, customer_user):
    staff = staff_client(PermissionEnum.MANAGE_ORDERS)
    by_user = {"channelId": gid(jiangsu.channel), "user": gid(customer_user)}

    by_staff = staff.post_graphql(CREATE, {"input": by_user}).data["draftOrderCreate"]
    by_app = jiangsu.client.post_graphql(CREATE, {"input": by_user}).data["draftOrderCreate"]

    assert by_staff["errors"] == []
    assert by_staff["order"]["userEmail"] == customer_user.email
    assert Order.objects.get().user_id == customer_user.pk
    assert [(e["field"], e["code"]) for e in by_app["errors"]] == [("user", "INVALID")]


def test_draft_list_queries_do_not_grow_with_the_page(jiangsu, django_assert_max_num_queries):
    query = """
    { draftOrders(first: 20) { edges { node {
        number channel { slug } metadata { key value } userEmail
        total { gross { amount } } lines { productSku quantity } billingAddress { city }
    } } } }"""
    for _ in range(6):
        _create(jiangsu, quantity=1)

    # Six drafts with lines, addresses and channels: as many queries as for one.
    with django_assert_max_num_queries(6):
        listed = jiangsu.client.post_graphql(query).data["draftOrders"]

    assert len(listed["edges"]) == 6
    assert {e["node"]["billingAddress"]["city"] for e in listed["edges"]} == {"南京市"}


def test_completing_a_draft_tells_the_partners_webhook_only(jiangsu, shanghai):
    hooks = {}
    for partner in (jiangsu, shanghai):
        hooks[partner.channel.slug] = Webhook.objects.create(
            app=partner.app,
            target_url="https://partner.example.com/hooks",
            subscription_query="subscription { event { ... on OrderCreated { order { number } } } }",
        )
        WebhookEvent.objects.create(webhook=hooks[partner.channel.slug], event_type=ORDER_CREATED)
    draft = _create(jiangsu)["order"]
    assert not EventDelivery.objects.exists()  # a draft is not an order yet

    jiangsu.client.post_graphql(COMPLETE, {"id": draft["id"]})

    deliveries = list(EventDelivery.objects.values_list("webhook_id", "event_type"))
    assert deliveries == [(hooks["jiangsu"].pk, ORDER_CREATED)]


def test_can_finalize_tells_whether_a_draft_is_ready(jiangsu):
    method = ship_from(jiangsu.variant.stocks.get().warehouse, jiangsu.channel)
    ready = draft_order_create(
        channel=jiangsu.channel,
        details={
            "user_email": "buyer@example.com",
            "billing_address": nanjing_address_data(),
            "shipping_address": nanjing_address_data(),
            "shipping_method": method,
        },
        lines=[DraftLineInput(variant_id=jiangsu.variant.pk, quantity=1)],
        app=jiangsu.app,
    )
    no_delivery = draft_order_create(
        channel=jiangsu.channel,
        details={"user_email": "buyer@example.com"},
        lines=[DraftLineInput(variant_id=jiangsu.variant.pk, quantity=1)],
        app=jiangsu.app,
    )
    query = "query($id: ID!) { order(id: $id) { canFinalize } }"

    def can_finalize(order) -> bool:
        response = jiangsu.client.post_graphql(query, {"id": to_global_id("Order", order.pk)})
        return response.data["order"]["canFinalize"]

    assert can_finalize(ready) is True
    assert can_finalize(no_delivery) is False
