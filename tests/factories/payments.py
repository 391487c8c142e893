"""Checkouts and orders to pay, transactions, and a Stripe API that serves recorded responses.

`RecordedStripe` is a real `stripe.HTTPClient`: the real stripe library builds, signs and
parses every request; only the network is replaced by JSON files from
tests/storefront/stripe_recordings/, and every request is kept for assertions.
"""

import hashlib
import hmac
import json
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import stripe

from catalog.models import Channel, ClickAndCollectOption, Warehouse
from storefront.models import Checkout, CheckoutLine, Order, OrderLine, TransactionItem
from storefront.services.order_create import next_order_number
from tests.factories.addresses import AddressFactory
from tests.factories.catalog import ChannelFactory, WarehouseFactory, sellable_product

RECORDINGS = Path(__file__).resolve().parents[1] / "storefront" / "stripe_recordings"
WEBHOOK_SECRET = "whsec_test_payments_helper"


def checkout_to_pay(
    *,
    price: str = "100.00",
    quantity: int = 1,
    channel: Channel | None = None,
    pickup: Warehouse | bool = False,
    user=None,
) -> Checkout:
    """A checkout with one line of `quantity` × `price` (no shipping cost): its total is
    price × quantity. `pickup` makes it click-and-collect (at a new warehouse if True)."""
    channel = channel or ChannelFactory()
    collection_point = None
    if pickup:
        collection_point = (
            pickup
            if isinstance(pickup, Warehouse)
            else WarehouseFactory(click_and_collect_option=ClickAndCollectOption.ALL_WAREHOUSES)
        )
    product = sellable_product(
        channel, price=price, stock=quantity + 10, warehouse=collection_point
    )
    checkout = Checkout.objects.create(
        channel=channel,
        currency=channel.currency_code,
        email="shopper@example.com",
        user=user,
        collection_point=collection_point,
        billing_address=AddressFactory(),
    )
    CheckoutLine.objects.create(
        checkout=checkout, variant=product.default_variant, quantity=quantity
    )
    return checkout


def order_to_pay(
    *,
    total: str = "100.00",
    shipping: str = "0.00",
    lines: tuple[tuple[str, int], ...] = (),
    channel: Channel | None = None,
    pickup: bool = False,
    billing_address: bool = True,
    user=None,
) -> Order:
    """A placed order of `total` (lines given as (unit price, quantity) pairs)."""
    channel = channel or ChannelFactory()
    order = Order.objects.create(
        number=next_order_number(),
        channel=channel,
        currency=channel.currency_code,
        user=user,
        user_email="shopper@example.com",
        billing_address=AddressFactory() if billing_address else None,
        collection_point=WarehouseFactory() if pickup else None,
        shipping_price_amount=Decimal(shipping),
        subtotal_amount=Decimal(total) - Decimal(shipping),
        total_amount=Decimal(total),
        undiscounted_total_amount=Decimal(total),
    )
    for price, quantity in lines:
        OrderLine.objects.create(
            order=order,
            product_name="林芝松茸",
            is_shipping_required=True,
            quantity=quantity,
            currency=order.currency,
            unit_price_amount=Decimal(price),
            undiscounted_unit_price_amount=Decimal(price),
            total_price_amount=Decimal(price) * quantity,
            undiscounted_total_price_amount=Decimal(price) * quantity,
        )
    return order


def transaction_for(order: Order, gateway: str = "mirumee.payments.dummy", **fields):
    return TransactionItem.objects.create(
        gateway=gateway, currency=order.currency, order=order, **fields
    )


@dataclass
class StripeRequest:
    method: str
    path: str
    headers: dict[str, str]
    form: list[tuple[str, str]]

    @property
    def data(self) -> dict[str, str]:
        return dict(self.form)

    @property
    def idempotency_key(self) -> str | None:
        return self.headers.get("Idempotency-Key")


@dataclass
class RecordedStripe(stripe.HTTPClient):
    """Answers each (METHOD, path) from a queue of recording names; records every request."""

    routes: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    requests: list[StripeRequest] = field(default_factory=list)
    name = "recorded"

    def __post_init__(self):
        super().__init__()

    def answer(self, method: str, path: str, *recordings: str) -> "RecordedStripe":
        self.routes.setdefault((method.upper(), path), []).extend(recordings)
        return self

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        parts = urlsplit(url)
        body = post_data.decode() if isinstance(post_data, bytes) else (post_data or "")
        form = parse_qsl(body or parts.query, keep_blank_values=True)
        self.requests.append(StripeRequest(method.upper(), parts.path, dict(headers or {}), form))
        queue = self.routes.get((method.upper(), parts.path))
        if not queue:
            raise AssertionError(f"No recorded Stripe response for {method} {parts.path}")
        # The last recording keeps answering (as Stripe does for a replayed idempotency key).
        name = queue.pop(0) if len(queue) > 1 else queue[0]
        recording = json.loads((RECORDINGS / f"{name}.json").read_text())
        headers = {"Request-Id": f"req_{name}", **recording.get("headers", {})}
        return json.dumps(recording["body"]), recording.get("status", 200), headers

    def close(self):
        pass


def stripe_signature(payload: str, secret: str = WEBHOOK_SECRET, timestamp: int | None = None):
    """A Stripe-Signature header value, computed as Stripe does (t=…,v1=HMAC-SHA256)."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(
        secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256
    ).hexdigest()
    return f"t={timestamp},v1={digest}"


def stripe_event(event_id: str, kind: str, obj: dict, created: int = 1_700_000_000) -> str:
    return json.dumps(
        {
            "id": event_id,
            "object": "event",
            "api_version": "2025-03-31.basil",
            "created": created,
            "livemode": False,
            "pending_webhooks": 1,
            "type": kind,
            "data": {"object": obj},
        }
    )
