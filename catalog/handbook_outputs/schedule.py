"""Asking for a handbook's outputs. Kept apart from the rendering so that web processes that
schedule them do not load WeasyPrint."""

from django.db import transaction

from catalog.tasks import generate_handbook_package_task, generate_handbook_pdf_task


def handbook_outputs_schedule(*, handbook_id: int) -> None:
    """Make the PDF and the data package in the background once the transaction commits."""
    transaction.on_commit(lambda: generate_handbook_pdf_task.delay(handbook_id), robust=True)
    transaction.on_commit(lambda: generate_handbook_package_task.delay(handbook_id), robust=True)
