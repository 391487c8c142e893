"""Order e-mails to the customer: the confirmation, and the shipment (or ready-for-pickup)
notice staff may send with a fulfilment. Each is rendered in the order's language, sent, and
recorded as an EMAIL_SENT event.

Addresses are written as their country writes them (Chinese ones from the province down, see
`catalog.addresses.format_address_lines`); line names are the ones frozen on the order, in
the customer's language when checkout had a translation.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from types import SimpleNamespace

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from catalog.addresses import format_address_lines
from catalog.models import Warehouse
from storefront.models import Fulfillment, Order, OrderEvents, OrderLine
from storefront.services.order_events import order_event_record

# Saleor's OrderEventsEmails values.
ORDER_CONFIRMATION = "order_confirmation"
FULFILLMENT_CONFIRMATION = "fulfillment_confirmation"
TRACKING_UPDATED = "tracking_updated"
CURRENCY_SYMBOLS = {"CNY": "¥"}
WAREHOUSE_ADDRESS_FIELDS = (
    "company_name", "street_address_1", "street_address_2", "city", "city_area", "postal_code",
    "country", "country_area", "phone",
)  # fmt: skip


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def money_display(amount: Decimal, currency: str) -> str:
    value = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    symbol = CURRENCY_SYMBOLS.get(currency)
    return f"{symbol}{value}" if symbol else f"{value} {currency}"


def order_recipient(order: Order) -> str:
    if order.user_email:
        return order.user_email
    return order.user.email if order.user_id and order.user else ""


def _warehouse_address_lines(warehouse: Warehouse) -> list[str]:
    fields = {name: getattr(warehouse, name) for name in WAREHOUSE_ADDRESS_FIELDS}
    return format_address_lines(SimpleNamespace(first_name="", last_name="", **fields))


def _person_name(first: str, last: str) -> str:
    """Chinese and Tibetan names family name first and unspaced; Latin ones as written."""
    if (first + last).isascii():
        return " ".join(part for part in (first, last) if part)
    return f"{last}{first}"


def _customer_name(order: Order) -> str:
    address = order.billing_address or order.shipping_address
    if address is not None:
        return _person_name(address.first_name, address.last_name)
    if order.user is not None:
        return _person_name(order.user.first_name, order.user.last_name)
    return ""


def _line(line: OrderLine, quantity: int) -> dict:
    currency = line.currency
    return {
        "name": line.translated_product_name or line.product_name,
        "variant": line.translated_variant_name or line.variant_name,
        "sku": line.product_sku or "",
        "quantity": quantity,
        "unit_price": money_display(line.unit_price_amount, currency),
        "total": money_display(line.unit_price_amount * quantity, currency),
    }


def _pickup(order: Order) -> dict | None:
    if not (order.collection_point_id or order.collection_point_name):
        return None
    warehouse = order.collection_point
    return {
        "name": order.collection_point_name or (warehouse.name if warehouse else ""),
        "address_lines": _warehouse_address_lines(warehouse) if warehouse else [],
        "code": order.pickup_code,
    }


def _context(order: Order) -> dict:
    currency = order.currency
    return {
        "order": order,
        "customer_name": _customer_name(order),
        "subtotal": money_display(order.subtotal_amount, currency),
        "shipping": money_display(order.shipping_price_amount, currency),
        "total": money_display(order.total_amount, currency),
        "pickup": _pickup(order),
        "shipping_method": order.shipping_method_name,
        "shipping_address_lines": (
            format_address_lines(order.shipping_address) if order.shipping_address else []
        ),
        "billing_address_lines": (
            format_address_lines(order.billing_address) if order.billing_address else []
        ),
    }


def _render(order: Order, template: str, subject: str, context: dict) -> RenderedEmail:
    """Render `template` (.txt and .html) in the order's language; `subject` is a msgid
    formatted with the order number."""
    with translation.override(order.language_code or settings.LANGUAGE_CODE):
        subject = _(subject) % {"number": order.number}
        context = _context(order) | context
        context |= {"subject": subject, "language_code": translation.get_language()}
        text = render_to_string(f"storefront/email/{template}.txt", context)
        html = render_to_string(f"storefront/email/{template}.html", context)
    return RenderedEmail(subject=subject, text=text, html=html)


def order_confirmation_render(order: Order) -> RenderedEmail:
    """The confirmation of a placed order: every line with prices, totals and addresses."""
    lines = [_line(line, line.quantity) for line in order.lines.all()]
    # Translators: e-mail subject; %(number)s is the order number.
    subject = gettext_noop("Your order #%(number)s has been received")
    return _render(order, "order_confirmation", subject, {"lines": lines})


def fulfillment_render(fulfillment: Fulfillment, *, email_type: str) -> RenderedEmail:
    """The notice that a fulfilment's units left the warehouse (or wait at the pickup point)."""
    order = fulfillment.order
    lines = [
        _line(row.order_line, row.quantity)
        for row in fulfillment.lines.select_related("order_line").order_by("pk")
    ]
    if order.collection_point_id or order.collection_point_name:
        subject = gettext_noop("Your order #%(number)s is ready for pickup")
    elif email_type == TRACKING_UPDATED:
        subject = gettext_noop("Your order #%(number)s has a new tracking number")
    else:
        subject = gettext_noop("Your order #%(number)s has shipped")
    context = {"lines": lines, "tracking_number": fulfillment.tracking_number}
    return _render(order, "order_shipped", subject, context)


def _send(order: Order, rendered: RenderedEmail, *, email_type: str) -> bool:
    recipient = order_recipient(order)
    if not recipient:
        return False
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient],
    )
    message.attach_alternative(rendered.html, "text/html")
    message.send()
    with transaction.atomic():
        order_event_record(
            order=order, type=OrderEvents.EMAIL_SENT, email=recipient, email_type=email_type
        )
    return True


def _orders():
    return Order.objects.select_related(
        "user", "billing_address", "shipping_address", "collection_point"
    )


def order_confirmation_send(*, order_id: str) -> bool:
    """Send the confirmation once and record EMAIL_SENT; False when there is nothing to send
    (no such order, no e-mail address, or already sent)."""
    order = _orders().filter(pk=order_id).first()
    if order is None:
        return False
    already_sent = order.events.filter(
        type=OrderEvents.EMAIL_SENT, parameters__email_type=ORDER_CONFIRMATION
    ).exists()
    if already_sent:
        return False
    return _send(order, order_confirmation_render(order), email_type=ORDER_CONFIRMATION)


def fulfillment_email_send(*, fulfillment_id: int, email_type: str) -> bool:
    """Tell the customer about a fulfilment (FULFILLMENT_CONFIRMATION) or its new tracking
    number (TRACKING_UPDATED) and record EMAIL_SENT."""
    fulfillment = Fulfillment.objects.filter(pk=fulfillment_id).first()
    if fulfillment is None:
        return False
    fulfillment.order = _orders().get(pk=fulfillment.order_id)
    rendered = fulfillment_render(fulfillment, email_type=email_type)
    return _send(fulfillment.order, rendered, email_type=email_type)
