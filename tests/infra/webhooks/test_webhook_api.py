"""webhookCreate / webhookUpdate / webhookDelete, `webhook` with its delivery log, App.webhooks
and eventDeliveryRetry, with Saleor's permissions and error codes."""

import pytest

from infra.accounts.jwt import create_access_token
from infra.accounts.permissions import PermissionEnum
from infra.webhooks import event_types
from infra.webhooks.deliveries import delivery_send
from infra.webhooks.events import event_emit
from infra.webhooks.models import DeliveryStatus, EventDelivery, Webhook
from tests.conftest import ApiClient, permission_denied
from tests.factories.accounts import AppFactory, StaffUserFactory, UserFactory
from tests.factories.payments import order_to_pay
from tests.factories.product_reads import gid
from tests.infra.webhooks.conftest import subscribe

pytestmark = pytest.mark.django_db

ORDER_QUERY = "subscription { event { ... on OrderCreated { order { id number } } } }"
CREATE = """
mutation Create($input: WebhookCreateInput!) {
  webhookCreate(input: $input) {
    webhook {
      id name targetUrl isActive identifier subscriptionQuery customHeaders
      asyncEvents { eventType name } syncEvents { eventType } app { id name }
    }
    errors { field code message }
  }
}"""
UPDATE = """
mutation Update($id: ID, $identifier: String, $input: WebhookUpdateInput!) {
  webhookUpdate(id: $id, identifier: $identifier, input: $input) {
    webhook { id name isActive asyncEvents { eventType } }
    errors { field code message }
  }
}"""
DELETE = """
mutation Delete($id: ID!) {
  webhookDelete(id: $id) { webhook { id } errors { field code message } }
}"""
LOG = """
query Log($id: ID!, $filter: EventDeliveryFilterInput) {
  webhook(id: $id) {
    id
    eventDeliveries(first: 20, filter: $filter) {
      totalCount
      edges { node {
        id status eventType payload createdAt
        attempts(first: 10) { totalCount edges { node {
          status responseStatusCode response requestHeaders duration taskId
        } } }
      } }
    }
  }
}"""
RETRY = """
mutation Retry($id: ID!) {
  eventDeliveryRetry(id: $id) { delivery { id status } errors { field code message } }
}"""


def app_api(*permissions: PermissionEnum):
    app, token = AppFactory.with_token(permissions=list(permissions))
    return app, ApiClient(token)


def staff_api(*permissions: PermissionEnum) -> ApiClient:
    return ApiClient(create_access_token(StaffUserFactory(permissions=list(permissions))))


def test_an_app_subscribes_itself_with_a_query_naming_the_events(receiver):
    app, client = app_api(PermissionEnum.MANAGE_ORDERS)
    other = AppFactory()

    payload = client.post_graphql(
        CREATE,
        {
            "input": {
                "name": "江苏订单",
                "targetUrl": receiver.url,
                "query": ORDER_QUERY,
                "app": gid(other),  # ignored: an app always subscribes itself
                "customHeaders": '{"X-Shop": "jiangsu"}',
            }
        },
    ).data["webhookCreate"]

    assert payload["errors"] == []
    webhook = payload["webhook"]
    assert webhook["app"] == {"id": gid(app), "name": app.name}
    assert webhook["asyncEvents"] == [{"eventType": "ORDER_CREATED", "name": "Order created"}]
    assert webhook["syncEvents"] == []
    assert webhook["subscriptionQuery"] == ORDER_QUERY
    assert webhook["customHeaders"] == '{"X-Shop": "jiangsu"}'
    assert webhook["isActive"] is True
    assert Webhook.objects.get().app == app


def test_staff_need_manage_apps_and_the_apps_permissions(receiver):
    app = AppFactory(permissions=[PermissionEnum.MANAGE_ORDERS])
    variables = {"input": {"app": gid(app), "targetUrl": receiver.url, "query": ORDER_QUERY}}

    assert permission_denied(staff_api().post_graphql(CREATE, variables))
    assert permission_denied(ApiClient(create_access_token(UserFactory())).post_graphql(CREATE, variables))  # fmt: skip
    assert permission_denied(ApiClient().post_graphql(CREATE, variables))
    # MANAGE_APPS alone would let staff read orders through the app's payloads.
    assert permission_denied(staff_api(PermissionEnum.MANAGE_APPS).post_graphql(CREATE, variables))
    allowed = staff_api(PermissionEnum.MANAGE_APPS, PermissionEnum.MANAGE_ORDERS)
    created = allowed.post_graphql(CREATE, variables).data["webhookCreate"]
    assert created["errors"] == []
    assert created["webhook"]["app"]["id"] == gid(app)
    missing = allowed.post_graphql(CREATE, {"input": {"targetUrl": receiver.url}})
    assert missing.data["webhookCreate"]["errors"][0]["code"] == "INVALID"
    assert not Webhook.objects.exclude(app=app).exists()


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"query": "subscription { event { "}, "query", "SYNTAX"),
        ({"query": "query { shop { name } }"}, "query", "MISSING_SUBSCRIPTION"),
        ({"query": "subscription { event { issuedAt } }"}, "query", "MISSING_EVENT"),
        (
            {"query": "subscription { event { ... on CheckoutCreated { issuedAt } } }"},
            "query",
            "GRAPHQL_ERROR",
        ),
        ({"asyncEvents": ["CHECKOUT_CREATED"]}, "asyncEvents", "INVALID"),
        ({"syncEvents": ["CHECKOUT_CALCULATE_TAXES"]}, "syncEvents", "INVALID"),
        ({"asyncEvents": ["ORDER_CREATED"], "targetUrl": "ftp://x"}, "targetUrl", "INVALID"),
        (
            {"asyncEvents": ["ORDER_CREATED"], "customHeaders": '{"Cookie": "a"}'},
            "customHeaders",
            "INVALID_CUSTOM_HEADERS",
        ),
    ],
)
def test_webhook_create_errors(receiver, fields, field, code):
    _app, client = app_api()

    payload = client.post_graphql(CREATE, {"input": {"targetUrl": receiver.url, **fields}}).data[
        "webhookCreate"
    ]

    assert payload["webhook"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [(field, code)]
    assert not Webhook.objects.exists()


def test_apps_change_only_their_own_webhooks(receiver):
    app, client = app_api()
    _other, stranger = app_api()
    webhook = subscribe(app, receiver.url, [event_types.ORDER_CREATED], identifier="orders")
    variables = {"id": gid(webhook), "input": {"isActive": False}}

    denied = stranger.post_graphql(UPDATE, variables).data["webhookUpdate"]
    assert denied["errors"][0]["code"] == "NOT_FOUND"
    assert stranger.post_graphql(DELETE, {"id": gid(webhook)}).data["webhookDelete"]["errors"]

    updated = client.post_graphql(
        UPDATE,
        {"identifier": "orders", "input": {"name": "改名", "asyncEvents": ["ORDER_UPDATED"]}},
    ).data["webhookUpdate"]
    assert updated["errors"] == []
    assert updated["webhook"]["name"] == "改名"
    assert updated["webhook"]["asyncEvents"] == [{"eventType": "ORDER_UPDATED"}]

    deleted = client.post_graphql(DELETE, {"id": gid(webhook)}).data["webhookDelete"]
    assert deleted == {"webhook": {"id": gid(webhook)}, "errors": []}
    assert not Webhook.objects.exists()


def test_the_delivery_log_with_attempts_in_a_fixed_number_of_queries(
    receiver, django_assert_max_num_queries
):
    app, client = app_api(PermissionEnum.MANAGE_ORDERS)
    webhook = subscribe(app, receiver.url, [event_types.ORDER_CREATED], ORDER_QUERY)
    receiver.default_status = 500

    def deliveries(count):
        for _ in range(count):
            event_emit(event_types.ORDER_CREATED, order_to_pay())
            for delivery in EventDelivery.objects.filter(attempt_count=0):
                delivery_send(delivery_id=delivery.pk)

    deliveries(1)
    with django_assert_max_num_queries(15) as one:
        response = client.post_graphql(LOG, {"id": gid(webhook)})
    deliveries(4)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.post_graphql(LOG, {"id": gid(webhook)})

    log = response.data["webhook"]["eventDeliveries"]
    assert log["totalCount"] == 5
    node = log["edges"][0]["node"]
    assert (node["status"], node["eventType"]) == ("PENDING", "ORDER_CREATED")
    assert '"order"' in node["payload"]
    attempt = node["attempts"]["edges"][0]["node"]
    assert (attempt["status"], attempt["responseStatusCode"]) == ("FAILED", 500)
    assert "Saleor-Signature" in attempt["requestHeaders"]
    filtered = client.post_graphql(LOG, {"id": gid(webhook), "filter": {"status": "SUCCESS"}})
    assert filtered.data["webhook"]["eventDeliveries"]["totalCount"] == 0
    # Another app cannot read this log.
    _other, stranger = app_api(PermissionEnum.MANAGE_ORDERS)
    assert stranger.post_graphql(LOG, {"id": gid(webhook)}).data["webhook"] is None


def test_app_webhooks_for_the_app_itself_or_manage_apps(receiver):
    app, client = app_api()
    subscribe(app, receiver.url, [event_types.ORDER_CREATED], name="订单")
    query = "query($id: ID!) { webhook(id: $id) { app { webhooks { name } } } }"
    webhook_id = gid(Webhook.objects.get())

    answer = client.post_graphql(query, {"id": webhook_id}).data
    assert answer["webhook"]["app"]["webhooks"] == [{"name": "订单"}]
    assert permission_denied(staff_api().post_graphql(query, {"id": webhook_id}))


def test_event_delivery_retry_sends_a_failed_delivery_again(
    receiver, django_capture_on_commit_callbacks
):
    app, _client = app_api()
    subscribe(app, receiver.url, [event_types.ORDER_CREATED], ORDER_QUERY)
    event_emit(event_types.ORDER_CREATED, order_to_pay())
    delivery = EventDelivery.objects.get()
    EventDelivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.FAILED)
    variables = {"id": gid(delivery)}

    assert permission_denied(staff_api().post_graphql(RETRY, variables))
    staff = staff_api(PermissionEnum.MANAGE_APPS)
    with django_capture_on_commit_callbacks(execute=True):
        retried = staff.post_graphql(RETRY, variables).data["eventDeliveryRetry"]

    assert retried["errors"] == []
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCESS
    assert len(receiver.requests) == 1
    again = staff.post_graphql(RETRY, variables).data["eventDeliveryRetry"]
    assert again["errors"][0]["code"] == "INVALID"  # delivered: never sent twice
