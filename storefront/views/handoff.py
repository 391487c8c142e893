"""A cart handed over from a showroom kiosk: the kiosk shows a QR code of
/cart/claim/<checkout token>/, and opening it on the shopper's phone makes that checkout the
session's cart (as adding to the cart does) and opens the checkout page, where the shopper
gives an address and pays as any shopper does.

A link claims only a checkout that still exists, belongs to no account and was made at most
CLAIM_MAX_AGE ago; a signed-in shopper's claim attaches it to their account, as logging in
does. The phone that already holds the checkout may open the link again at any time.
"""

import datetime
import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from infra.errors import ValidationFailed
from storefront.context_processors import CHECKOUT_SESSION_KEY
from storefront.forms import failure_messages
from storefront.selectors.checkout import checkout_by_token
from storefront.services import checkout as checkout_services
from storefront.views.cart import remember_checkout, shopper

CLAIM_MAX_AGE = datetime.timedelta(minutes=30)


@require_GET
def cart_claim(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    if request.session.get(CHECKOUT_SESSION_KEY) == str(token):
        return redirect("storefront:checkout")
    checkout = checkout_by_token(token)
    if (
        checkout is None
        or checkout.user_id is not None
        or checkout.created_at < timezone.now() - CLAIM_MAX_AGE
    ):
        messages.error(
            request,
            gettext("This link no longer opens a cart: scan the code on the kiosk again."),
        )
        return redirect("storefront:cart")
    user = shopper(request)
    if user is not None:
        try:
            checkout = checkout_services.checkout_customer_attach(checkout=checkout, user=user)
        except ValidationFailed as failure:
            for text in failure_messages(failure):
                messages.warning(request, text)
    remember_checkout(request, checkout)
    return redirect("storefront:checkout")
