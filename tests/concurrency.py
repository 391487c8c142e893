"""Races for the no-oversell tests: jobs started at the same moment, each on its own thread
and database connection (real parallel transactions on PostgreSQL; SQLite serialises its
writers), and the paid checkouts that race to complete. Use with
@pytest.mark.django_db(transaction=True) so the threads see the data."""

import threading
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import cast

from django.db import connections

from catalog.models import Channel, ProductVariant
from infra.errors import ValidationFailed
from storefront.models import (
    Checkout,
    CheckoutLine,
    ShippingMethod,
    TransactionEvent,
    TransactionEventType,
    TransactionItem,
)
from tests.factories.addresses import AddressFactory

OK = "OK"


def race(jobs: Sequence[Callable[[], object]], *, timeout: float = 120) -> list[object]:
    """What each job returned, in the jobs' order. An exception a job raised is raised here
    once every job has ended; a job still running after `timeout` seconds fails the test."""
    start = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)
    raised: list[BaseException] = []

    def run(index: int, job: Callable[[], object]) -> None:
        try:
            start.wait()
            results[index] = job()
        except BaseException as error:  # noqa: BLE001 (re-raised in the test's thread)
            raised.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads), "a job did not end in time"
    if raised:
        raise raised[0]
    return results


def race_outcomes(jobs: Sequence[Callable[[], object]]) -> list[str]:
    """Each job's outcome, in the jobs' order: OK, or the codes of the ValidationFailed it
    raised, comma-separated."""

    def outcome(job: Callable[[], object]) -> Callable[[], str]:
        def run() -> str:
            try:
                job()
            except ValidationFailed as failure:
                return ",".join(error.code for error in failure.errors)
            return OK

        return run

    return cast("list[str]", race([outcome(job) for job in jobs]))


def paid_delivery_checkout(
    channel: Channel,
    variant: ProductVariant,
    method: ShippingMethod,
    *,
    total: Decimal,
    email: str = "buyer@example.com",
) -> Checkout:
    """A checkout of one `variant` shipped by `method`, charged `total` (its price and the
    shipping) through the dummy gateway: ready to complete."""
    checkout = Checkout.objects.create(
        channel=channel,
        currency="CNY",
        email=email,
        shipping_address=AddressFactory(),
        billing_address=AddressFactory(),
        shipping_method=method,
    )
    CheckoutLine.objects.create(checkout=checkout, variant=variant, quantity=1)
    item = TransactionItem.objects.create(
        checkout=checkout, gateway="mirumee.payments.dummy", currency="CNY", charged_value=total
    )
    TransactionEvent.objects.create(
        transaction=item,
        type=TransactionEventType.CHARGE_SUCCESS,
        currency="CNY",
        amount_value=total,
        idempotency_key="charge",
    )
    return checkout
