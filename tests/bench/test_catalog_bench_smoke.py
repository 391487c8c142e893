"""The benchmark's data builder and operations, once each, in-process (PostgreSQL only)."""

import json

import pytest
from django.conf import settings
from django.test import Client

from catalog.models import Category, Product, ProductVariant, Stock
from tests.bench.catalog_bench import operations
from tests.bench.catalog_data import SLUG_PREFIX, build_catalog

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="the benchmark runs on PostgreSQL (DATABASE_URL)",
    ),
]


def test_benchmark_builds_a_catalog_and_every_operation_answers():
    build_catalog(50, log=lambda _line: None)
    product = Product.objects.get(slug=f"{SLUG_PREFIX}25")
    category = Category.objects.get(pk=product.category_id)

    assert Product.objects.filter(slug__startswith=SLUG_PREFIX).count() == 50
    assert ProductVariant.objects.filter(product__slug__startswith=SLUG_PREFIX).count() == 100
    assert Stock.objects.filter(product_variant__product=product).count() == 10
    assert not Product.objects.filter(search_index_dirty=True).exists()
    client = Client()
    for operation in operations(product.slug, category.slug):
        response = client.post("/graphql/", operation.body(), content_type="application/json")
        body = json.loads(response.content)
        assert response.status_code == 200, operation.name
        assert "errors" not in body, (operation.name, body.get("errors"))
    search = operations(product.slug, category.slug)[4]
    body = json.loads(
        client.post("/graphql/", search.body(), content_type="application/json").content
    )
    assert body["data"]["products"]["edges"]  # some bench products are matsutake
