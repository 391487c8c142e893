"""Stripe through the real stripe library, with the network replaced by recorded responses
(tests/storefront/stripe_recordings/, served by RecordedStripe): the requests the library
sends are asserted (method, path, Idempotency-Key header, form body)."""

from decimal import Decimal

import pytest

from infra.accounts.permissions import PermissionEnum
from infra.ids import to_global_id
from storefront.models import TransactionItem
from storefront.payments.stripe_gateway import StripeGateway, to_minor_units
from tests.factories.payments import RecordedStripe, checkout_to_pay
from tests.factories.taxonomy import app_client, error_codes

pytestmark = pytest.mark.django_db

STRIPE = "tibet.payments.stripe"
PI = "pi_3PtibetA1b2C3d4E5f6G7h8"
INITIALIZE = """
mutation($id: ID!, $data: JSON, $key: String, $amount: PositiveDecimal) {
  transactionInitialize(id: $id, paymentGateway: {id: "tibet.payments.stripe", data: $data},
                        idempotencyKey: $key, amount: $amount) {
    transaction { id token pspReference chargedAmount { amount } paymentMethodType
                  events { type pspReference amount { amount } } }
    transactionEvent { type pspReference }
    data
    errors { field code message }
  }
}
"""
PROCESS = """
mutation($id: ID) {
  transactionProcess(id: $id) {
    transaction { chargedAmount { amount } chargePendingAmount { amount } actions }
    transactionEvent { type pspReference }
    data
    errors { field code message }
  }
}
"""
REFUND = """
mutation($id: ID, $amount: PositiveDecimal) {
  transactionRequestAction(id: $id, actionType: REFUND, amount: $amount) {
    transaction { chargedAmount { amount } refundedAmount { amount }
                  refundPendingAmount { amount } }
    errors { field code message }
  }
}
"""


@pytest.fixture
def stripe_api(settings, monkeypatch) -> RecordedStripe:
    settings.STRIPE_SECRET_KEY = "sk_test_recorded"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_recorded"
    settings.PAYMENT_GATEWAYS = []
    recorded = RecordedStripe()
    monkeypatch.setattr(StripeGateway, "http_client", recorded)
    return recorded


def initialize(client, checkout, **variables):
    response = client.post_graphql(
        INITIALIZE, {"id": to_global_id("Checkout", checkout.pk), **variables}
    )
    return response.data["transactionInitialize"]


def test_minor_units_are_exact():
    assert to_minor_units(Decimal("100.00"), "CNY") == 10000
    assert to_minor_units(Decimal("0.1") + Decimal("0.2"), "CNY") == 30
    assert to_minor_units(Decimal("19.995"), "CNY") == 2000
    assert to_minor_units(Decimal("1999"), "JPY") == 1999


def test_recorded_stripe_initialize_creates_one_intent_per_idempotency_key(api_client, stripe_api):
    stripe_api.answer("POST", "/v1/payment_intents", "payment_intent_create")
    checkout = checkout_to_pay(price="100.00")

    first = initialize(api_client, checkout, key="shopper-attempt-1")
    retry = initialize(api_client, checkout, key="shopper-attempt-1")

    assert first["errors"] == []
    transaction = first["transaction"]
    assert transaction["pspReference"] == PI
    assert transaction["chargedAmount"] == {"amount": 0.0}
    assert first["transactionEvent"] == {"type": "CHARGE_ACTION_REQUIRED", "pspReference": PI}
    assert first["data"] == {
        "client_secret": f"{PI}_secret_Xq7TibetRecordedSecret01",
        "publishable_key": "pk_test_recorded",
        "payment_intent_id": PI,
        "payment_method_types": ["card", "alipay", "wechat_pay"],
    }
    assert retry["transaction"]["id"] == transaction["id"]
    assert retry["data"] == first["data"]
    assert TransactionItem.objects.count() == 1
    assert [e["type"] for e in retry["transaction"]["events"]] == [
        "CHARGE_REQUEST",
        "CHARGE_ACTION_REQUIRED",
    ]
    create, again = stripe_api.requests
    expected_key = f"tibet-{transaction['token']}-initialize"
    assert (create.method, create.path) == ("POST", "/v1/payment_intents")
    assert create.idempotency_key == expected_key
    assert again.idempotency_key == expected_key
    assert create.form == again.form
    assert create.form == [
        ("amount", "10000"),
        ("currency", "cny"),
        ("payment_method_types[0]", "card"),
        ("payment_method_types[1]", "alipay"),
        ("payment_method_types[2]", "wechat_pay"),
        ("metadata[transaction_token]", transaction["token"]),
        ("metadata[checkout_id]", str(checkout.pk)),
        ("payment_method_options[wechat_pay][client]", "web"),
    ]
    assert create.headers["Authorization"] == "Bearer sk_test_recorded"


def test_recorded_stripe_initialize_with_the_method_the_shopper_picked(api_client, stripe_api):
    stripe_api.answer("POST", "/v1/payment_intents", "payment_intent_create_alipay")
    checkout = checkout_to_pay(price="33.30", quantity=3)

    payload = initialize(api_client, checkout, data={"paymentMethodType": "alipay"})

    assert payload["transaction"]["paymentMethodType"] == "alipay"
    request = stripe_api.requests[0]
    assert request.data["amount"] == "9990"
    assert [v for k, v in request.form if k.startswith("payment_method_types")] == ["alipay"]
    assert "payment_method_options[wechat_pay][client]" not in request.data


def test_recorded_stripe_initialize_refuses_unknown_methods_and_reports_stripe_errors(
    api_client, stripe_api
):
    stripe_api.answer("POST", "/v1/payment_intents", "payment_intent_create_invalid_amount")
    checkout = checkout_to_pay(price="1.00")

    unknown = initialize(api_client, checkout, data={"paymentMethodType": "paypal"})
    refused = initialize(api_client, checkout)

    assert error_codes(unknown) == [("paymentGateway", "INVALID")]
    assert error_codes(refused) == [("paymentGateway", "INVALID")]
    assert refused["errors"][0]["message"] == "Amount must be at least ¥4.00 cny"
    assert len(stripe_api.requests) == 1


def test_recorded_stripe_process_records_the_intent_status(api_client, stripe_api):
    stripe_api.answer("POST", "/v1/payment_intents", "payment_intent_create")
    stripe_api.answer(
        "GET",
        f"/v1/payment_intents/{PI}",
        "payment_intent_retrieve_processing",
        "payment_intent_retrieve_succeeded",
    )
    checkout = checkout_to_pay(price="100.00")
    transaction_id = initialize(api_client, checkout)["transaction"]["id"]

    processing = api_client.post_graphql(PROCESS, {"id": transaction_id}).data
    succeeded = api_client.post_graphql(PROCESS, {"id": transaction_id}).data
    done = api_client.post_graphql(PROCESS, {"id": transaction_id}).data

    result = processing["transactionProcess"]
    assert result["transactionEvent"] == {"type": "CHARGE_REQUEST", "pspReference": PI}
    assert result["transaction"]["chargePendingAmount"] == {"amount": 100.0}
    assert result["data"] == {"payment_intent_id": PI, "status": "processing"}
    result = succeeded["transactionProcess"]
    assert result["transactionEvent"] == {"type": "CHARGE_SUCCESS", "pspReference": PI}
    assert result["transaction"]["chargedAmount"] == {"amount": 100.0}
    assert result["transaction"]["chargePendingAmount"] == {"amount": 0.0}
    assert result["transaction"]["actions"] == ["REFUND"]
    # Already charged: answered from the ledger, Stripe is not asked again.
    assert done["transactionProcess"]["transactionEvent"]["type"] == "CHARGE_SUCCESS"
    assert [r.method for r in stripe_api.requests] == ["POST", "GET", "GET"]
    checkout.refresh_from_db()
    assert checkout.charge_status == "full"


def test_recorded_stripe_refund_is_capped_and_sent_with_an_idempotency_key(api_client, stripe_api):
    stripe_api.answer("POST", "/v1/payment_intents", "payment_intent_create")
    stripe_api.answer("GET", f"/v1/payment_intents/{PI}", "payment_intent_retrieve_succeeded")
    stripe_api.answer("POST", "/v1/refunds", "refund_create_succeeded", "refund_create_pending")
    checkout = checkout_to_pay(price="100.00")
    transaction_id = initialize(api_client, checkout)["transaction"]["id"]
    api_client.post_graphql(PROCESS, {"id": transaction_id})
    payments = app_client(PermissionEnum.HANDLE_PAYMENTS)

    too_much = payments.post_graphql(REFUND, {"id": transaction_id, "amount": "100.01"}).data
    refunded = payments.post_graphql(REFUND, {"id": transaction_id, "amount": "30"}).data
    pending = payments.post_graphql(REFUND, {"id": transaction_id, "amount": "20"}).data
    capped = payments.post_graphql(REFUND, {"id": transaction_id, "amount": "50.01"}).data

    assert error_codes(too_much["transactionRequestAction"]) == [("amount", "INVALID")]
    assert refunded["transactionRequestAction"]["transaction"] == {
        "chargedAmount": {"amount": 70.0},
        "refundedAmount": {"amount": 30.0},
        "refundPendingAmount": {"amount": 0.0},
    }
    assert pending["transactionRequestAction"]["transaction"] == {
        "chargedAmount": {"amount": 50.0},
        "refundedAmount": {"amount": 30.0},
        "refundPendingAmount": {"amount": 20.0},
    }
    assert error_codes(capped["transactionRequestAction"]) == [("amount", "INVALID")]
    refunds = [r for r in stripe_api.requests if r.path == "/v1/refunds"]
    assert len(refunds) == 2
    token = TransactionItem.objects.get().token
    assert refunds[0].form == [
        ("payment_intent", PI),
        ("amount", "3000"),
        ("metadata[transaction_token]", str(token)),
    ]
    assert refunds[0].idempotency_key.startswith(f"tibet-{token}-refund-")
    assert refunds[0].idempotency_key != refunds[1].idempotency_key
