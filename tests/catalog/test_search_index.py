"""Keeping the search index in step: the update service, the schedule hook and the tasks."""

import pytest
from django.db import connection

from catalog.models import Product
from catalog.selectors.search import search_products
from catalog.services.search_index import (
    products_search_index_schedule,
    products_search_index_update,
    products_search_index_update_dirty,
)
from catalog.tasks import update_dirty_products_search_index_task, update_products_search_index_task
from tests.factories.search import ProductTranslationFactory, searchable_product

pytestmark = pytest.mark.django_db


def names_found(text: str) -> list[str]:
    return sorted(search_products(Product.objects.all(), text).values_list("name", flat=True))


def test_update_writes_the_document_and_clears_the_dirty_flag():
    product = searchable_product("林芝松茸", sku="LZ-1", index=False)
    assert product.search_index_dirty is True

    indexed = products_search_index_update(product_ids=[product.pk])

    product.refresh_from_db()
    assert indexed == 1
    assert product.search_index_dirty is False
    assert product.search_document.startswith("linzhi songrong lz 1 fenlei ")


def test_update_ignores_missing_products():
    assert products_search_index_update(product_ids=[987654]) == 0


def test_update_query_count_does_not_grow_with_products(django_assert_num_queries):
    def build(count):
        products = []
        for n in range(count):
            product = searchable_product(
                f"松茸{n}", sku=f"Q-{count}-{n}", attribute_values=("野生",), index=False
            )
            ProductTranslationFactory(product=product, language_code="en", name=f"Matsutake {n}")
            products.append(product.pk)
        return products

    few, many = build(2), build(6)
    # savepoint, products, 7 prefetches (variants have no attribute values), the index writes
    # (PostgreSQL: one UPDATE; SQLite: UPDATE, FTS DELETE, FTS INSERT), clear dirty, release
    expected = 1 + 1 + 7 + (1 if connection.vendor == "postgresql" else 3) + 1 + 1
    with django_assert_num_queries(expected):
        products_search_index_update(product_ids=few)
    with django_assert_num_queries(expected):
        products_search_index_update(product_ids=many)


def test_update_twice_gives_the_same_document():
    product = searchable_product("林芝松茸")
    first = Product.objects.get(pk=product.pk).search_document

    products_search_index_update(product_ids=[product.pk])

    assert Product.objects.get(pk=product.pk).search_document == first
    assert names_found("松茸") == ["林芝松茸"]


def test_schedule_marks_dirty_and_reindexes_after_commit(django_capture_on_commit_callbacks):
    product = searchable_product("林芝松茸")
    Product.objects.filter(pk=product.pk).update(name="林芝苹果")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        products_search_index_schedule(product_ids=[product.pk, product.pk])
    product.refresh_from_db()
    assert product.search_index_dirty is True
    assert len(callbacks) == 1

    callbacks[0]()

    product.refresh_from_db()
    assert product.search_index_dirty is False
    assert names_found("苹果") == ["林芝苹果"]
    assert names_found("松茸") == []


def test_schedule_with_no_products_does_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        products_search_index_schedule(product_ids=[])

    assert callbacks == []


def test_update_dirty_indexes_only_dirty_products():
    clean = searchable_product("米林松茸")
    dirty = searchable_product("林芝松茸", index=False)

    assert products_search_index_update_dirty() == 1

    assert Product.objects.filter(search_index_dirty=True).count() == 0
    assert names_found("松茸") == ["林芝松茸", "米林松茸"]
    assert {clean.pk, dirty.pk} == set(Product.objects.values_list("pk", flat=True))


def test_task_reindexes_and_is_idempotent():
    product = searchable_product("林芝松茸", index=False)

    update_products_search_index_task.delay([product.pk])
    update_products_search_index_task.delay([product.pk])

    assert names_found("松茸") == ["林芝松茸"]


def test_sweep_task_indexes_dirty_products():
    searchable_product("林芝松茸", index=False)

    update_dirty_products_search_index_task.delay()

    assert names_found("松茸") == ["林芝松茸"]


@pytest.mark.parametrize(
    "task", [update_products_search_index_task, update_dirty_products_search_index_task]
)
def test_tasks_retry_database_errors_with_backoff(task):
    from django.db import DatabaseError

    from infra.celery import app as celery_app

    assert task.name.startswith("catalog.tasks.")
    assert celery_app.amqp.router.route({}, task.name)["queue"].name == "search"
    assert task.autoretry_for == (DatabaseError,)
    assert (task.retry_backoff, task.retry_backoff_max, task.max_retries) == (5, 300, 5)
    assert task.acks_late is True
