"""Keeping the product search index in step with the catalog.

Services that change what a product is found by call `products_search_index_schedule`
inside their transaction: the products are marked dirty at once and a Celery task
re-indexes them after commit. The task (catalog/tasks.py) calls `products_search_index_update`.
"""

from collections.abc import Iterable

from django.db import transaction

from catalog.models import Product
from catalog.search_document import (
    SEARCH_DOCUMENT_RELATED,
    product_search_documents,
)
from infra.search.backends import get_search_backend

BATCH_SIZE = 500


def products_search_index_schedule(*, product_ids: Iterable[int]) -> None:
    ids = sorted(set(product_ids))
    if not ids:
        return
    Product.objects.filter(pk__in=ids).update(search_index_dirty=True)
    from catalog.tasks import update_products_search_index_task

    transaction.on_commit(lambda: update_products_search_index_task.delay(ids), robust=True)


def products_search_index_update(*, product_ids: Iterable[int]) -> int:
    """Rebuild the search documents of these products and clear their dirty flag.

    Idempotent; ids of deleted products are ignored. Each batch locks its product rows, so a
    writer that marks a product dirty meanwhile waits, and its own task re-indexes it after.
    Returns the number of products indexed.
    """
    ids = sorted(set(product_ids))
    backend = get_search_backend()
    indexed = 0
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start : start + BATCH_SIZE]
        with transaction.atomic():
            products = list(
                Product.objects.filter(pk__in=batch)
                .select_related(*SEARCH_DOCUMENT_RELATED)
                .select_for_update(of=("self",))
                .order_by("pk")
            )
            documents = product_search_documents(products)
            backend.index(Product, documents)
            Product.objects.filter(pk__in=list(documents)).update(search_index_dirty=False)
        indexed += len(documents)
    return indexed


def products_search_index_update_dirty(*, limit: int | None = None) -> int:
    """Index every product still marked dirty (a lost task, a bulk import); returns the count."""
    dirty = Product.objects.filter(search_index_dirty=True).order_by("pk")
    ids = list(dirty.values_list("pk", flat=True)[:limit])
    return products_search_index_update(product_ids=ids)
