"""Payments, as Saleor's transactions API: a TransactionItem per payment attempt at a gateway,
its TransactionEvents (the ledger its amounts are computed from), and the provider events
already applied (so a redelivered webhook changes nothing).
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from infra.metadata import ModelWithMetadata

MONEY = {"max_digits": 20, "decimal_places": 3}


class TransactionEventType(models.TextChoices):
    AUTHORIZATION_SUCCESS = "authorization_success"
    AUTHORIZATION_FAILURE = "authorization_failure"
    AUTHORIZATION_ADJUSTMENT = "authorization_adjustment"
    AUTHORIZATION_REQUEST = "authorization_request"
    AUTHORIZATION_ACTION_REQUIRED = "authorization_action_required"
    CHARGE_ACTION_REQUIRED = "charge_action_required"
    CHARGE_SUCCESS = "charge_success"
    CHARGE_FAILURE = "charge_failure"
    CHARGE_BACK = "charge_back"
    CHARGE_REQUEST = "charge_request"
    REFUND_SUCCESS = "refund_success"
    REFUND_FAILURE = "refund_failure"
    REFUND_REVERSE = "refund_reverse"
    REFUND_REQUEST = "refund_request"
    CANCEL_SUCCESS = "cancel_success"
    CANCEL_FAILURE = "cancel_failure"
    CANCEL_REQUEST = "cancel_request"
    INFO = "info"


class TransactionItem(ModelWithMetadata):
    token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)
    # The gateway that handles it (`PaymentGateway.id`, e.g. "tibet.payments.stripe").
    gateway = models.CharField(max_length=255)
    name = models.CharField(max_length=512, blank=True, default="")
    message = models.CharField(max_length=512, blank=True, default="")
    psp_reference = models.CharField(max_length=512, blank=True, null=True, db_index=True)
    # Payment method the shopper chose at the gateway (card, alipay, wechat_pay, cash).
    payment_method_type = models.CharField(max_length=32, blank=True, default="")
    idempotency_key = models.CharField(max_length=512, blank=True, null=True)
    available_actions = models.JSONField(blank=True, default=list)
    currency = models.CharField(max_length=3)
    authorized_value = models.DecimalField(**MONEY, default=Decimal(0))
    authorize_pending_value = models.DecimalField(**MONEY, default=Decimal(0))
    charged_value = models.DecimalField(**MONEY, default=Decimal(0))
    charge_pending_value = models.DecimalField(**MONEY, default=Decimal(0))
    refunded_value = models.DecimalField(**MONEY, default=Decimal(0))
    refund_pending_value = models.DecimalField(**MONEY, default=Decimal(0))
    canceled_value = models.DecimalField(**MONEY, default=Decimal(0))
    cancel_pending_value = models.DecimalField(**MONEY, default=Decimal(0))
    external_url = models.URLField(blank=True, default="")
    checkout = models.ForeignKey(
        "storefront.Checkout",
        related_name="transactions",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    order = models.ForeignKey(
        "storefront.Order",
        related_name="transactions",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    app = models.ForeignKey(
        "accounts.App", related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ("created_at", "pk")
        constraints = [
            # One transaction per (checkout, idempotency key): a retried initialize returns it.
            models.UniqueConstraint(
                fields=["checkout", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="transaction_checkout_idempotency_unique",
            ),
            models.UniqueConstraint(
                fields=["gateway", "psp_reference"],
                condition=Q(psp_reference__isnull=False),
                name="transaction_gateway_psp_reference_unique",
            ),
        ]


class TransactionEvent(models.Model):
    transaction = models.ForeignKey(
        TransactionItem, related_name="events", on_delete=models.CASCADE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    type = models.CharField(max_length=128, choices=TransactionEventType.choices)
    psp_reference = models.CharField(max_length=512, blank=True, null=True)
    message = models.CharField(max_length=512, blank=True, default="")
    currency = models.CharField(max_length=3)
    amount_value = models.DecimalField(**MONEY, default=Decimal(0))
    # The provider's own id for what caused this event (a Stripe event or refund id), so the
    # same happening is never recorded twice.
    idempotency_key = models.CharField(max_length=512, blank=True, null=True)
    include_in_calculations = models.BooleanField(default=True)
    external_url = models.URLField(blank=True, default="")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    app = models.ForeignKey(
        "accounts.App", related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ("created_at", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["transaction", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="transaction_event_idempotency_unique",
            )
        ]


class ProviderEvent(models.Model):
    """A webhook event a provider sent (Stripe's `evt_…`), recorded once when applied."""

    provider = models.CharField(max_length=32)
    event_id = models.CharField(max_length=255)
    type = models.CharField(max_length=128)
    # When the provider says the event happened (Stripe's `created`), to order late arrivals.
    created = models.DateTimeField()
    received_at = models.DateTimeField(auto_now_add=True)
    payload = models.JSONField()

    class Meta:
        ordering = ("created", "pk")
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="provider_event_unique")
        ]
