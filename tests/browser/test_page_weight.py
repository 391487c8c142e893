"""Each shopper page weighs at most 100 KB over the wire: its HTML, CSS and JS, gzipped
(images aside). Chromium asks for gzip; the size is what it received (the encoded body), or
the body gzipped here when the server sent it uncompressed."""

import gzip

import pytest

from tests.browser import steps
from tests.browser.steps import ARTIFACTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

LIMIT = 100 * 1024
TEXT_RESOURCES = {"document", "stylesheet", "script"}


def weigh(page, path: str) -> tuple[int, int]:
    """(gzip bytes, uncompressed bytes) of the HTML/CSS/JS the browser loads for `path`."""
    responses = []

    def record(response) -> None:
        responses.append(response)

    page.on("response", record)
    try:
        page.goto(path, wait_until="load")
    finally:
        page.remove_listener("response", record)
    wire = raw = 0
    for response in responses:
        if response.request.resource_type not in TEXT_RESOURCES or 300 <= response.status < 400:
            continue
        body = response.body()
        raw += len(body)
        if response.header_value("content-encoding") == "gzip":
            wire += response.request.sizes()["responseBodySize"]
        else:
            wire += len(gzip.compress(body))
    assert raw, f"nothing loaded for {path}"
    return wire, raw


def test_every_shopper_page_is_at_most_100_kb_gzipped(page, shop, capsys):
    sizes = {
        "home": weigh(page, "/"),
        "category": weigh(page, f"/categories/{shop.category_slug}/"),
        "product": weigh(page, f"/products/{shop.product.slug}/"),
        "search": weigh(page, "/search/?q=松茸"),
    }
    steps.add_to_cart(page, shop.product.slug)
    sizes["cart"] = weigh(page, "/cart/")
    sizes["checkout"] = weigh(page, "/checkout/")
    assert page.url.endswith("/checkout/"), f"the checkout page redirected to {page.url}"

    table = "\n".join(
        [f"{'page':<10} {'gzip KB':>8} {'raw KB':>8}"]
        + [
            f"{name:<10} {wire / 1024:>8.1f} {raw / 1024:>8.1f}"
            for name, (wire, raw) in sizes.items()
        ]
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "page-weight.txt").write_text(table + "\n")
    with capsys.disabled():
        print(f"\nPage weight (HTML+CSS+JS, images aside):\n{table}")
    too_heavy = {name: wire for name, (wire, _raw) in sizes.items() if wire > LIMIT}
    assert not too_heavy, f"pages over {LIMIT} bytes gzipped: {too_heavy}"
