"""Stripe webhook events applied to the payment ledger exactly once.

The signature is checked first (nothing is read from an unsigned body). Each Stripe event is
then recorded as a ProviderEvent in the same database transaction as its effect: a redelivery
hits the unique (provider, event_id) constraint and changes nothing. The effect itself is a
set of transaction events keyed by the Stripe objects they describe (the PaymentIntent, each
refund), so events arriving in any order (a refund before the success, a late failure) end in
the same state.
"""

import json
import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import stripe
from django.conf import settings
from django.db import IntegrityError
from django.db import transaction as db_transaction

from storefront.models import ProviderEvent, TransactionItem
from storefront.payments.base import EventSpec
from storefront.payments.stripe_gateway import (
    StripeGateway,
    charge_events,
    intent_events,
    payment_failure,
    refund_events,
)
from storefront.services.checkout_paid import paid_checkout_completion_schedule
from storefront.services.payments import transaction_events_record

logger = logging.getLogger(__name__)
PROVIDER = "stripe"


class InvalidWebhook(Exception):
    """The request is not a genuine Stripe event (bad or missing signature, not JSON)."""


@dataclass(frozen=True)
class WebhookOutcome:
    event_id: str
    type: str
    applied: bool  # False for a redelivery or an event type we ignore


def stripe_event_verify(*, payload: bytes, signature: str | None) -> dict[str, Any]:
    """The event in `payload` if Stripe signed it with STRIPE_WEBHOOK_SECRET."""
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret or not signature:
        raise InvalidWebhook("missing signature or webhook secret")
    try:
        text = payload.decode("utf-8")
        stripe.Webhook.construct_event(text, signature, secret)
        event = json.loads(text)
    except (stripe.SignatureVerificationError, ValueError, UnicodeDecodeError) as error:
        raise InvalidWebhook(str(error)) from None
    if not isinstance(event, dict) or not event.get("id") or not event.get("type"):
        raise InvalidWebhook("not an event")
    return event


def _intent_transaction(intent_id: str | None, metadata: dict | None) -> TransactionItem | None:
    if intent_id:
        found = TransactionItem.objects.filter(
            gateway=StripeGateway.id, psp_reference=intent_id
        ).first()
        if found is not None:
            return found
    try:
        token = uuid.UUID(str((metadata or {}).get("transaction_token")))
    except ValueError:
        return None
    return TransactionItem.objects.filter(gateway=StripeGateway.id, token=token).first()


def _effects(event: dict[str, Any]) -> tuple[TransactionItem | None, list[EventSpec]] | None:
    """The transaction an event concerns and what to record on it; None for types we ignore."""
    kind = event["type"]
    obj = (event.get("data") or {}).get("object") or {}
    if kind == "payment_intent.succeeded":
        return _intent_transaction(obj.get("id"), obj.get("metadata")), intent_events(
            {**obj, "status": "succeeded"}
        )
    if kind == "payment_intent.processing":
        return _intent_transaction(obj.get("id"), obj.get("metadata")), intent_events(
            {**obj, "status": "processing"}
        )
    if kind == "payment_intent.payment_failed":
        return _intent_transaction(obj.get("id"), obj.get("metadata")), [
            payment_failure(obj, attempt=event["id"])
        ]
    if kind == "payment_intent.canceled":
        return _intent_transaction(obj.get("id"), obj.get("metadata")), intent_events(
            {**obj, "status": "canceled"}
        )
    if kind == "charge.refunded":
        intent = obj.get("payment_intent")
        intent = intent.get("id") if isinstance(intent, dict) else intent
        return _intent_transaction(intent, obj.get("metadata")), charge_events(obj)
    if kind in ("charge.refund.updated", "refund.created", "refund.updated", "refund.failed"):
        intent = obj.get("payment_intent")
        intent = intent.get("id") if isinstance(intent, dict) else intent
        return _intent_transaction(intent, obj.get("metadata")), refund_events(obj)
    return None


def stripe_webhook_handle(*, payload: bytes, signature: str | None) -> WebhookOutcome:
    """Verify and apply one delivery; raise InvalidWebhook when it is not from Stripe."""
    event = stripe_event_verify(payload=payload, signature=signature)
    event_id, kind = str(event["id"]), str(event["type"])
    effects = _effects(event)
    created = datetime.fromtimestamp(int(event.get("created") or 0), tz=UTC)
    with db_transaction.atomic():
        try:
            with db_transaction.atomic():
                ProviderEvent.objects.create(
                    provider=PROVIDER, event_id=event_id, type=kind, created=created, payload=event
                )
        except IntegrityError:
            return WebhookOutcome(event_id=event_id, type=kind, applied=False)
        if effects is None:
            return WebhookOutcome(event_id=event_id, type=kind, applied=False)
        transaction, specs = effects
        if transaction is None:
            logger.warning("Stripe event %s (%s) names no transaction of ours", event_id, kind)
            return WebhookOutcome(event_id=event_id, type=kind, applied=False)
        transaction_events_record(transaction=transaction, events=specs)
        if kind == "payment_intent.succeeded" and transaction.order_id is None:
            checkout_id = (
                TransactionItem.objects.filter(pk=transaction.pk)
                .values_list("checkout_id", flat=True)
                .first()
            )
            if checkout_id is not None:
                paid_checkout_completion_schedule(checkout_id=checkout_id)
    return WebhookOutcome(event_id=event_id, type=kind, applied=True)
