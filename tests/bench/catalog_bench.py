"""Catalog read benchmark: the production server under 1 and 8 concurrent clients.

    python -m tests.bench.catalog_bench --products 10000
    python -m tests.bench.catalog_bench --products 100000 --requests 400

Builds (once; again with --rebuild or another --products) a catalog in a PostgreSQL database
of its own (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/tibet_bench),
starts gunicorn with 2 worker processes on infra.settings.production (DEBUG off, persistent
connections, SECRET_KEY from the environment or a random one) on a free loopback port, and
measures p50/p95 latency and requests per second of each read operation (the anonymous
microcache is off unless --public-cache is given). Each operation also
runs once in-process to count its SQL queries. Not collected by pytest.
"""

import argparse
import os
import sys

import psycopg

from tests.bench.load import Operation, measure, wait_until_serving
from tests.bench.server import (
    WORKERS,
    count_queries,
    database_create,
    database_exists,
    free_port,
    production_environment,
    start_server,
    stop_server,
)

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/tibet_bench"
CONCURRENCY = (1, 8)

PRICING = "pricing { priceRange { start { gross { amount currency } } } }"
PRODUCTS_20 = f"""
query Products($channel: String) {{
  products(first: 20, channel: $channel) {{
    edges {{ node {{ id name slug thumbnail(size: 256) {{ url alt }} {PRICING} }} }}
  }}
}}"""
PRODUCTS_100 = """
query Products($channel: String) {
  products(first: 100, channel: $channel) { edges { node { id name slug } } }
}"""
DETAIL = f"""
query Product($slug: String, $channel: String) {{
  product(slug: $slug, channel: $channel) {{
    id name slug description seoTitle category {{ name slug }}
    thumbnail(size: 512) {{ url }} media {{ url alt }} {PRICING}
    attributes {{ attribute {{ slug name }} values {{ name }} }}
    variants {{ id sku name pricing {{ price {{ gross {{ amount currency }} }} }} }}
  }}
}}"""
CATEGORY = f"""
query Category($slug: String, $channel: String) {{
  category(slug: $slug) {{
    id name
    products(first: 20, channel: $channel) {{
      edges {{ node {{ id name slug thumbnail(size: 256) {{ url }} {PRICING} }} }}
    }}
  }}
}}"""
SEARCH = f"""
query Search($search: String, $channel: String) {{
  products(first: 20, channel: $channel, search: $search) {{
    edges {{ node {{ id name slug thumbnail(size: 256) {{ url }} {PRICING} }} }}
  }}
}}"""


def operations(product_slug: str, category_slug: str) -> list[Operation]:
    channel = {"channel": "default-channel"}
    return [
        Operation("products(first: 20) + pricing, thumbnail", PRODUCTS_20, channel),
        Operation("products(first: 100)", PRODUCTS_100, channel),
        Operation("product detail", DETAIL, {**channel, "slug": product_slug}),
        Operation("category page, 20 products", CATEGORY, {**channel, "slug": category_slug}),
        Operation("search Chinese word, 20", SEARCH, {**channel, "search": "松茸"}),
        Operation("search pinyin, 20", SEARCH, {**channel, "search": "songrong"}),
    ]


def prepare_database(url: str, products: int, rebuild: bool) -> bool:
    """Create the benchmark database if needed; True when the catalog must be built."""
    if database_exists(url) and not rebuild:
        with psycopg.connect(url) as bench:
            table = bench.execute("SELECT to_regclass('catalog_product')").fetchone()[0]
            built = (
                table
                and bench.execute(
                    "SELECT count(*) FROM catalog_product WHERE slug LIKE %s", ["bench-%"]
                ).fetchone()[0]
            )
        if built == products:
            return False
    database_create(url)
    return True


def report(rows: list[dict], counts: dict[str, tuple[int, bool]]) -> str:
    header = (
        f"{'operation':<42} {'clients':>7} {'requests':>8} {'errors':>6} "
        f"{'p50 ms':>8} {'p95 ms':>8} {'req/s':>8} {'SQL':>5}"
    )
    lines = [header, "-" * len(header)]
    for row in rows:
        queries, ok = counts[row["operation"]]
        lines.append(
            f"{row['operation']:<42} {row['clients']:>7} {row['requests']:>8} "
            f"{row['errors']:>6} {row['p50']:>8.1f} {row['p95']:>8.1f} {row['rps']:>8.1f} "
            f"{queries:>4}{'' if ok else '!'}"
        )
    return "\n".join(lines)


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    parser.add_argument("--rebuild", action="store_true", help="drop and build the catalog")
    parser.add_argument("--requests", type=int, default=200, help="per operation and level")
    parser.add_argument("--seconds", type=float, default=20.0, help="per operation and level")
    parser.add_argument(
        "--public-cache", type=int, default=0, help="GRAPHQL_PUBLIC_CACHE_SECONDS (0: off)"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    env = production_environment(args.database_url, public_cache=args.public_cache)
    os.environ.update(env)
    build = prepare_database(args.database_url, args.products, args.rebuild)

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from django.db import connection

    from catalog.models import Category, Product
    from tests.bench.catalog_data import SLUG_PREFIX, build_catalog

    if build:
        print(f"Building {args.products} products in {args.database_url} …")
        build_catalog(args.products)
    with connection.cursor() as cursor:  # planner statistics, or plans guess wildly
        cursor.execute("VACUUM ANALYZE" if build else "ANALYZE")
    middle = Product.objects.filter(slug=f"{SLUG_PREFIX}{args.products // 2}").get()
    category = Category.objects.get(pk=middle.category_id)
    chosen = operations(middle.slug, category.slug)
    counts = {op.name: count_queries(op) for op in chosen}

    connection.close()
    port = free_port()
    server = start_server(env, port)
    try:
        wait_until_serving(port)
        rows = [
            measure(port, op, clients, max_requests=args.requests, max_seconds=args.seconds)
            for op in chosen
            for clients in CONCURRENCY
        ]
    finally:
        stop_server(server)
    print(
        f"\n{args.products} products · gunicorn {WORKERS} sync workers · "
        f"infra.settings.production · DB_CONN_MAX_AGE=600 · "
        f"public cache {args.public_cache} s · {args.database_url}\n"
    )
    print(report(rows, counts))
    if any(not ok for _queries, ok in counts.values()) or any(r["errors"] for r in rows):
        print("\n! = the operation answered with errors (see above)")
        sys.exit(1)


if __name__ == "__main__":
    main()
