"""Checkout benchmark: a whole guest checkout against the production server, 1 and 8 clients.

    python -m tests.bench.checkout_bench
    python -m tests.bench.checkout_bench --checkouts 300 --seconds 60

One checkout is the four requests a Saleor storefront sends (Saleor's documented flow):
checkoutCreate with two lines, e-mail and both addresses; checkoutDeliveryMethodUpdate with the
first shipping method offered; transactionInitialize with the dummy gateway (charged at once);
checkoutComplete. Each is a separate HTTP request to gunicorn (2 sync workers; --workers,
--threads) on infra.settings.production, in a PostgreSQL database of its own
(BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/tibet_checkout_bench) holding
the demo data; tasks (the order e-mail) are queued to a Redis database of their own
(BENCH_CELERY_BROKER_URL, default redis://127.0.0.1:6379/14, emptied afterwards) as production
queues them for its worker. The two variants' stock is raised before each level so no run
sells out. Prints per-step and whole-sequence p50/p95 with one client, checkouts/s with 8,
and the SQL queries of each step (one in-process checkout after a warm-up one; --sql lists
them), beside Saleor 3.x's figures on this machine. Exits 1 when any request answered with
errors. Not collected by pytest.
"""

import argparse
import io
import json
import os
import statistics
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.bench.load import Session, wait_until_serving
from tests.bench.server import (
    WORKERS,
    database_create,
    database_exists,
    free_port,
    production_environment,
    run_in_process,
    start_server,
    stop_server,
)

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/tibet_checkout_bench"
CHANNEL = "default-channel"
CONCURRENT_CLIENTS = 8
STOCK_HEADROOM = 1_000_000
DUMMY_GATEWAY = "mirumee.payments.dummy"
# Production offers only "cash" (click-and-collect) unless told; the dummy gateway pays at once.
PAYMENT_GATEWAYS = "dummy"
# As in production, requests only queue their tasks (the order e-mail); no worker runs them.
DEFAULT_BROKER_URL = "redis://127.0.0.1:6379/14"

# Saleor 3.x running the same sequence on this machine (the figures).
SALEOR_SEQUENCE_MS = 719
SALEOR_RATE_1 = 1.4
SALEOR_RATE_8 = 2.3
SALEOR_QUERIES = 308
TARGET_P50_MS = 100
TARGET_RATE_FACTOR = 5

CREATE = """
mutation CheckoutCreate($input: CheckoutCreateInput!) {
  checkoutCreate(input: $input) {
    checkout {
      id
      totalPrice { gross { amount currency } }
      shippingMethods { id name price { amount currency } }
    }
    errors { field code message }
  }
}"""
DELIVERY = """
mutation CheckoutDeliveryMethodUpdate($id: ID!, $deliveryMethodId: ID!) {
  checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $deliveryMethodId) {
    checkout { id totalPrice { gross { amount currency } } }
    errors { field code message }
  }
}"""
TRANSACTION = """
mutation TransactionInitialize($id: ID!, $paymentGateway: PaymentGatewayToInitialize!) {
  transactionInitialize(id: $id, paymentGateway: $paymentGateway) {
    transaction { id chargedAmount { amount currency } }
    transactionEvent { type pspReference }
    errors { field code message }
  }
}"""
COMPLETE = """
mutation CheckoutComplete($id: ID!) {
  checkoutComplete(id: $id) {
    order { id number status total { gross { amount currency } } }
    errors { field code message }
  }
}"""
STEPS = (
    "checkoutCreate",
    "checkoutDeliveryMethodUpdate",
    "transactionInitialize",
    "checkoutComplete",
)
ADDRESS = {
    "firstName": "卓玛",
    "lastName": "次仁",
    "streetAddress1": "北京中路 38 号",
    "city": "拉萨市",
    "cityArea": "城关区",
    "postalCode": "850000",
    "country": "CN",
    "countryArea": "西藏自治区",
    "phone": "13889000000",
}


@dataclass(frozen=True)
class Cart:
    """What every benchmark checkout buys, and where it is delivered."""

    channel: str
    lines: tuple[dict, ...]
    address: dict


@dataclass
class Step:
    name: str
    seconds: float
    statements: list[str] | None  # SQL, when run in-process
    answer: dict
    problems: list[str]

    @property
    def queries(self) -> int | None:
        return None if self.statements is None else len(self.statements)


# Sends one request body; answers (HTTP status, decoded answer, SQL statements or None).
Send = Callable[[str], tuple[int, dict, list[str] | None]]


def step_problems(name: str, status: int, answer: dict) -> list[str]:
    """Why a step's answer is not a success: HTTP status, GraphQL errors, mutation errors."""
    problems = [] if status == 200 else [f"HTTP {status}"]
    problems += [error.get("message", str(error)) for error in answer.get("errors") or []]
    payload = (answer.get("data") or {}).get(name)
    if payload is None and not problems:
        problems.append(f"{name} answered null")
    for error in (payload or {}).get("errors") or []:
        problems.append(f"{error.get('field')}: {error.get('code')} {error.get('message')}")
    return problems


def run_checkout(send: Send, cart: Cart, email: str) -> list[Step]:
    """The four requests of one checkout; stops at the first that fails."""
    steps: list[Step] = []

    def call(name: str, query: str, variables: dict) -> dict | None:
        body = json.dumps({"query": query, "variables": variables})
        started = time.perf_counter()
        status, answer, statements = send(body)
        seconds = time.perf_counter() - started
        problems = step_problems(name, status, answer)
        steps.append(Step(name, seconds, statements, answer, problems))
        return None if problems else answer["data"][name]

    created = call(
        "checkoutCreate",
        CREATE,
        {
            "input": {
                "channel": cart.channel,
                "email": email,
                "lines": list(cart.lines),
                "shippingAddress": cart.address,
                "billingAddress": cart.address,
            }
        },
    )
    if created is None:
        return steps
    checkout = created["checkout"]
    if not checkout["shippingMethods"]:
        steps[-1].problems.append("checkoutCreate offered no shipping method")
        return steps
    checkout_id = checkout["id"]
    delivery = {"id": checkout_id, "deliveryMethodId": checkout["shippingMethods"][0]["id"]}
    if call("checkoutDeliveryMethodUpdate", DELIVERY, delivery) is None:
        return steps
    payment = {"id": checkout_id, "paymentGateway": {"id": DUMMY_GATEWAY}}
    if call("transactionInitialize", TRANSACTION, payment) is None:
        return steps
    completed = call("checkoutComplete", COMPLETE, {"id": checkout_id})
    if completed is not None and not completed.get("order"):
        steps[-1].problems.append("checkoutComplete returned no order")
    return steps


def http_send(session: Session) -> Send:
    def send(body: str) -> tuple[int, dict, None]:
        status, data = session.post(body.encode())
        try:
            answer = json.loads(data)
        except ValueError:
            answer = {"errors": [{"message": data[:200].decode(errors="replace")}]}
        return status, answer if isinstance(answer, dict) else {}, None

    return send


def in_process_send(body: str) -> tuple[int, dict, list[str]]:
    statements, status, answer = run_in_process(body)
    return status, answer, statements


# --- data ------------------------------------------------------------------------------------


def load_demo_data() -> None:
    """Every package's demo step (`manage.py demo`), quietly."""
    from django.conf import settings
    from django.db import transaction
    from django.utils.module_loading import import_string

    out = io.StringIO()
    for step_path in settings.DEMO_STEPS:
        with transaction.atomic():
            import_string(step_path)(out)


def choose_cart() -> Cart:
    """Two shippable variants of different demo products, sold in the channel, stocked in Lhasa."""
    from catalog.models import ProductVariant
    from infra.ids import to_global_id

    variants = (
        ProductVariant.objects.filter(
            product__product_type__is_shipping_required=True,
            product__channel_listings__channel__slug=CHANNEL,
            product__channel_listings__is_published=True,
            product__channel_listings__available_for_purchase_at__isnull=False,
            channel_listings__channel__slug=CHANNEL,
            channel_listings__price_amount__isnull=False,
            stocks__warehouse__division__code__startswith="5401",
        )
        .order_by("sku", "pk")
        .distinct()
    )
    chosen: list[ProductVariant] = []
    for variant in variants:
        if all(variant.product_id != other.product_id for other in chosen):
            chosen.append(variant)
        if len(chosen) == 2:
            break
    if len(chosen) < 2:
        raise RuntimeError("The demo data has no two shippable variants in stock in Lhasa.")
    lines = tuple(
        {"quantity": quantity, "variantId": to_global_id("ProductVariant", variant.pk)}
        for quantity, variant in zip((1, 2), chosen, strict=True)
    )
    return Cart(channel=CHANNEL, lines=lines, address=ADDRESS)


def restock(cart: Cart) -> None:
    """Enough free stock of the cart's variants that no level sells out."""
    from django.db.models import F

    from catalog.models import Stock
    from infra.ids import from_global_id

    variant_ids = [int(from_global_id(line["variantId"])[1]) for line in cart.lines]
    Stock.objects.filter(product_variant_id__in=variant_ids).update(
        quantity=F("quantity_allocated") + STOCK_HEADROOM
    )


def count_step_queries(cart: Cart) -> list[Step]:
    """One in-process checkout after a warm-up one (first-request caches are not counted)."""
    run_checkout(in_process_send, cart, "warm-up@example.com")
    return run_checkout(in_process_send, cart, "counted@example.com")


# --- measurement ---------------------------------------------------------------------------


@dataclass
class Level:
    clients: int
    wall: float = 0.0
    checkouts: list[list[Step]] = field(default_factory=list)

    @property
    def succeeded(self) -> list[list[Step]]:
        return [steps for steps in self.checkouts if not any(s.problems for s in steps)]

    @property
    def failed(self) -> list[list[Step]]:
        return [steps for steps in self.checkouts if any(s.problems for s in steps)]

    @property
    def rate(self) -> float:
        return len(self.succeeded) / self.wall if self.wall else 0.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    if share == 0.5:
        return statistics.median(ordered)
    return ordered[max(0, round(share * len(ordered)) - 1)]


def measure_level(
    port: int, cart: Cart, clients: int, *, max_checkouts: int, max_seconds: float
) -> Level:
    """`clients` threads, each completing checkouts one after another on its own connection."""
    level = Level(clients)
    lock = threading.Lock()
    issued = 0
    deadline = time.monotonic() + max_seconds

    def client(number: int) -> None:
        nonlocal issued
        session = Session(port)
        send = http_send(session)
        sequence = 0
        while True:
            with lock:
                if issued >= max_checkouts or time.monotonic() > deadline:
                    break
                issued += 1
            sequence += 1
            steps = run_checkout(send, cart, f"bench-{clients}-{number}-{sequence}@example.com")
            with lock:
                level.checkouts.append(steps)
        session.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    level.wall = time.perf_counter() - started
    return level


def warm_up(port: int, cart: Cart, workers: int) -> list[list[Step]]:
    session = Session(port)
    send = http_send(session)
    runs = [run_checkout(send, cart, f"warm-{n}@example.com") for n in range(2 * workers)]
    session.close()
    return runs


# --- report --------------------------------------------------------------------------------


def _ms(seconds: float) -> float:
    return seconds * 1000


def _flag(met: bool) -> str:
    return "met" if met else "NOT met"


def report(sequential: Level, concurrent: Level, counted: list[Step]) -> str:
    queries = {step.name: step.queries for step in counted}
    total_queries = sum(q for q in queries.values() if q is not None)
    counted_ok = len(counted) == len(STEPS) and not any(step.problems for step in counted)
    header = f"{'step (1 client)':<32} {'p50 ms':>8} {'p95 ms':>8} {'SQL':>5}"
    lines = [header, "-" * len(header)]
    for index, name in enumerate(STEPS):
        times = [
            _ms(steps[index].seconds)
            for steps in sequential.checkouts
            if len(steps) > index and not steps[index].problems
        ]
        sql = queries.get(name)
        lines.append(
            f"{name:<32} {percentile(times, 0.5):>8.1f} {percentile(times, 0.95):>8.1f} "
            f"{'—' if sql is None else sql:>5}"
        )
    whole = [_ms(sum(step.seconds for step in steps)) for steps in sequential.succeeded]
    p50 = percentile(whole, 0.5)
    lines.append(
        f"{'whole checkout':<32} {p50:>8.1f} {percentile(whole, 0.95):>8.1f} "
        f"{total_queries:>5}{'' if counted_ok else '!'}"
    )
    concurrent_whole = [_ms(sum(s.seconds for s in steps)) for steps in concurrent.succeeded]
    lines += [
        "",
        f"{'level':<24} {'checkouts':>9} {'failed':>6} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'checkouts/s':>11}",
    ]
    for level, times in ((sequential, whole), (concurrent, concurrent_whole)):
        lines.append(
            f"{f'{level.clients} client(s)':<24} {len(level.succeeded):>9} "
            f"{len(level.failed):>6} {percentile(times, 0.5):>8.1f} "
            f"{percentile(times, 0.95):>8.1f} {level.rate:>11.2f}"
        )
    target_rate = TARGET_RATE_FACTOR * SALEOR_RATE_8
    target_queries = SALEOR_QUERIES / 3

    def ratio(ours: float, theirs: float) -> str:
        return f"{ours / theirs:.2f}×" if theirs else "—"

    lines += [
        "",
        f"{'':<30} {'ours':>10} {'Saleor 3.x':>11} {'ours/Saleor':>12}",
        f"{'whole checkout p50, ms':<30} {p50:>10.1f} {SALEOR_SEQUENCE_MS:>11} "
        f"{ratio(p50, SALEOR_SEQUENCE_MS):>12}",
        f"{'checkouts/s, 1 client':<30} {sequential.rate:>10.2f} {SALEOR_RATE_1:>11} "
        f"{ratio(sequential.rate, SALEOR_RATE_1):>12}",
        f"{'checkouts/s, 8 clients':<30} {concurrent.rate:>10.2f} {SALEOR_RATE_8:>11} "
        f"{ratio(concurrent.rate, SALEOR_RATE_8):>12}",
        f"{'SQL queries per checkout':<30} {total_queries:>10} {SALEOR_QUERIES:>11} "
        f"{ratio(total_queries, SALEOR_QUERIES):>12}",
        "",
        f"target p50 ≤ {TARGET_P50_MS} ms: {_flag(bool(whole) and p50 <= TARGET_P50_MS)} · "
        f"≥ {target_rate:.1f} checkouts/s at 8 clients: "
        f"{_flag(concurrent.rate >= target_rate)} · "
        f"SQL well under {target_queries:.0f}: "
        f"{_flag(counted_ok and total_queries < target_queries)}",
    ]
    return "\n".join(lines)


def first_problems(
    levels: list[list[list[Step]]], counted: list[Step], limit: int = 5
) -> list[str]:
    seen: dict[str, int] = {}
    for steps in [counted, *(run for level in levels for run in level)]:
        for step in steps:
            for problem in step.problems:
                key = f"{step.name}: {problem}"
                seen[key] = seen.get(key, 0) + 1
    return [f"{count}× {key}" for key, count in list(seen.items())[:limit]]


def print_statements(steps: list[Step], width: int = 160) -> None:
    for step in steps:
        print(f"\n{step.name}: {step.queries} queries")
        for number, statement in enumerate(step.statements or [], 1):
            print(f"  {number:>3} {' '.join(statement.split())[:width]}")


# --- main ----------------------------------------------------------------------------------


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    parser.add_argument("--rebuild", action="store_true", help="drop and recreate the database")
    parser.add_argument("--checkouts", type=int, default=200, help="most checkouts per level")
    parser.add_argument("--seconds", type=float, default=30.0, help="most seconds per level")
    parser.add_argument("--workers", type=int, default=WORKERS, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (gthread)")
    parser.add_argument(
        "--broker-url",
        default=os.environ.get("BENCH_CELERY_BROKER_URL", DEFAULT_BROKER_URL),
        help="Redis database of its own for the queued tasks ('': run tasks in the request)",
    )
    parser.add_argument("--sql", action="store_true", help="print each step's SQL statements")
    return parser.parse_args(argv)


def empty_broker(url: str) -> bool:
    """Whether the Redis database is reachable and empty (so its queues are ours to drop)."""
    import redis

    try:
        return redis.Redis.from_url(url).dbsize() == 0
    except redis.RedisError as error:
        sys.exit(f"The task broker {url} is not reachable ({error}); pass --broker-url ''.")


def drop_queued_tasks(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def setup(args: argparse.Namespace, load: tuple[float, float]) -> str:
    server = f"gunicorn {args.workers} sync workers"
    if args.threads > 1:
        server = f"gunicorn {args.workers} workers × {args.threads} threads"
    tasks = f"queued to {args.broker_url}" if args.broker_url else "run in the request"
    return (
        f"Whole checkout = {' → '.join(STEPS)} · 2 lines · guest with addresses\n"
        f"{server} · infra.settings.production · DB_CONN_MAX_AGE=600 · "
        f"PAYMENT_GATEWAYS={PAYMENT_GATEWAYS} · tasks {tasks}\n"
        f"{os.cpu_count()} cores, load average {load[0]:.1f} before and {load[1]:.1f} after · "
        f"{args.database_url}"
    )


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    env = {
        **production_environment(args.database_url),
        "PAYMENT_GATEWAYS": PAYMENT_GATEWAYS,
        "CELERY_BROKER_URL": args.broker_url,
    }
    ours = bool(args.broker_url) and empty_broker(args.broker_url)
    os.environ.update(env)
    if args.rebuild or not database_exists(args.database_url):
        database_create(args.database_url)

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from django.db import connection

    load_demo_data()
    with connection.cursor() as cursor:  # planner statistics, or plans guess wildly
        cursor.execute("ANALYZE")
    cart = choose_cart()
    restock(cart)
    counted = count_step_queries(cart)
    if args.sql:
        print_statements(counted)

    port = free_port()
    server = start_server(env, port, workers=args.workers, threads=args.threads)
    try:
        wait_until_serving(port)
        restock(cart)
        warm = warm_up(port, cart, args.workers)
        load_before = os.getloadavg()[0]
        levels = []
        for clients in (1, CONCURRENT_CLIENTS):
            restock(cart)
            levels.append(
                measure_level(
                    port, cart, clients, max_checkouts=args.checkouts, max_seconds=args.seconds
                )
            )
        load_after = os.getloadavg()[0]
    finally:
        stop_server(server)
        connection.close()
        if ours:
            drop_queued_tasks(args.broker_url)
    sequential, concurrent = levels
    print(f"\n{setup(args, (load_before, load_after))}\n")
    print(report(sequential, concurrent, counted))
    problems = first_problems([warm, sequential.checkouts, concurrent.checkouts], counted)
    if problems:
        print("\nErrors (! above = the in-process checkout failed):")
        print("\n".join(f"  {line}" for line in problems))
        sys.exit(1)


if __name__ == "__main__":
    main()
