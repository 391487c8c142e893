"""Draft orders (Saleor's draftOrderCreate, draftOrderUpdate, draftOrderDelete): an order staff
or a partner's app builds for a customer, then places with draftOrderComplete
(storefront/services/draft_orders_complete.py).

A draft is an Order with status DRAFT and origin DRAFT, numbered when created, as Saleor does.
Nothing is reserved or allocated until it is placed; its prices follow the channel
(draft_orders_pricing.py). The partner's own references (its customer number, its order
number) go in the draft's metadata, which the order keeps.

`details` carries the DraftOrderInput fields we act on, decoded; a key that is absent leaves
that field as it is: customer (User), user_email, billing_address and shipping_address
(AddressInput, snake_case), shipping_method (ShippingMethod or None), customer_note,
language_code (Django's code), metadata and private_metadata (merged into the existing keys).
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError

from catalog.models import Channel
from infra.accounts.models import User
from infra.errors import ValidationFailed
from storefront.models import Address, Order, OrderOrigin, OrderStatus
from storefront.services.checkout_validation import BILLING, SHIPPING, address_from_input
from storefront.services.draft_orders_errors import DraftOrderErrorCode as Code
from storefront.services.draft_orders_lines import (
    DRAFT_CREATED,
    DraftLineInput,
    draft_lines_write,
)
from storefront.services.draft_orders_pricing import draft_shipping_option, draft_totals_refresh
from storefront.services.order_create import next_order_number
from storefront.services.order_events import order_event_record
from storefront.services.orders import order_lock

DETAIL_FIELDS = frozenset(
    {
        "customer",
        "user_email",
        "billing_address",
        "shipping_address",
        "shipping_method",
        "customer_note",
        "language_code",
        "metadata",
        "private_metadata",
    }
)


def _customer_apply(order: Order, details: Mapping[str, Any], *, link_accounts: bool) -> None:
    """Saleor: a user sets the e-mail; an e-mail alone links the active account that has it,
    unless accounts are not to be linked (a partner's app only knows its own customers)."""
    if details.get("customer") is not None:
        customer: User = details["customer"]
        order.user = customer
        order.user_email = details.get("user_email") or customer.email
    elif "user_email" in details:
        email = (details["user_email"] or "").strip()
        order.user_email = email
        order.user = (
            User.objects.filter(email__iexact=email, is_active=True).first()
            if email and link_accounts
            else None
        )


def _address_apply(order: Order, data: Mapping[str, Any] | None, kind: str) -> list[Address]:
    """Replace the draft's own copy of the address; returns the rows it no longer uses."""
    field = "shipping_address" if kind == SHIPPING else "billing_address"
    previous = getattr(order, field)
    if data is None:
        setattr(order, field, None)
    else:
        address = address_from_input(data, address_type=kind)
        address.save()
        setattr(order, field, address)
    return [previous] if previous is not None else []


def _shipping_method_check(order: Order) -> None:
    """A chosen method needs an address it can deliver the draft's current lines to (call
    after the totals were refreshed)."""
    if order.shipping_method_id is None:
        return
    if order.shipping_address_id is None:
        raise ValidationFailed.single(
            "shippingMethod",
            Code.ORDER_NO_SHIPPING_ADDRESS,
            "Cannot choose a shipping method for an order without the shipping address.",
        )
    if not order.lines.filter(is_shipping_required=True).exists():
        return
    # The totals were refreshed just before: weight and subtotal are the draft's own.
    option = draft_shipping_option(order, weight=order.weight, subtotal=order.subtotal_amount)
    if option is None:
        raise ValidationFailed.single(
            "shippingMethod",
            Code.SHIPPING_METHOD_NOT_APPLICABLE,
            "Shipping method cannot be used with this order.",
        )


def _details_apply(order: Order, details: Mapping[str, Any], *, link_accounts: bool) -> None:
    unknown = set(details) - DETAIL_FIELDS
    if unknown:
        raise ValueError(f"Unknown draft order fields: {sorted(unknown)}")
    _customer_apply(order, details, link_accounts=link_accounts)
    unused: list[Address] = []
    if "billing_address" in details:
        unused += _address_apply(order, details["billing_address"], BILLING)
    if "shipping_address" in details:
        unused += _address_apply(order, details["shipping_address"], SHIPPING)
    if "shipping_method" in details:
        order.shipping_method = details["shipping_method"]
    for name in ("customer_note", "language_code"):
        if details.get(name) is not None:
            setattr(order, name, details[name])
    for name in ("metadata", "private_metadata"):
        if details.get(name):
            setattr(order, name, {**getattr(order, name), **details[name]})
    order.save()
    for address in unused:
        address.delete()


def draft_order_create(
    *,
    channel: Channel,
    details: Mapping[str, Any],
    lines: Sequence[DraftLineInput] = (),
    user: Any = None,
    app: Any = None,
    link_accounts: bool = True,
) -> Order:
    """A new draft in `channel` for the customer in `details`, with `lines`.

    `link_accounts=False` never links the order to a platform account by e-mail."""
    with transaction.atomic():
        order = Order.objects.create(
            number=next_order_number(),
            status=OrderStatus.DRAFT,
            origin=OrderOrigin.DRAFT,
            channel=channel,
            currency=channel.currency_code,
        )
        method_given = "shipping_method" in details
        _details_apply(
            order,
            {k: v for k, v in details.items() if k != "shipping_method"},
            link_accounts=link_accounts,
        )
        order_event_record(order=order, type=DRAFT_CREATED, user=user, app=app)
        draft_lines_write(order=order, lines=lines, user=user, app=app)
        draft_totals_refresh(order)
        if method_given:
            order.shipping_method = details["shipping_method"]
            order.save(update_fields=["shipping_method", "updated_at"])
            _shipping_method_check(order)
            draft_totals_refresh(order)
    return order


def draft_order_update(
    *,
    order: Order,
    details: Mapping[str, Any],
    user: Any = None,
    app: Any = None,
    link_accounts: bool = True,
) -> Order:
    """Change the customer, addresses, shipping method, note, language or metadata of a
    draft; its totals follow."""
    with transaction.atomic():
        order = order_lock(order)
        if order.status != OrderStatus.DRAFT:
            raise ValidationFailed.single(
                "id", Code.INVALID, "Provided order id belongs to non-draft order."
            )
        _details_apply(order, details, link_accounts=link_accounts)
        draft_totals_refresh(order)
        if "shipping_method" in details or "shipping_address" in details:
            _shipping_method_check(order)
    return order


def draft_order_delete(*, order: Order) -> Order:
    """Delete a draft with its lines, history and addresses; the answer keeps its ID."""
    with transaction.atomic():
        order = order_lock(order)
        if order.status != OrderStatus.DRAFT:
            raise ValidationFailed.single(
                "id",
                Code.INVALID,
                "Provided order id belongs to non-draft order. Use `orderCancel` mutation instead.",
            )
        order_id = order.pk
        addresses = [a for a in (order.billing_address, order.shipping_address) if a]
        try:
            order.delete()
        except ProtectedError:
            raise ValidationFailed.single(
                "id", Code.CANNOT_DELETE, "A draft order with payments cannot be deleted."
            ) from None
        for address in addresses:
            address.delete()
        order.pk = order_id
    return order
