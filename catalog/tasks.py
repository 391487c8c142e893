"""Celery tasks of the catalog: they take primary keys and call one service."""

from celery import shared_task
from django.db import DatabaseError

from catalog.services.licences import licences_expire_overdue
from catalog.services.search_index import (
    products_search_index_update,
    products_search_index_update_dirty,
)
from infra.celery import retrying

RETRY = retrying(DatabaseError)


@shared_task(acks_late=True, ignore_result=True, **RETRY)
def update_products_search_index_task(product_ids: list[int]) -> None:
    """Re-index these products; running it twice gives the same index."""
    products_search_index_update(product_ids=product_ids)


@shared_task(acks_late=True, ignore_result=True, **RETRY)
def update_dirty_products_search_index_task() -> None:
    """Sweep: re-index products left dirty (for the beat schedule)."""
    products_search_index_update_dirty(limit=10_000)


@shared_task(acks_late=True, ignore_result=True, **RETRY)
def generate_handbook_pdf_task(handbook_id: int) -> None:
    """Render the handbook's print PDF and store it on the handbook (a rerun replaces it)."""
    # Imported here: WeasyPrint takes half a second to load, and web processes import this
    # module to schedule search indexing.
    from catalog.handbook_outputs.services import handbook_pdf_generate

    handbook_pdf_generate(handbook_id=handbook_id)


@shared_task(acks_late=True, ignore_result=True, **RETRY)
def generate_handbook_package_task(handbook_id: int) -> None:
    """Build the handbook's shop data package (ZIP) and store it on the handbook."""
    from catalog.handbook_outputs.services import handbook_package_generate

    handbook_package_generate(handbook_id=handbook_id)


@shared_task(acks_late=True, ignore_result=True, **RETRY)
def expire_brand_licences_task() -> None:
    """Daily (beat): mark licences past their end date expired, logging each change.
    Running it twice changes nothing the second time."""
    licences_expire_overdue()
