"""The running list a clerk builds at a counter (showroom/views/counter.py) or a station's
assisted order (showroom/views/stations.py): [[variant id, quantity], …] kept in the session
under one key per page and place, changed by posts with action=add|remove|clear."""

import contextlib
from collections.abc import Callable

from django.http import HttpRequest

from catalog.models import ProductVariant
from infra.errors import ValidationFailed

MAX_QUANTITY = 999


def basket_items(request: HttpRequest, key: str) -> list[list[int]]:
    return list(request.session.get(key, []))


def basket_rows(request: HttpRequest, key: str) -> list[dict]:
    """The list for showroom/partials/basket.html; a variant deleted since is left out."""
    items = basket_items(request, key)
    variants = ProductVariant.objects.select_related("product").in_bulk([pk for pk, _ in items])
    return [
        {"index": index, "variant": variants[pk], "quantity": quantity}
        for index, (pk, quantity) in enumerate(items)
        if pk in variants
    ]


def basket_context(request: HttpRequest, key: str) -> dict:
    """What showroom/partials/basket.html and basket_add.html need."""
    return {"rows": basket_rows(request, key), "max_quantity": MAX_QUANTITY}


def basket_lines(request: HttpRequest, key: str) -> list[tuple[ProductVariant, int]]:
    """The list as (variant, quantity) lines to sell or order."""
    items = basket_items(request, key)
    variants = ProductVariant.objects.in_bulk([pk for pk, _ in items])
    return [(variants[pk], quantity) for pk, quantity in items if pk in variants]


def basket_quantity(raw: str | None) -> int:
    try:
        quantity = int(raw or 1)
    except ValueError:
        raise ValidationFailed.single("quantity", "INVALID", "Enter a whole number.") from None
    if not 1 <= quantity <= MAX_QUANTITY:
        raise ValidationFailed.single(
            "quantity", "INVALID", f"The quantity must be between 1 and {MAX_QUANTITY}."
        )
    return quantity


def basket_update(
    request: HttpRequest, key: str, *, variant_find: Callable[[], ProductVariant]
) -> None:
    """Apply the posted action; an added product found by `variant_find` joins its line.
    Raises ValidationFailed (the list unchanged) for a bad quantity or product."""
    items = basket_items(request, key)
    action = request.POST.get("action", "add")
    if action == "clear":
        items = []
    elif action == "remove":
        with contextlib.suppress(ValueError, IndexError):
            items.pop(int(request.POST.get("index", "")))
    else:
        quantity = basket_quantity(request.POST.get("quantity"))
        variant = variant_find()
        for item in items:
            if item[0] == variant.pk:
                item[1] += quantity
                break
        else:
            items.append([variant.pk, quantity])
    request.session[key] = items


def basket_clear(request: HttpRequest, key: str) -> None:
    request.session[key] = []
