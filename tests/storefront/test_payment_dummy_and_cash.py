"""transactionInitialize/Process with the dummy gateway and cash at pickup, orderMarkAsPaid,
and the payment fields of Checkout and Order, through the real /graphql/ view."""

from decimal import Decimal

import pytest

from infra.accounts.permissions import PermissionEnum
from infra.ids import to_global_id
from storefront.models import OrderEvents, TransactionItem
from storefront.services.payments import transactions_move_to_order
from tests.conftest import permission_denied
from tests.factories.payments import checkout_to_pay, order_to_pay
from tests.factories.taxonomy import app_client, error_codes, staff_client

pytestmark = pytest.mark.django_db

DUMMY = "mirumee.payments.dummy"
CASH = "tibet.payments.cash"
TRANSACTION_FIELDS = """
  id token name pspReference actions
  chargedAmount { amount currency } chargePendingAmount { amount }
  authorizedAmount { amount } refundedAmount { amount }
  events { type amount { amount } pspReference message idempotencyKey }
"""
INITIALIZE = f"""
mutation($id: ID!, $gateway: PaymentGatewayToInitialize!, $amount: PositiveDecimal,
         $key: String) {{
  transactionInitialize(id: $id, paymentGateway: $gateway, amount: $amount,
                        idempotencyKey: $key) {{
    transaction {{ {TRANSACTION_FIELDS} }}
    transactionEvent {{ type message }}
    data
    errors {{ field code message }}
  }}
}}
"""
PROCESS = """
mutation($id: ID, $data: JSON) {
  transactionProcess(id: $id, data: $data) {
    transaction { chargedAmount { amount } }
    transactionEvent { type }
    data
    errors { field code message }
  }
}
"""
CHECKOUT = """
query($id: ID) {
  checkout(id: $id) {
    authorizeStatus chargeStatus totalBalance { amount }
    availablePaymentGateways { id name currencies config { field value } }
  }
}
"""
ORDER = """
query($id: ID!) {
  order(id: $id) {
    isPaid chargeStatus authorizeStatus paymentStatus
    totalCharged { amount } totalBalance { amount } totalChargePending { amount }
    transactions { pspReference chargedAmount { amount } chargePendingAmount { amount }
                   events { type } }
    events { type transactionReference }
  }
}
"""
MARK_AS_PAID = """
mutation($id: ID!, $reference: String) {
  orderMarkAsPaid(id: $id, transactionReference: $reference) {
    order { isPaid chargeStatus totalCharged { amount } }
    errors { field code message }
  }
}
"""


@pytest.fixture(autouse=True)
def gateways(settings):
    settings.PAYMENT_GATEWAYS = ["dummy", "cash"]
    settings.STRIPE_SECRET_KEY = ""


def checkout_id(checkout) -> str:
    return to_global_id("Checkout", checkout.pk)


def initialize(client, source_id, gateway=DUMMY, data=None, **variables):
    response = client.post_graphql(
        INITIALIZE, {"id": source_id, "gateway": {"id": gateway, "data": data}, **variables}
    )
    return response.data["transactionInitialize"]


def test_dummy_charges_the_checkout_balance(api_client):
    checkout = checkout_to_pay(price="50.00", quantity=2)

    payload = initialize(api_client, checkout_id(checkout))

    assert payload["errors"] == []
    transaction = payload["transaction"]
    assert transaction["chargedAmount"] == {"amount": 100.0, "currency": "CNY"}
    assert transaction["name"] == "Dummy"
    assert transaction["actions"] == ["REFUND"]
    assert transaction["pspReference"] == f"dummy-{transaction['token']}"
    assert [e["type"] for e in transaction["events"]] == ["CHARGE_REQUEST", "CHARGE_SUCCESS"]
    assert payload["transactionEvent"]["type"] == "CHARGE_SUCCESS"
    state = api_client.post_graphql(CHECKOUT, {"id": checkout_id(checkout)}).data["checkout"]
    assert state["authorizeStatus"] == "FULL"
    assert state["chargeStatus"] == "FULL"
    assert state["totalBalance"] == {"amount": 0.0}
    checkout.refresh_from_db()
    assert (checkout.authorize_status, checkout.charge_status) == ("full", "full")


def test_dummy_declined_card_fails_then_a_good_card_succeeds(api_client):
    checkout = checkout_to_pay(price="100.00")

    payload = initialize(api_client, checkout_id(checkout), data={"card": "4000000000000002"})

    assert payload["errors"] == []
    assert payload["transactionEvent"] == {"type": "CHARGE_FAILURE", "message": "Card declined"}
    assert payload["transaction"]["chargedAmount"]["amount"] == 0
    state = api_client.post_graphql(CHECKOUT, {"id": checkout_id(checkout)}).data["checkout"]
    assert state["authorizeStatus"] == "NONE"
    assert state["totalBalance"] == {"amount": -100.0}

    retried = api_client.post_graphql(
        PROCESS, {"id": payload["transaction"]["id"], "data": {"card": "4242424242424242"}}
    ).data["transactionProcess"]

    assert retried["errors"] == []
    assert retried["transactionEvent"]["type"] == "CHARGE_SUCCESS"
    assert retried["transaction"]["chargedAmount"]["amount"] == 100.0
    again = api_client.post_graphql(PROCESS, {"id": payload["transaction"]["id"]}).data
    assert again["transactionProcess"]["transactionEvent"]["type"] == "CHARGE_SUCCESS"
    assert TransactionItem.objects.get().events.filter(type="charge_success").count() == 1


def test_same_idempotency_key_returns_the_same_transaction(api_client):
    checkout = checkout_to_pay(price="100.00")

    first = initialize(api_client, checkout_id(checkout), key="attempt-1")
    second = initialize(api_client, checkout_id(checkout), key="attempt-1")
    different = initialize(api_client, checkout_id(checkout), key="attempt-1", amount="10")

    assert first["transaction"]["id"] == second["transaction"]["id"]
    assert second["transaction"]["chargedAmount"]["amount"] == 100.0
    assert TransactionItem.objects.count() == 1
    assert error_codes(different) == [("idempotencyKey", "UNIQUE")]
    empty = initialize(api_client, checkout_id(checkout), key="")
    assert error_codes(empty) == [("idempotencyKey", "INVALID")]


def test_initialize_errors(api_client):
    checkout = checkout_to_pay()

    unknown = initialize(api_client, checkout_id(checkout), gateway="acme.payments.nope")
    wrong_type = initialize(api_client, to_global_id("Product", 1))
    missing = initialize(
        api_client, to_global_id("Checkout", "6f2c1b1e-0000-4000-8000-000000000000")
    )

    assert error_codes(unknown) == [("paymentGateway", "NOT_FOUND")]
    assert error_codes(wrong_type) == [("id", "INVALID")]
    assert error_codes(missing) == [("id", "NOT_FOUND")]


def test_only_payment_apps_choose_the_action(api_client):
    checkout = checkout_to_pay()
    query = """
    mutation($id: ID!) {
      transactionInitialize(id: $id, paymentGateway: {id: "mirumee.payments.dummy"},
                            action: AUTHORIZATION) {
        transaction { authorizedAmount { amount } chargedAmount { amount } actions }
        errors { code }
      }
    }
    """

    denied = api_client.post_graphql(query, {"id": checkout_id(checkout)})
    allowed = app_client(PermissionEnum.HANDLE_PAYMENTS).post_graphql(
        query, {"id": checkout_id(checkout)}
    )

    assert permission_denied(denied)
    transaction = allowed.data["transactionInitialize"]["transaction"]
    assert transaction["authorizedAmount"]["amount"] == 100.0
    assert transaction["chargedAmount"]["amount"] == 0
    assert transaction["actions"] == ["CHARGE", "CANCEL"]


def test_cash_is_offered_only_for_click_and_collect(api_client):
    delivered = checkout_to_pay()
    pickup = checkout_to_pay(pickup=True)

    def gateway_ids(checkout):
        data = api_client.post_graphql(CHECKOUT, {"id": checkout_id(checkout)}).data
        return [g["id"] for g in data["checkout"]["availablePaymentGateways"]]

    assert gateway_ids(delivered) == [DUMMY]
    assert gateway_ids(pickup) == [DUMMY, CASH]
    refused = initialize(api_client, checkout_id(delivered), gateway=CASH)
    assert error_codes(refused) == [("paymentGateway", "INVALID")]
    assert "click-and-collect" in refused["errors"][0]["message"]


def test_cash_stays_pending_until_staff_mark_the_order_paid(api_client):
    checkout = checkout_to_pay(price="88.00", pickup=True)

    payload = initialize(api_client, checkout_id(checkout), gateway=CASH)

    transaction = payload["transaction"]
    assert transaction["chargePendingAmount"]["amount"] == 88.0
    assert transaction["chargedAmount"]["amount"] == 0
    state = api_client.post_graphql(CHECKOUT, {"id": checkout_id(checkout)}).data["checkout"]
    # Saleor lets a checkout with pending payments complete.
    assert (state["authorizeStatus"], state["chargeStatus"]) == ("FULL", "FULL")

    order = order_to_pay(total="88.00", pickup=True)
    transactions_move_to_order(checkout=checkout, order=order)
    staff = staff_client(PermissionEnum.MANAGE_ORDERS)
    order_id = to_global_id("Order", order.pk)
    before = staff.post_graphql(ORDER, {"id": order_id}).data["order"]
    assert before["isPaid"] is False
    assert before["chargeStatus"] == "NONE"
    assert before["paymentStatus"] == "PENDING"
    assert before["totalChargePending"] == {"amount": 88.0}
    assert before["totalBalance"] == {"amount": -88.0}

    assert permission_denied(api_client.post_graphql(MARK_AS_PAID, {"id": order_id}))
    marked = staff.post_graphql(MARK_AS_PAID, {"id": order_id, "reference": "RCPT-0042"})

    result = marked.data["orderMarkAsPaid"]
    assert result["errors"] == []
    assert result["order"] == {
        "isPaid": True,
        "chargeStatus": "FULL",
        "totalCharged": {"amount": 88.0},
    }
    after = staff.post_graphql(ORDER, {"id": order_id}).data["order"]
    assert after["paymentStatus"] == "FULLY_CHARGED"
    assert after["totalBalance"] == {"amount": 0.0}
    assert after["transactions"][0]["chargePendingAmount"] == {"amount": 0.0}
    assert [e["type"] for e in after["transactions"][0]["events"]] == [
        "CHARGE_REQUEST",
        "CHARGE_REQUEST",
        "CHARGE_SUCCESS",
    ]
    assert [(e["type"], e["transactionReference"]) for e in after["events"]] == [
        ("PAYMENT_CAPTURED", None),
        ("ORDER_FULLY_PAID", None),
        ("ORDER_MARKED_AS_PAID", "RCPT-0042"),
    ]
    again = staff.post_graphql(MARK_AS_PAID, {"id": order_id}).data["orderMarkAsPaid"]
    assert error_codes(again) == [("id", "TRANSACTION_ERROR")]


def test_mark_as_paid_without_payments_records_a_manual_payment():
    order = order_to_pay(total="120.00")
    staff = staff_client(PermissionEnum.MANAGE_ORDERS)

    result = staff.post_graphql(MARK_AS_PAID, {"id": to_global_id("Order", order.pk)}).data

    assert result["orderMarkAsPaid"]["order"]["totalCharged"] == {"amount": 120.0}
    manual = order.transactions.get()
    assert manual.name == "Manual payment"
    assert manual.charged_value == Decimal("120.00")
    assert order.events.filter(type=OrderEvents.ORDER_MARKED_AS_PAID).count() == 1


def test_mark_as_paid_needs_a_billing_address():
    order = order_to_pay(billing_address=False)
    staff = staff_client(PermissionEnum.MANAGE_ORDERS)

    result = staff.post_graphql(MARK_AS_PAID, {"id": to_global_id("Order", order.pk)}).data

    assert error_codes(result["orderMarkAsPaid"]) == [("billingAddress", "BILLING_ADDRESS_NOT_SET")]


def test_order_payment_fields_cost_the_same_for_any_number_of_orders(
    django_assert_max_num_queries,
):
    staff = staff_client(PermissionEnum.MANAGE_ORDERS)
    query = """
    query { orders(first: 20) { edges { node {
      totalChargePending { amount } totalGrantedRefund { amount } paymentStatus
      transactions { chargedAmount { amount } events { type } order { number } }
      grantedRefunds { amount { amount } }
    } } } }
    """

    def pay_orders(count):
        for _ in range(count):
            order = order_to_pay(total="10.00")
            TransactionItem.objects.create(gateway=DUMMY, currency="CNY", order=order)

    pay_orders(2)
    with django_assert_max_num_queries(40) as few:
        staff.post_graphql(query)
    pay_orders(6)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = staff.post_graphql(query)

    assert len(response.data["orders"]["edges"]) == 8
    assert len(many.captured_queries) == len(few.captured_queries)


def test_transaction_query_needs_payments_or_orders_permission(api_client):
    order = order_to_pay(total="10.00")
    transaction = TransactionItem.objects.create(
        gateway=DUMMY, currency="CNY", order=order, psp_reference="dummy-x"
    )
    query = """
    query($id: ID, $token: UUID) {
      transaction(id: $id, token: $token) { token pspReference order { number } checkout { id } }
    }
    """
    by_id = {"id": to_global_id("TransactionItem", transaction.token)}

    assert permission_denied(api_client.post_graphql(query, by_id))
    found = staff_client(PermissionEnum.MANAGE_ORDERS).post_graphql(query, by_id).data
    by_token = app_client(PermissionEnum.HANDLE_PAYMENTS).post_graphql(
        query, {"token": str(transaction.token)}
    )

    assert found["transaction"] == {
        "token": str(transaction.token),
        "pspReference": "dummy-x",
        "order": {"number": str(order.number)},
        "checkout": None,
    }
    assert by_token.data["transaction"]["token"] == str(transaction.token)


def test_pickup_paid_in_cash_from_checkout_to_paid_order(api_client):
    checkout = checkout_to_pay(price="66.00", pickup=True)
    initialize(api_client, checkout_id(checkout), gateway=CASH)
    complete = """
    mutation($id: ID) {
      checkoutComplete(id: $id) {
        order { id isPaid chargeStatus authorizeStatus totalChargePending { amount } }
        errors { field code message }
      }
    }
    """

    placed = api_client.post_graphql(complete, {"id": checkout_id(checkout)}).data
    result = placed["checkoutComplete"]

    assert result["errors"] == []
    assert result["order"]["isPaid"] is False
    assert result["order"]["chargeStatus"] == "NONE"
    assert result["order"]["totalChargePending"] == {"amount": 66.0}
    transaction = TransactionItem.objects.get()
    assert str(transaction.order_id) and transaction.checkout_id is None

    staff = staff_client(PermissionEnum.MANAGE_ORDERS)
    marked = staff.post_graphql(MARK_AS_PAID, {"id": result["order"]["id"]}).data

    assert marked["orderMarkAsPaid"]["order"]["isPaid"] is True


def test_checkout_transactions_need_checkout_or_payment_permissions(api_client):
    checkout = checkout_to_pay(price="20.00")
    initialize(api_client, checkout_id(checkout))
    query = "query($id: ID) { checkout(id: $id) { transactions { chargedAmount { amount } } } }"

    denied = api_client.post_graphql(query, {"id": checkout_id(checkout)})
    allowed = app_client(PermissionEnum.HANDLE_PAYMENTS).post_graphql(
        query, {"id": checkout_id(checkout)}
    )

    assert permission_denied(denied)
    assert allowed.data["checkout"]["transactions"] == [{"chargedAmount": {"amount": 20.0}}]
