"""What every shopper page shows in its header: the cart's size and the search typed."""

from django.db.models import Sum
from django.http import HttpRequest

from storefront.models import CheckoutLine

CHECKOUT_SESSION_KEY = "checkout_token"


def shop(request: HttpRequest) -> dict:
    token = request.session.get(CHECKOUT_SESSION_KEY) if hasattr(request, "session") else None
    quantity = 0
    if token:
        quantity = (
            CheckoutLine.objects.filter(checkout_id=token).aggregate(total=Sum("quantity"))["total"]
            or 0
        )
    return {"cart_quantity": quantity, "search_query": request.GET.get("q", "")}
