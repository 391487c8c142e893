"""Celery tasks of border trade: they take primary keys and call one service."""

from celery import shared_task
from django.db import DatabaseError

from infra.celery import retrying

RETRY = retrying(DatabaseError, OSError)


@shared_task(acks_late=True, ignore_result=True, **RETRY)
def generate_border_declaration_task(declaration_id: int) -> None:
    """Make and store the declaration's PDF and CSV (a rerun replaces them)."""
    # Imported here: WeasyPrint is slow to load, and web processes import this module to
    # schedule the task.
    from storefront.border.services.declarations import border_declaration_generate

    border_declaration_generate(declaration_id=declaration_id)
