"""The checkout benchmark's data and its four requests, once each, in-process (PostgreSQL only)."""

import pytest
from django.conf import settings

from catalog.models import Stock
from infra.ids import from_global_id
from storefront.models import Checkout, Order
from tests.bench.checkout_bench import (
    PAYMENT_GATEWAYS,
    STEPS,
    STOCK_HEADROOM,
    choose_cart,
    in_process_send,
    load_demo_data,
    restock,
    run_checkout,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="the benchmark runs on PostgreSQL (DATABASE_URL)",
    ),
]


def test_benchmark_checkout_answers_every_step_and_places_the_order(settings):
    settings.PAYMENT_GATEWAYS = PAYMENT_GATEWAYS.split(",")
    load_demo_data()
    cart = choose_cart()
    restock(cart)
    variant_ids = [int(from_global_id(line["variantId"])[1]) for line in cart.lines]
    assert len(set(variant_ids)) == 2
    assert all(
        stock.quantity - stock.quantity_allocated == STOCK_HEADROOM
        for stock in Stock.objects.filter(product_variant_id__in=variant_ids)
    )

    steps = run_checkout(in_process_send, cart, "smoke@example.com")

    assert [step.name for step in steps] == list(STEPS), [s.problems for s in steps]
    for step in steps:
        assert step.problems == [], (step.name, step.problems, step.answer)
        assert step.queries > 0
    created = steps[0].answer["data"]["checkoutCreate"]["checkout"]
    assert created["shippingMethods"]
    order = steps[-1].answer["data"]["checkoutComplete"]["order"]
    placed = Order.objects.get(pk=from_global_id(order["id"])[1])
    assert placed.user_email == "smoke@example.com"
    assert sorted(line.quantity for line in placed.lines.all()) == [1, 2]
    token = from_global_id(created["id"])[1]
    assert not Checkout.objects.filter(token=token).exists()  # completing deletes the checkout
