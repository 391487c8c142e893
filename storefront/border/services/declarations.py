"""Declarations of border orders: recorded with the order (the facts as they are when it is
placed), made into a PDF and a CSV by a Celery task after commit, stored through the media
storage under names with a random part."""

import datetime
import secrets
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from storefront.border.models import (
    BorderChannel,
    BorderDeclaration,
    BorderDeclarationLine,
    BorderListing,
    BorderResident,
)
from storefront.border.selectors import buyer_amount, fx_rate_on
from storefront.border.tasks import generate_border_declaration_task
from storefront.models import Order, OrderLine

if TYPE_CHECKING:
    from storefront.selectors.checkout import CheckoutInfo

OUTPUT_DIR = "border/declarations"


def declaration_number(*, port_code: str, day: datetime.date, order_number: int) -> str:
    return f"{port_code.upper()}-{day:%Y%m%d}-{order_number:06d}"


def border_declaration_create(
    *,
    order: Order,
    order_lines: Sequence[OrderLine],
    info: "CheckoutInfo",
    border_channel: BorderChannel,
    listings: Mapping[int, BorderListing],
    resident: BorderResident | None,
    day: datetime.date,
    quota_amount: Decimal,
) -> BorderDeclaration:
    """Record the declaration of `order` (lines in `info.lines` order) and have its files made
    once the order commits."""
    port = border_channel.port
    fx = fx_rate_on(border_channel.buyer_currency, day)
    declaration = BorderDeclaration.objects.create(
        order=order,
        number=declaration_number(port_code=port.code, day=day, order_number=order.number),
        port=port,
        resident=resident,
        resident_name=resident.name if resident else "",
        resident_id_masked=resident.id_masked if resident else "",
        local_date=day,
        quota_amount=quota_amount,
        buyer_currency=border_channel.buyer_currency,
        fx_rate=fx.rate if fx else None,
        fx_date=fx.date if fx else None,
        fx_source=fx.source if fx else "",
        file_key=secrets.token_hex(8),
    )
    rows = []
    for index, (order_line, line_info) in enumerate(zip(order_lines, info.lines, strict=True)):
        listing = listings[line_info.variant.pk]
        quantity = order_line.quantity
        value = order_line.total_price_amount
        goods = " ".join(filter(None, [order_line.product_name, order_line.variant_name]))
        rows.append(
            BorderDeclarationLine(
                declaration=declaration,
                order_line=order_line,
                sort_order=index,
                goods=goods,
                sku=order_line.product_sku or "",
                hs_code=listing.hs_code,
                country_of_origin=listing.country_of_origin,
                quantity=quantity,
                net_weight_kg=listing.net_weight_kg * quantity,
                gross_weight_kg=listing.gross_weight_kg * quantity,
                value_cny=value,
                value_buyer=(
                    buyer_amount(value, fx.rate, border_channel.buyer_currency) if fx else None
                ),
            )
        )
    BorderDeclarationLine.objects.bulk_create(rows)
    _schedule(declaration.pk)
    return declaration


def _schedule(declaration_id: int) -> None:
    transaction.on_commit(
        lambda: generate_border_declaration_task.delay(declaration_id), robust=True
    )


def _store(declaration: BorderDeclaration, field_name: str, extension: str, data: bytes) -> str:
    field = getattr(declaration, field_name)
    storage = field.storage
    previous = field.name
    name = f"{OUTPUT_DIR}/{declaration.file_key}/{declaration.number}.{extension}"
    if storage.exists(name):
        storage.delete(name)
    stored = storage.save(name, ContentFile(data))
    if previous and previous != stored and storage.exists(previous):
        storage.delete(previous)
    return stored


def border_declaration_generate(*, declaration_id: int) -> BorderDeclaration | None:
    """Render and store the declaration's PDF and CSV (a rerun replaces them); None if the
    declaration is gone."""
    from storefront.border.documents import declaration_csv, declaration_sheet
    from storefront.border.documents_pdf import declaration_pdf

    sheet = declaration_sheet(declaration_id=declaration_id)
    if sheet is None:
        return None
    declaration = sheet.declaration
    names = {
        "pdf_file": _store(declaration, "pdf_file", "pdf", declaration_pdf(sheet)),
        "csv_file": _store(declaration, "csv_file", "csv", declaration_csv(sheet)),
    }
    generated_at = timezone.now()
    BorderDeclaration.objects.filter(pk=declaration.pk).update(**names, generated_at=generated_at)
    for field_name, name in names.items():
        setattr(declaration, field_name, name)
    declaration.generated_at = generated_at
    return declaration
