"""checkoutComplete: resolves the checkout, refuses legacy payment input, returns the order."""

from typing import Any

from ariadne import MutationType

from infra.errors import ValidationFailed
from infra.graphql.mutations import MutationPayload, perform
from storefront.error_codes import CheckoutErrorCode
from storefront.graphql.checkout_access import checkout_for_mutation, token_of_global_id
from storefront.graphql.checkout_mutations import _metadata
from storefront.graphql.order_access import scoped_orders
from storefront.models import Order
from storefront.services.checkout_complete import checkout_complete

mutation = MutationType()


def _already_completed(info, id: str | None, token: Any, checkout_id: str | None) -> Order | None:
    """The order a completed checkout became (Saleor answers it instead of NOT_FOUND)."""
    global_id = id or checkout_id
    value = token if token is not None else token_of_global_id(global_id, field="id")
    return scoped_orders(info, Order.objects.filter(checkout_token=str(value))).first()


def _complete(info, id, token, checkout_id, metadata, payment_data, store_source) -> dict:
    if payment_data:
        raise ValidationFailed.single(
            "paymentData",
            CheckoutErrorCode.INVALID,
            "The legacy payments API is not supported; pay with transactionInitialize.",
        )
    if store_source:
        raise ValidationFailed.single(
            "storeSource", CheckoutErrorCode.INVALID, "Storing payment sources is not supported."
        )
    try:
        checkout = checkout_for_mutation(id=id, token=token, checkout_id=checkout_id, info=info)
    except ValidationFailed as failure:
        not_found = any(e.code == CheckoutErrorCode.NOT_FOUND.value for e in failure.errors)
        order = _already_completed(info, id, token, checkout_id) if not_found else None
        if order is None:
            raise
        return {"order": order, "confirmation_needed": False}
    order = checkout_complete(
        checkout=checkout,
        user=info.context.user,
        app=info.context.app,
        metadata=_metadata(metadata),
    )
    return {"order": order, "confirmation_needed": False}


@mutation.field("checkoutComplete")
def resolve_checkout_complete(
    _obj,
    info,
    id=None,
    token=None,
    checkout_id=None,
    metadata=None,
    payment_data=None,
    redirect_url=None,
    store_source=None,
) -> MutationPayload:
    payload = perform(
        lambda: _complete(info, id, token, checkout_id, metadata, payment_data, store_source)
    )
    if payload.errors:
        payload.confirmation_needed = False
    return payload


bindables = [mutation]
cost_map: dict = {}
