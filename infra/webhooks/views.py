"""`/.well-known/jwks.json`: the public key webhook payloads are signed with (Saleor's path)."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from infra.webhooks.signing import jwks


@require_GET
@cache_control(public=True, max_age=300)
def jwks_view(request: HttpRequest) -> JsonResponse:
    return JsonResponse(jwks())
