"""Who may read a checkout, and how mutations find the checkout they act on (Saleor's rules).

A checkout is read by whoever has its ID when it is anonymous, by its customer when it is not,
and always by staff and apps with MANAGE_CHECKOUTS or IMPERSONATE_USER; checkouts of inactive
channels only by the latter. Mutations, as Saleor's, find any open checkout by its ID (the ID
is the shopper's secret); attaching and detaching customers check ownership themselves.
"""

import uuid

from graphql import GraphQLError, GraphQLResolveInfo

from catalog.graphql.channel_scope import in_scope
from catalog.graphql.taxonomy_common import one_of_args
from infra.accounts.permissions import PermissionEnum
from infra.errors import ValidationFailed
from infra.graphql.permissions import has_one_of
from infra.ids import from_global_id_or_error
from storefront.error_codes import CheckoutErrorCode
from storefront.models import Checkout
from storefront.selectors.checkout import checkout_by_token

STAFF_PERMISSIONS = (PermissionEnum.MANAGE_CHECKOUTS, PermissionEnum.IMPERSONATE_USER)


def is_checkout_owner(info: GraphQLResolveInfo, checkout: Checkout) -> bool:
    user = info.context.user
    return (
        info.context.app is None
        and user.is_authenticated
        and checkout.user_id is not None
        and checkout.user_id == user.pk
    )


def can_read_checkout(info: GraphQLResolveInfo, checkout: Checkout) -> bool:
    if not in_scope(info, checkout.channel_id):
        return False
    if checkout.channel.is_active and (
        checkout.user_id is None or is_checkout_owner(info, checkout)
    ):
        return True
    return has_one_of(info.context, STAFF_PERMISSIONS)


def token_of_global_id(global_id: str, *, field: str) -> uuid.UUID:
    """The token inside a Checkout global ID; GRAPHQL_ERROR on `field` when it is not one."""
    try:
        pk = from_global_id_or_error(global_id, "Checkout", int_pk=False)
        return uuid.UUID(str(pk))
    except GraphQLError as exc:
        raise ValidationFailed.single(field, CheckoutErrorCode.GRAPHQL_ERROR, exc.message) from None
    except ValueError:
        raise ValidationFailed.single(
            field,
            CheckoutErrorCode.GRAPHQL_ERROR,
            f"Invalid ID: {global_id}. Expected: Checkout.",
        ) from None


def checkout_for_mutation(
    *,
    id: str | None = None,
    token: uuid.UUID | str | None = None,
    checkout_id: str | None = None,
    info: GraphQLResolveInfo | None = None,
) -> Checkout:
    """The open checkout named by `id` (or the deprecated `token` / `checkoutId`).

    Pass the caller's `info`: a checkout of a channel it may not use (another channel's, for
    a partner's app) is not found.
    """
    try:
        name, value = one_of_args(checkout_id=checkout_id, token=token, id=id)
    except GraphQLError as exc:
        message = exc.message.replace("'checkout_id'", "'checkoutId'")
        raise ValidationFailed.single(None, CheckoutErrorCode.GRAPHQL_ERROR, message) from None
    field = "checkoutId" if name == "checkout_id" else name
    if name == "token":
        checkout = checkout_by_token(value)
        missing = f"Couldn't resolve to a node: {value}."
    else:
        checkout = checkout_by_token(token_of_global_id(value, field=field))
        missing = f"Couldn't resolve to a node: {value}"
    if checkout is None or (info is not None and not in_scope(info, checkout.channel_id)):
        raise ValidationFailed.single(field, CheckoutErrorCode.NOT_FOUND, missing)
    return checkout
