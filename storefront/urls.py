"""The storefront's non-GraphQL endpoints (included from infra/urls.py)."""

from django.urls import path

from storefront.views.stripe_webhook import stripe_webhook

urlpatterns = [
    path("webhooks/stripe/", stripe_webhook, name="stripe-webhook"),
]
