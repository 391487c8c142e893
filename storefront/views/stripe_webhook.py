"""POST /webhooks/stripe/: Stripe's event deliveries (signed with STRIPE_WEBHOOK_SECRET)."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from storefront.services.payments_stripe_webhook import InvalidWebhook, stripe_webhook_handle


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    try:
        outcome = stripe_webhook_handle(
            payload=request.body, signature=request.headers.get("Stripe-Signature")
        )
    except InvalidWebhook:
        return JsonResponse({"error": "Invalid signature."}, status=400)
    # 200 for redeliveries and ignored types too, so Stripe stops retrying them.
    return JsonResponse({"received": True, "applied": outcome.applied})
