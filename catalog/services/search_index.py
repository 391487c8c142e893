"""Keeping the product search index in step with the catalog.

Services that change what a product is found by call `products_search_index_schedule`
inside their transaction: the products are marked dirty at once and a Celery task
re-indexes them after commit. The task (catalog/tasks.py) calls `products_search_index_update`.
"""

from collections.abc import Iterable

from django.db import transaction

from catalog.models import Product


def products_search_index_schedule(*, product_ids: Iterable[int]) -> None:
    ids = sorted(set(product_ids))
    if not ids:
        return
    Product.objects.filter(pk__in=ids).update(search_index_dirty=True)
    from catalog.tasks import update_products_search_index_task

    transaction.on_commit(lambda: update_products_search_index_task.delay(ids))
