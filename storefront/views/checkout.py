"""Shopper pages: the one-page checkout (address, delivery, payment) and paying.

Each step calls the services the GraphQL mutations call (checkoutEmailUpdate,
checkoutShipping/BillingAddressUpdate, checkoutDeliveryMethodUpdate, transactionInitialize /
transactionProcess, checkoutComplete) with the same arguments; nothing is priced or checked here.
"""

import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_POST

from catalog.models import Warehouse
from infra.errors import ValidationFailed
from storefront.context_processors import CHECKOUT_SESSION_KEY
from storefront.forms import (
    BillingAddressForm,
    CheckoutAddressForm,
    PaymentForm,
    add_failure,
    address_initial,
    address_input,
    failure_messages,
)
from storefront.models import (
    Checkout,
    Order,
    ShippingMethod,
    TransactionEventType,
    TransactionItem,
)
from storefront.payments.base import PaymentSource
from storefront.payments.dummy import DummyGateway
from storefront.payments.registry import available_gateways
from storefront.payments.stripe_gateway import StripeGateway
from storefront.selectors.accounts import customer_profile
from storefront.selectors.checkout import CheckoutInfo, collection_points, fetch_checkout_info
from storefront.selectors.shipping import ShippingOption, applicable_shipping_methods
from storefront.services import checkout as checkout_services
from storefront.services import checkout_delivery as delivery_services
from storefront.services import payments_sessions
from storefront.services.checkout_complete import checkout_complete
from storefront.services.payments import source_balance
from storefront.views.cart import (
    line_rows,
    session_checkout,
    shopper,
    variant_names,
)
from storefront.views.orders import PLACED_ORDERS_SESSION_KEY, warehouse_address_lines

STRIPE_SESSION_KEY = "stripe_payment"
PLACED_ORDERS_KEPT = 20
FAILURES = (TransactionEventType.CHARGE_FAILURE, TransactionEventType.AUTHORIZATION_FAILURE)


@dataclass
class DeliveryChoice:
    value: str
    name: str
    price: Decimal
    details: list[str]
    pickup: bool


def _shipping_choice(option: ShippingOption) -> DeliveryChoice:
    method = option.method
    days = ""
    if method.minimum_delivery_days is not None and method.maximum_delivery_days is not None:
        days = gettext("%(min)s–%(max)s days") % {
            "min": method.minimum_delivery_days,
            "max": method.maximum_delivery_days,
        }
    return DeliveryChoice(
        value=f"shipping:{method.pk}",
        name=method.name,
        price=option.price,
        details=[days] if days else [],
        pickup=False,
    )


def _pickup_choice(warehouse: Warehouse) -> DeliveryChoice:
    return DeliveryChoice(
        value=f"pickup:{warehouse.pk}",
        name=warehouse.name,
        price=Decimal(0),
        details=warehouse_address_lines(warehouse),
        pickup=True,
    )


def _shipping_options(checkout: Checkout, info: CheckoutInfo) -> list[ShippingOption]:
    """Methods priced for the shopper's own address. While a pickup point is chosen the
    checkout's shipping address is the point's, so they are priced for the billing address,
    where delivery would go (the address form shows it)."""
    if checkout.collection_point_id is None:
        return info.shipping_options
    address = checkout.billing_address
    if address is None or not info.is_shipping_required:
        return []
    return applicable_shipping_methods(
        channel=info.channel,
        country_code=address.country,
        weight=info.weight,
        subtotal=info.subtotal,
        division=address.division_id,
    )


def delivery_choices(checkout: Checkout, info: CheckoutInfo) -> list[DeliveryChoice]:
    choices = [_shipping_choice(option) for option in _shipping_options(checkout, info)]
    return choices + [_pickup_choice(point) for point in collection_points(info)]


def _selected_delivery(checkout: Checkout, info: CheckoutInfo) -> str | None:
    if checkout.collection_point_id is not None:
        return f"pickup:{checkout.collection_point_id}"
    if info.shipping_option is not None:
        return f"shipping:{checkout.shipping_method_id}"
    return None


def _gateway_choices(checkout: Checkout) -> list[tuple[str, str]]:
    return [
        (gateway.id, gettext(gateway.name))
        for gateway in available_gateways(PaymentSource(checkout=checkout))
    ]


def _address_forms(request: HttpRequest, checkout: Checkout):
    """The address forms filled from the checkout (or the account's default address)."""
    own = checkout.shipping_address if checkout.collection_point_id is None else None
    billing = checkout.billing_address
    initial = address_initial(own or billing)
    if not initial and request.user.is_authenticated:
        profile = customer_profile(request.user)
        initial = address_initial(profile.default_shipping_address if profile else None)
    same = billing is None or own is None or address_initial(billing) == address_initial(own)
    address_form = CheckoutAddressForm(
        initial={**initial, "email": checkout.email or "", "billing_same": same},
        needs_email=not request.user.is_authenticated,
    )
    billing_form = BillingAddressForm(prefix="billing", initial=address_initial(billing))
    return address_form, billing_form


def _stripe_step(request: HttpRequest, checkout: Checkout, info: CheckoutInfo) -> dict | None:
    """The Stripe payment started for this checkout at its current total, if any."""
    pending = request.session.get(STRIPE_SESSION_KEY)
    if (
        not pending
        or pending.get("checkout") != str(checkout.pk)
        or pending.get("total") != str(info.total)
    ):
        return None
    return {
        **pending,
        "return_url": request.build_absolute_uri(reverse("storefront:checkout")),
        "returned": "payment_intent" in request.GET,
    }


def _render(
    request: HttpRequest,
    checkout: Checkout,
    *,
    address_form: CheckoutAddressForm | None = None,
    billing_form: BillingAddressForm | None = None,
) -> HttpResponse:
    info = fetch_checkout_info(checkout)
    rows = line_rows(info)
    if address_form is None or billing_form is None:
        address_form, billing_form = _address_forms(request, checkout)
    has_address = bool(
        checkout.billing_address_id
        and (checkout.shipping_address_id or not info.is_shipping_required)
        and (checkout.email or request.user.is_authenticated)
    )
    choices = delivery_choices(checkout, info) if has_address and info.is_shipping_required else []
    delivered = not info.is_shipping_required or _selected_delivery(checkout, info) is not None
    ready = has_address and delivered
    gateways = _gateway_choices(checkout) if ready else []
    return render(
        request,
        "storefront/pages/checkout.html",
        {
            "checkout": checkout,
            "info": info,
            "rows": rows,
            "currency": info.currency,
            "address_form": address_form,
            "billing_form": billing_form,
            "has_address": has_address,
            "shipping_choices": [c for c in choices if not c.pickup],
            "pickup_choices": [c for c in choices if c.pickup],
            "selected_delivery": _selected_delivery(checkout, info),
            "ready": ready,
            "payment_form": PaymentForm(
                choices=gateways,
                initial={"gateway": gateways[0][0] if len(gateways) == 1 else None},
            ),
            "dummy_gateway": DummyGateway.id,
            "stripe": _stripe_step(request, checkout, info) if ready else None,
        },
    )


def checkout(request: HttpRequest) -> HttpResponse:
    current = session_checkout(request)
    if current is None or not fetch_checkout_info(current).lines:
        messages.info(request, gettext("Your cart is empty."))
        return redirect("storefront:cart")
    if request.method == "POST":
        step = request.POST.get("step")
        if step == "address":
            return _save_address(request, current)
        if step == "delivery":
            return _save_delivery(request, current)
        return redirect("storefront:checkout")
    return _render(request, current)


def _save_address(request: HttpRequest, current: Checkout) -> HttpResponse:
    needs_email = not request.user.is_authenticated
    address_form = CheckoutAddressForm(request.POST, needs_email=needs_email)
    billing_form = BillingAddressForm(request.POST, prefix="billing")
    valid = address_form.is_valid()
    same = bool(address_form.cleaned_data.get("billing_same"))
    if same:
        billing_form = BillingAddressForm(
            prefix="billing", initial=address_initial(current.billing_address)
        )
    if not (valid and (same or billing_form.is_valid())):
        return _render(request, current, address_form=address_form, billing_form=billing_form)
    shipping = address_form.address_data()
    billing = shipping if same else billing_form.address_data()
    try:
        with transaction.atomic():
            checkout = current
            if needs_email:
                checkout = checkout_services.checkout_email_update(
                    checkout=checkout, email=address_form.cleaned_data["email"]
                )
            if checkout.collection_point_id is not None:
                # The shopper gives an address to deliver to: the pickup choice goes.
                checkout = delivery_services.checkout_delivery_method_update(
                    checkout=checkout, method=None
                )
            checkout = delivery_services.checkout_shipping_address_update(
                checkout=checkout, data=shipping
            )
            delivery_services.checkout_billing_address_update(checkout=checkout, data=billing)
    except ValidationFailed as failure:
        info = fetch_checkout_info(current)
        names = variant_names(info, line_rows(info))
        # With a billing address of its own, its errors go next to its fields.
        to_billing = [
            e for e in failure.errors if not same and e.extra.get("address_type") == "BILLING"
        ]
        others = [e for e in failure.errors if e not in to_billing]
        if to_billing:
            add_failure(billing_form, ValidationFailed(to_billing), names)
        if others:
            add_failure(address_form, ValidationFailed(others), names)
        return _render(
            request,
            session_checkout(request) or current,
            address_form=address_form,
            billing_form=billing_form,
        )
    if fetch_checkout_info(current).is_shipping_required:
        messages.success(request, gettext("Address saved. Now choose how to receive your order."))
        return redirect(reverse("storefront:checkout") + "#delivery")
    messages.success(request, gettext("Address saved. Now choose how to pay."))
    return redirect(reverse("storefront:checkout") + "#payment")


def _delivery_method(value: str) -> ShippingMethod | Warehouse | None:
    kind, _sep, pk = (value or "").partition(":")
    if not pk.isdigit():
        return None
    if kind == "shipping":
        return ShippingMethod.objects.filter(pk=int(pk)).first()
    if kind == "pickup":
        return Warehouse.objects.filter(pk=int(pk)).first()
    return None


def _save_delivery(request: HttpRequest, current: Checkout) -> HttpResponse:
    method = _delivery_method(request.POST.get("delivery_method", ""))
    if method is None:
        messages.error(request, gettext("Choose how to receive your order."))
        return redirect(reverse("storefront:checkout") + "#delivery")
    try:
        with transaction.atomic():
            checkout = current
            if (
                isinstance(method, ShippingMethod)
                and checkout.collection_point_id is not None
                and checkout.billing_address is not None
            ):
                # Back from pickup to delivery: deliver to the shopper's own address again.
                checkout = delivery_services.checkout_delivery_method_update(
                    checkout=checkout, method=None
                )
                checkout = delivery_services.checkout_shipping_address_update(
                    checkout=checkout, data=address_input(current.billing_address)
                )
            delivery_services.checkout_delivery_method_update(checkout=checkout, method=method)
    except ValidationFailed as failure:
        info = fetch_checkout_info(current)
        for text in failure_messages(failure, variant_names(info, line_rows(info))):
            messages.error(request, text)
        return redirect(reverse("storefront:checkout") + "#delivery")
    messages.success(request, gettext("Delivery chosen. Now choose how to pay."))
    return redirect(reverse("storefront:checkout") + "#payment")


# --- paying ------------------------------------------------------------------------------------


def _declined(result: payments_sessions.SessionResult) -> bool:
    return result.event is not None and result.event.type in FAILURES


def _payment_failed(request: HttpRequest) -> HttpResponse:
    messages.error(
        request,
        gettext("Your payment was declined. Try again, or choose another payment method."),
    )
    return redirect(reverse("storefront:checkout") + "#payment")


def _failure(request: HttpRequest, checkout: Checkout, failure: ValidationFailed) -> HttpResponse:
    info = fetch_checkout_info(checkout)
    for text in failure_messages(failure, variant_names(info, line_rows(info))):
        messages.error(request, text)
    return redirect(reverse("storefront:checkout") + "#payment")


def _place(request: HttpRequest, checkout: Checkout) -> HttpResponse:
    """Complete the checkout (checkoutComplete) and show the order."""
    language = get_language()
    if checkout.language_code != language:
        # The order's e-mails follow the language the shopper paid in.
        checkout = checkout_services.checkout_language_code_update(
            checkout=checkout, language_code=language
        )
    try:
        order = checkout_complete(checkout=checkout, user=shopper(request))
    except ValidationFailed as failure:
        return _failure(request, checkout, failure)
    return _placed(request, order)


def _placed(request: HttpRequest, order: Order) -> HttpResponse:
    placed = [str(order.pk), *request.session.get(PLACED_ORDERS_SESSION_KEY, [])]
    request.session[PLACED_ORDERS_SESSION_KEY] = list(dict.fromkeys(placed))[:PLACED_ORDERS_KEPT]
    request.session.pop(CHECKOUT_SESSION_KEY, None)
    request.session.pop(STRIPE_SESSION_KEY, None)
    messages.success(request, gettext("Thank you! Your order has been placed."))
    return redirect("storefront:order", order_id=order.pk)


def _stripe_started(
    request: HttpRequest, checkout: Checkout, total: Decimal, key: str, data: dict
) -> HttpResponse:
    result_data = data or {}
    request.session[STRIPE_SESSION_KEY] = {
        "checkout": str(checkout.pk),
        "total": str(total),
        "idempotency_key": key,
        "transaction": result_data.get("transaction", ""),
        "client_secret": result_data.get("client_secret", ""),
        "publishable_key": result_data.get("publishable_key", ""),
    }
    return redirect(reverse("storefront:checkout") + "#payment")


def _stripe_key(request: HttpRequest, checkout: Checkout, total: Decimal) -> str:
    """The idempotency key of the Stripe payment already started for this checkout and total
    (so paying again reuses its PaymentIntent), or a new one."""
    pending = request.session.get(STRIPE_SESSION_KEY) or {}
    if pending.get("checkout") == str(checkout.pk) and pending.get("total") == str(total):
        return pending["idempotency_key"]
    return str(uuid.uuid4())


@require_POST
def checkout_pay(request: HttpRequest) -> HttpResponse:
    token = request.session.get(CHECKOUT_SESSION_KEY)
    checkout = session_checkout(request)
    if checkout is None:
        # The provider told us of the payment first, and the order was placed without us.
        order = Order.objects.filter(checkout_token=token).first() if token else None
        if order is not None:
            return _placed(request, order)
        messages.error(request, gettext("Your cart is empty."))
        return redirect("storefront:cart")
    if request.POST.get("transaction"):
        return _stripe_finish(request, checkout, request.POST["transaction"])
    form = PaymentForm(request.POST, choices=_gateway_choices(checkout))
    if not form.is_valid():
        messages.error(request, gettext("Choose a payment method."))
        return redirect(reverse("storefront:checkout") + "#payment")
    gateway_id = form.cleaned_data["gateway"]
    source = PaymentSource(checkout=checkout)
    total = fetch_checkout_info(checkout).total
    try:
        # Money already taken (say, before stock ran out at the last attempt) is not taken again.
        if source_balance(source, total) > 0:
            card = form.cleaned_data["card"]
            is_stripe = gateway_id == StripeGateway.id
            key = _stripe_key(request, checkout, total) if is_stripe else None
            result = payments_sessions.transaction_initialize(
                source=source,
                gateway_id=gateway_id,
                data={"card": card} if card and gateway_id == DummyGateway.id else None,
                idempotency_key=key,
                user=request.user,
            )
            if is_stripe:
                data = {**(result.data or {}), "transaction": str(result.transaction.token)}
                return _stripe_started(request, checkout, total, key, data)
            if _declined(result):
                return _payment_failed(request)
    except ValidationFailed as failure:
        return _failure(request, checkout, failure)
    return _place(request, checkout)


def _stripe_finish(request: HttpRequest, checkout: Checkout, token: str) -> HttpResponse:
    """After Stripe.js confirmed the PaymentIntent: ask Stripe where it stands
    (transactionProcess), then place the order."""
    try:
        payment = TransactionItem.objects.filter(token=uuid.UUID(token), checkout=checkout).first()
    except ValueError:
        payment = None
    if payment is None:
        messages.error(request, gettext("This payment is not for your cart."))
        return redirect(reverse("storefront:checkout") + "#payment")
    try:
        result = payments_sessions.transaction_process(transaction=payment, user=request.user)
    except ValidationFailed as failure:
        return _failure(request, checkout, failure)
    if _declined(result):
        request.session.pop(STRIPE_SESSION_KEY, None)
        return _payment_failed(request)
    return _place(request, checkout)
