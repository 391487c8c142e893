"""Refunds: transactionRequestAction, the legacy orderRefund, granted refunds and sending them
to the gateway; a refund never exceeds what was charged and not yet refunded."""

from decimal import Decimal

import pytest

from infra.accounts.permissions import PermissionEnum
from infra.ids import to_global_id
from storefront.models import OrderGrantedRefund, OrderGrantedRefundStatus, TransactionItem
from storefront.models import TransactionEventType as T
from storefront.payments.base import EventSpec
from storefront.services.payments import transaction_events_record
from tests.conftest import permission_denied
from tests.factories.payments import order_to_pay, transaction_for
from tests.factories.taxonomy import app_client, error_codes, staff_client

pytestmark = pytest.mark.django_db

REQUEST_ACTION = """
mutation($id: ID, $action: TransactionActionEnum!, $amount: PositiveDecimal) {
  transactionRequestAction(id: $id, actionType: $action, amount: $amount) {
    transaction { chargedAmount { amount } refundedAmount { amount } actions
                  authorizedAmount { amount } canceledAmount { amount } }
    errors { field code message }
  }
}
"""
ORDER_REFUND = """
mutation($id: ID!, $amount: PositiveDecimal!) {
  orderRefund(id: $id, amount: $amount) {
    order { totalRefunded { amount } totalCharged { amount } paymentStatus }
    errors { field code message }
  }
}
"""
GRANT = """
mutation($id: ID!, $input: OrderGrantRefundCreateInput!) {
  orderGrantRefundCreate(id: $id, input: $input) {
    order { totalGrantedRefund { amount } totalRemainingGrant { amount } chargeStatus }
    grantedRefund { id amount { amount } reason status shippingCostsIncluded
                    lines { quantity orderLine { id } } transaction { pspReference } }
    errors { field code message lines { lineId field code message } }
  }
}
"""
SEND_GRANTED = """
mutation($id: ID, $granted: ID!) {
  transactionRequestRefundForGrantedRefund(id: $id, grantedRefundId: $granted) {
    transaction { chargedAmount { amount } refundedAmount { amount } }
    errors { field code message }
  }
}
"""


@pytest.fixture(autouse=True)
def gateways(settings):
    settings.PAYMENT_GATEWAYS = ["dummy", "cash"]


def paid_order(total="100.00", **order_fields):
    order = order_to_pay(total=total, **order_fields)
    transaction = transaction_for(order)
    reference = f"dummy-{transaction.token}"
    transaction_events_record(
        transaction=transaction,
        events=[
            EventSpec(
                type=T.CHARGE_SUCCESS,
                amount=Decimal(total),
                psp_reference=reference,
                idempotency_key=f"charge_success:{reference}",
            )
        ],
    )
    transaction.refresh_from_db()
    return order, transaction


def gid(transaction: TransactionItem) -> str:
    return to_global_id("TransactionItem", transaction.token)


def test_refund_within_what_was_charged():
    _order, transaction = paid_order("100.00")
    payments = app_client(PermissionEnum.HANDLE_PAYMENTS)

    first = payments.post_graphql(
        REQUEST_ACTION, {"id": gid(transaction), "action": "REFUND", "amount": "30"}
    ).data["transactionRequestAction"]
    too_much = payments.post_graphql(
        REQUEST_ACTION, {"id": gid(transaction), "action": "REFUND", "amount": "70.01"}
    ).data["transactionRequestAction"]
    rest = payments.post_graphql(REQUEST_ACTION, {"id": gid(transaction), "action": "REFUND"}).data[
        "transactionRequestAction"
    ]
    nothing_left = payments.post_graphql(
        REQUEST_ACTION, {"id": gid(transaction), "action": "REFUND", "amount": "1"}
    ).data["transactionRequestAction"]

    assert first["errors"] == []
    assert first["transaction"]["chargedAmount"] == {"amount": 70.0}
    assert first["transaction"]["refundedAmount"] == {"amount": 30.0}
    assert error_codes(too_much) == [("amount", "INVALID")]
    assert too_much["errors"][0]["message"] == (
        "Cannot refund 70.01 CNY: only 70.00 CNY was charged and not yet refunded."
    )
    assert rest["transaction"]["refundedAmount"] == {"amount": 100.0}
    assert rest["transaction"]["actions"] == []
    assert error_codes(nothing_left) == [("amount", "INVALID")]


def test_request_action_needs_handle_payments():
    _order, transaction = paid_order()

    staff = staff_client(PermissionEnum.MANAGE_ORDERS)
    response = staff.post_graphql(REQUEST_ACTION, {"id": gid(transaction), "action": "REFUND"})

    assert permission_denied(response)
    transaction.refresh_from_db()
    assert transaction.refunded_value == 0


def test_charge_and_cancel_an_authorization():
    order = order_to_pay(total="100.00")
    transaction = transaction_for(order)
    transaction_events_record(
        transaction=transaction,
        events=[
            EventSpec(
                type=T.AUTHORIZATION_SUCCESS,
                amount=Decimal("100"),
                psp_reference="auth-1",
                idempotency_key="authorization_success:auth-1",
            )
        ],
    )
    payments = app_client(PermissionEnum.HANDLE_PAYMENTS)

    charged = payments.post_graphql(
        REQUEST_ACTION, {"id": gid(transaction), "action": "CHARGE", "amount": "60"}
    ).data["transactionRequestAction"]
    canceled = payments.post_graphql(
        REQUEST_ACTION, {"id": gid(transaction), "action": "CANCEL"}
    ).data["transactionRequestAction"]

    assert charged["transaction"]["chargedAmount"] == {"amount": 60.0}
    assert charged["transaction"]["authorizedAmount"] == {"amount": 40.0}
    assert canceled["transaction"]["authorizedAmount"] == {"amount": 0.0}
    assert canceled["transaction"]["canceledAmount"] == {"amount": 40.0}
    assert canceled["transaction"]["actions"] == ["REFUND"]


def test_legacy_order_refund_uses_a_charged_transaction():
    order, _transaction = paid_order("100.00")
    staff = staff_client(PermissionEnum.MANAGE_ORDERS)
    order_id = to_global_id("Order", order.pk)

    refunded = staff.post_graphql(ORDER_REFUND, {"id": order_id, "amount": "25"}).data
    too_much = staff.post_graphql(ORDER_REFUND, {"id": order_id, "amount": "80"}).data

    assert refunded["orderRefund"]["errors"] == []
    assert refunded["orderRefund"]["order"] == {
        "totalRefunded": {"amount": 25.0},
        "totalCharged": {"amount": 75.0},
        "paymentStatus": "PARTIALLY_REFUNDED",
    }
    assert error_codes(too_much["orderRefund"]) == [("amount", "CANNOT_REFUND")]
    assert "at most 75.00 CNY" in too_much["orderRefund"]["errors"][0]["message"]
    assert permission_denied(
        app_client(PermissionEnum.HANDLE_PAYMENTS).post_graphql(
            ORDER_REFUND, {"id": order_id, "amount": "1"}
        )
    )


def test_order_refund_without_payments():
    order = order_to_pay()
    staff = staff_client(PermissionEnum.MANAGE_ORDERS)

    result = staff.post_graphql(
        ORDER_REFUND, {"id": to_global_id("Order", order.pk), "amount": "1"}
    ).data

    assert error_codes(result["orderRefund"]) == [("id", "CANNOT_REFUND")]


def test_grant_a_refund_from_lines_and_shipping_then_send_it():
    order, transaction = paid_order("130.00", shipping="10.00", lines=(("40.00", 3),))
    line_id = to_global_id("OrderLine", order.lines.get().pk)
    staff = staff_client(PermissionEnum.MANAGE_ORDERS)

    granted = staff.post_graphql(
        GRANT,
        {
            "id": to_global_id("Order", order.pk),
            "input": {
                "transactionId": gid(transaction),
                "reason": "破损",
                "lines": [{"id": line_id, "quantity": 2}],
                "grantRefundForShipping": True,
            },
        },
    ).data["orderGrantRefundCreate"]

    assert granted["errors"] == []
    refund = granted["grantedRefund"]
    assert refund["amount"] == {"amount": 90.0}
    assert refund["status"] == "NONE"
    assert refund["shippingCostsIncluded"] is True
    assert refund["lines"] == [{"quantity": 2, "orderLine": {"id": line_id}}]
    assert granted["order"]["totalGrantedRefund"] == {"amount": 90.0}
    assert granted["order"]["chargeStatus"] == "OVERCHARGED"

    payments = app_client(PermissionEnum.HANDLE_PAYMENTS)
    variables = {"id": gid(transaction), "granted": refund["id"]}
    sent = payments.post_graphql(SEND_GRANTED, variables).data[
        "transactionRequestRefundForGrantedRefund"
    ]
    again = payments.post_graphql(SEND_GRANTED, variables).data[
        "transactionRequestRefundForGrantedRefund"
    ]

    assert sent["errors"] == []
    assert sent["transaction"]["refundedAmount"] == {"amount": 90.0}
    assert sent["transaction"]["chargedAmount"] == {"amount": 40.0}
    assert OrderGrantedRefund.objects.get().status == OrderGrantedRefundStatus.SUCCESS
    assert error_codes(again) == [("grantedRefundId", "REFUND_ALREADY_PROCESSED")]
    order.refresh_from_db()
    assert order.charge_status == "full"
    assert order.total_refunded_amount == Decimal("90.00")


def test_grant_refund_validation():
    order, transaction = paid_order("100.00", shipping="10.00", lines=(("45.00", 2),))
    other_order, other_transaction = paid_order("100.00")
    line_id = to_global_id("OrderLine", order.lines.get().pk)
    staff = staff_client(PermissionEnum.MANAGE_ORDERS)
    order_id = to_global_id("Order", order.pk)

    def grant(**input):
        return staff.post_graphql(
            GRANT, {"id": order_id, "input": {"transactionId": gid(transaction), **input}}
        ).data["orderGrantRefundCreate"]

    assert error_codes(grant()) == [
        ("amount", "REQUIRED"),
        ("lines", "REQUIRED"),
        ("grantRefundForShipping", "REQUIRED"),
    ]
    too_much = grant(amount="100.01")
    assert error_codes(too_much) == [("amount", "AMOUNT_GREATER_THAN_AVAILABLE")]
    too_many = grant(lines=[{"id": line_id, "quantity": 3}])
    assert error_codes(too_many) == [("lines", "INVALID")]
    assert too_many["errors"][0]["lines"] == [
        {
            "lineId": line_id,
            "field": "quantity",
            "code": "QUANTITY_GREATER_THAN_AVAILABLE",
            "message": "Cannot grant refund for more than the available quantity of the line (2).",
        }
    ]
    assert grant(grantRefundForShipping=True)["errors"] == []
    again = grant(grantRefundForShipping=True)
    assert error_codes(again) == [("grantRefundForShipping", "SHIPPING_COSTS_ALREADY_GRANTED")]
    # 10 already granted (shipping): 90 left to grant on this transaction.
    assert error_codes(grant(amount="91")) == [("amount", "AMOUNT_GREATER_THAN_AVAILABLE")]
    foreign = staff.post_graphql(
        GRANT,
        {"id": order_id, "input": {"transactionId": gid(other_transaction), "amount": "1"}},
    ).data["orderGrantRefundCreate"]
    assert error_codes(foreign) == [("transactionId", "NOT_FOUND")]
    unsupported = staff.post_graphql(
        GRANT,
        {
            "id": order_id,
            "input": {"transactionId": gid(transaction), "amount": "1", "reasonReference": "x"},
        },
    )
    assert unsupported.errors[0]["message"] == "Input field `reasonReference` is not supported."
    assert other_order.granted_refunds.count() == 0
