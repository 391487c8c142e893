"""Shopper pages: registering, logging in and out, the address book and the order history.

Registration and addresses go through the account services of `accountRegister` and
`accountAddressCreate`; logging in is Django's authentication by e-mail. Once signed in, the
session's cart becomes the account's (`checkout_customer_attach`, as checkoutCustomerAttach).
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_POST

from catalog.addresses import format_address_lines
from infra.accounts.models import User
from infra.errors import ValidationFailed
from storefront.context_processors import CHECKOUT_SESSION_KEY
from storefront.forms import (
    AddressBookForm,
    LoginForm,
    RegisterForm,
    add_failure,
    failure_messages,
)
from storefront.selectors import orders as order_selectors
from storefront.selectors.accounts import customer_addresses, customer_profile
from storefront.selectors.checkout import checkout_by_token, user_checkouts
from storefront.services import accounts as account_services
from storefront.services import checkout as checkout_services
from storefront.views.cart import remember_checkout, storefront_channel_slug
from storefront.views.orders import order_status_label

ORDERS_PER_PAGE = 24


def _login_redirect(request: HttpRequest) -> HttpResponse | None:
    """Send a guest to the login page, coming back here afterwards."""
    if request.user.is_authenticated:
        return None
    query = urlencode({"next": request.get_full_path()})
    return redirect(f"{reverse('storefront:login')}?{query}")


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("storefront:account")


def _adopt_checkout(request: HttpRequest, user: User) -> None:
    """Make the guest's cart the account's; without one, resume the account's latest cart."""
    token = request.session.get(CHECKOUT_SESSION_KEY)
    checkout = checkout_by_token(token) if token else None
    if checkout is None:
        latest = user_checkouts(user.pk, storefront_channel_slug()).first()
        if latest is not None:
            remember_checkout(request, latest)
        return
    if checkout.user_id is None:
        try:
            checkout_services.checkout_customer_attach(checkout=checkout, user=user)
        except ValidationFailed as failure:
            # Stock held for the guest is not there for the account's hold time.
            for text in failure_messages(failure):
                messages.warning(request, text)
    elif checkout.user_id != user.pk:
        request.session.pop(CHECKOUT_SESSION_KEY, None)


def _signed_in(request: HttpRequest, user: User) -> HttpResponse:
    auth_login(request, user)
    _adopt_checkout(request, user)
    return redirect(_next_url(request))


def login(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.method != "POST":
        return redirect(_next_url(request))
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request,
            email=form.cleaned_data["email"].strip().lower(),
            password=form.cleaned_data["password"],
        )
        if user is not None:
            messages.success(request, gettext("You are logged in."))
            return _signed_in(request, user)
        form.add_error(None, gettext("The email or password is not right."))
    return render(
        request,
        "storefront/pages/login.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
    )


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    auth_logout(request)
    messages.success(request, gettext("You are logged out."))
    return redirect("storefront:home")


def register(request: HttpRequest) -> HttpResponse:
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = account_services.account_register(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                first_name=form.cleaned_data["first_name"],
                language_code=get_language(),
            )
        except ValidationFailed as failure:
            add_failure(form, failure)
        else:
            if user.pk is not None:
                messages.success(request, gettext("Welcome! Your account is ready."))
                return _signed_in(request, user)
            # The service does not say whether the e-mail is taken; nor do we.
            form.add_error(
                "email",
                gettext("An account cannot be made with this email. If it is yours, log in."),
            )
    return render(
        request,
        "storefront/pages/register.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
    )


def account(request: HttpRequest) -> HttpResponse:
    if (response := _login_redirect(request)) is not None:
        return response
    orders = order_selectors.orders_of_user(request.user).order_by("-created_at", "-number")
    page = Paginator(orders, ORDERS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [{"order": order, "status": order_status_label(order)} for order in page]
    return render(request, "storefront/pages/account.html", {"page": page, "rows": rows})


def addresses(request: HttpRequest) -> HttpResponse:
    if (response := _login_redirect(request)) is not None:
        return response
    user = request.user
    form = AddressBookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account_services.account_address_create(
                user=user,
                data=form.address_data(),
                address_type=(
                    account_services.SHIPPING if form.cleaned_data["default_shipping"] else None
                ),
            )
        except ValidationFailed as failure:
            add_failure(form, failure)
        else:
            messages.success(request, gettext("Address saved."))
            return redirect("storefront:addresses")
    profile = customer_profile(user)
    default_id = profile.default_shipping_address_id if profile else None
    saved = [
        {"lines": format_address_lines(address), "default": address.pk == default_id}
        for address in customer_addresses(user)
    ]
    return render(request, "storefront/pages/addresses.html", {"form": form, "saved": saved})
