"""The storefront's non-GraphQL endpoints (included from infra/urls.py): the shopper pages
and the payment provider's webhook."""

from django.urls import path

from storefront.partners.views import statement_download
from storefront.views import account, browse, cart, checkout, handoff, orders, places, seo
from storefront.views.stripe_webhook import stripe_webhook

app_name = "storefront"

urlpatterns = [
    path("", browse.home, name="home"),
    path("regions/<str:code>/", browse.prefecture, name="prefecture"),
    path("counties/<str:code>/", browse.county, name="county"),
    path("categories/<str:slug>/", browse.category, name="category"),
    path("search/", browse.search, name="search"),
    path("search/suggestions/", browse.search_suggestions, name="search-suggestions"),
    path("products/<str:slug>/", browse.product, name="product"),
    path("cart/", cart.cart, name="cart"),
    path("cart/add/", cart.cart_add, name="cart-add"),
    path("cart/lines/<uuid:line_id>/", cart.cart_line_update, name="cart-line"),
    path("cart/claim/<uuid:token>/", handoff.cart_claim, name="cart-claim"),
    path("checkout/", checkout.checkout, name="checkout"),
    path("checkout/pay/", checkout.checkout_pay, name="checkout-pay"),
    path("orders/<uuid:order_id>/", orders.order, name="order"),
    path(
        "orders/<uuid:order_id>/bookings/<uuid:booking_id>/cancel/",
        orders.order_booking_cancel,
        name="order-booking-cancel",
    ),
    path("showrooms/<str:slug>/", places.showroom, name="showroom"),
    path("account/", account.account, name="account"),
    path("account/login/", account.login, name="login"),
    path("account/logout/", account.logout, name="logout"),
    path("account/register/", account.register, name="register"),
    path("account/addresses/", account.addresses, name="addresses"),
    path("sitemap.xml", seo.sitemap, name="sitemap"),
    path("robots.txt", seo.robots, name="robots"),
    path("webhooks/stripe/", stripe_webhook, name="stripe-webhook"),
    path(
        "partners/statements/<str:token>/",
        statement_download,
        name="partner-statement-download",
    ),
]
