"""Checkout mutations, as Saleor's: create, lines, e-mail, addresses, delivery, customer,
language and note. Resolvers decode IDs and refuse input we do not act on; the rules live in
storefront/services/checkout*.py."""

import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ariadne import MutationType
from graphql import GraphQLError, GraphQLResolveInfo

from catalog.graphql.channel_scope import require_channel_access, scope_channel
from catalog.graphql.taxonomy_common import decode_id, refuse_unsupported
from catalog.models import Warehouse
from infra.accounts.models import User
from infra.accounts.permissions import PermissionEnum
from infra.errors import ValidationFailed
from infra.graphql.errors import PermissionDenied
from infra.graphql.languages import django_language
from infra.graphql.mutations import MutationPayload, perform
from infra.graphql.permissions import (
    AUTHENTICATED_APP,
    AUTHENTICATED_USER,
    has_one_of,
    require_one_of,
)
from infra.ids import from_global_id, from_global_id_or_error
from storefront.error_codes import CheckoutErrorCode
from storefront.graphql.checkout_access import checkout_for_mutation
from storefront.models import Checkout, ShippingMethod
from storefront.services import checkout as checkout_services
from storefront.services import checkout_delivery as delivery_services
from storefront.services import checkout_lines as line_services
from storefront.services.checkout_lines import LineInput

mutation = MutationType()

CREATE_FIELDS = {
    "channel",
    "lines",
    "email",
    "shipping_address",
    "billing_address",
    "language_code",
    "validation_rules",
    "metadata",
    "private_metadata",
}
LINE_FIELDS = {"quantity", "variant_id", "force_new_line", "metadata", "booking_slot_id"}
LINE_UPDATE_FIELDS = {"quantity", "variant_id", "line_id", "metadata"}


def _metadata(items: Iterable[Mapping[str, Any]] | None) -> dict[str, str]:
    metadata = {}
    for item in items or ():
        if not str(item["key"]).strip():
            raise ValidationFailed.single(
                "metadata", CheckoutErrorCode.REQUIRED, "Metadata key cannot be empty."
            )
        metadata[str(item["key"])] = str(item["value"])
    return metadata


def _line_id(global_id: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(from_global_id_or_error(global_id, "CheckoutLine", int_pk=False)))
    except GraphQLError as exc:
        raise ValidationFailed.single(
            "lineId", CheckoutErrorCode.GRAPHQL_ERROR, exc.message
        ) from None
    except ValueError:
        raise ValidationFailed.single(
            "lineId",
            CheckoutErrorCode.GRAPHQL_ERROR,
            f"Invalid ID: {global_id}. Expected: CheckoutLine.",
        ) from None


def _line_inputs(lines: Iterable[Mapping[str, Any]]) -> list[LineInput]:
    inputs = []
    for line in lines:
        refuse_unsupported(line, LINE_FIELDS, "Input")
        inputs.append(
            LineInput(
                variant_id=decode_id(line["variant_id"], "ProductVariant", field="variantId"),
                quantity=line["quantity"],
                force_new_line=bool(line.get("force_new_line")),
                metadata=_metadata(line.get("metadata")),
                booking_slot_id=(
                    decode_id(line["booking_slot_id"], "BookingSlot", field="bookingSlotId")
                    if line.get("booking_slot_id")
                    else None
                ),
            )
        )
    return inputs


def _line_update_inputs(lines: Iterable[Mapping[str, Any]]) -> list[LineInput]:
    inputs = []
    for line in lines:
        refuse_unsupported(line, LINE_UPDATE_FIELDS, "Input")
        line_id, variant_id = line.get("line_id"), line.get("variant_id")
        if bool(line_id) == bool(variant_id):
            message = (
                "Argument 'lineId' cannot be combined with 'variantId'"
                if line_id
                else "At least one of arguments is required: 'lineId', 'variantId'."
            )
            raise ValidationFailed.single(None, CheckoutErrorCode.GRAPHQL_ERROR, message)
        inputs.append(
            LineInput(
                line_id=_line_id(line_id) if line_id else None,
                variant_id=(
                    decode_id(variant_id, "ProductVariant", field="variantId")
                    if variant_id
                    else None
                ),
                quantity=line.get("quantity"),
                metadata=_metadata(line.get("metadata")),
            )
        )
    return inputs


def _on_checkout(
    info: GraphQLResolveInfo, lookup: Mapping[str, Any], action: Callable[[Checkout], Checkout]
) -> MutationPayload:
    """Find the checkout the caller may use (errors into the payload), then run `action`."""

    def run() -> dict:
        checkout = checkout_for_mutation(**lookup, info=info)
        return {"checkout": action(checkout)}

    return perform(run)


def _own_channel(info: GraphQLResolveInfo) -> str | None:
    """A partner's app that names no channel checks out in its own (Saleor's default)."""
    channel = scope_channel(info)
    return channel.slug if channel is not None else None


def _signed_in_user(info: GraphQLResolveInfo) -> User | None:
    user = info.context.user
    return user if info.context.app is None and user.is_authenticated else None


@mutation.field("checkoutCreate")
def resolve_checkout_create(_obj, info, input):
    refuse_unsupported(input, CREATE_FIELDS, "Input")
    if input.get("private_metadata"):
        require_one_of(info, PermissionEnum.MANAGE_CHECKOUTS, PermissionEnum.HANDLE_CHECKOUTS)

    def create() -> dict:
        channel = checkout_services.checkout_channel(input.get("channel") or _own_channel(info))
        require_channel_access(info, channel)
        language = input.get("language_code")
        checkout = checkout_services.checkout_create(
            channel=channel,
            user=_signed_in_user(info),
            email=input.get("email"),
            lines=_line_inputs(input.get("lines") or []),
            shipping_address=input.get("shipping_address"),
            billing_address=input.get("billing_address"),
            validation_rules=input.get("validation_rules"),
            language_code=django_language(language) if language else "zh-hans",
            metadata=_metadata(input.get("metadata")),
            private_metadata=_metadata(input.get("private_metadata")),
        )
        return {"checkout": checkout, "created": True}

    return perform(create)


@mutation.field("checkoutLinesAdd")
def resolve_checkout_lines_add(_obj, info, lines, id=None, token=None, checkout_id=None):
    return _on_checkout(
        info,
        {"id": id, "token": token, "checkout_id": checkout_id},
        lambda checkout: line_services.checkout_lines_add(
            checkout=checkout, lines=_line_inputs(lines)
        ),
    )


@mutation.field("checkoutLinesUpdate")
def resolve_checkout_lines_update(_obj, info, lines, id=None, token=None, checkout_id=None):
    return _on_checkout(
        info,
        {"id": id, "token": token, "checkout_id": checkout_id},
        lambda checkout: line_services.checkout_lines_update(
            checkout=checkout,
            lines=_line_update_inputs(lines),
            # Apps may change only metadata; everyone else sends quantities (Saleor).
            quantity_required=info.context.app is None,
        ),
    )


@mutation.field("checkoutLinesDelete")
def resolve_checkout_lines_delete(_obj, info, lines_ids, id=None, token=None):
    return _on_checkout(
        info,
        {"id": id, "token": token},
        lambda checkout: line_services.checkout_lines_delete(
            checkout=checkout, line_ids=[_line_id(line_id) for line_id in lines_ids]
        ),
    )


@mutation.field("checkoutEmailUpdate")
def resolve_checkout_email_update(_obj, info, email, id=None, token=None, checkout_id=None):
    return _on_checkout(
        info,
        {"id": id, "token": token, "checkout_id": checkout_id},
        lambda checkout: checkout_services.checkout_email_update(checkout=checkout, email=email),
    )


def _refuse_save_address_false(save_address: bool | None) -> None:
    if save_address is False:
        raise GraphQLError("Argument `saveAddress` set to false is not supported.")


@mutation.field("checkoutShippingAddressUpdate")
def resolve_checkout_shipping_address_update(
    _obj, info, shipping_address, id=None, token=None, save_address=None, validation_rules=None
):
    _refuse_save_address_false(save_address)
    return _on_checkout(
        info,
        {"id": id, "token": token},
        lambda checkout: delivery_services.checkout_shipping_address_update(
            checkout=checkout, data=shipping_address, rules=validation_rules
        ),
    )


@mutation.field("checkoutBillingAddressUpdate")
def resolve_checkout_billing_address_update(
    _obj, info, billing_address, id=None, token=None, save_address=None, validation_rules=None
):
    _refuse_save_address_false(save_address)
    return _on_checkout(
        info,
        {"id": id, "token": token},
        lambda checkout: delivery_services.checkout_billing_address_update(
            checkout=checkout, data=billing_address, rules=validation_rules
        ),
    )


def _delivery_method(global_id: str, field: str, types: tuple[str, ...], message: str):
    """The ShippingMethod or Warehouse a delivery method ID names (Saleor's errors)."""
    try:
        type_name, pk = from_global_id(global_id)
    except GraphQLError as exc:
        raise ValidationFailed.single(field, CheckoutErrorCode.GRAPHQL_ERROR, exc.message) from None
    if type_name not in types:
        raise ValidationFailed.single(field, CheckoutErrorCode.INVALID, message)
    model = Warehouse if type_name == "Warehouse" else ShippingMethod
    instance = model.objects.filter(pk=int(pk)).first() if pk.isdigit() else None
    if instance is None:
        raise ValidationFailed.single(
            field, CheckoutErrorCode.NOT_FOUND, f"Couldn't resolve to a node: {global_id}"
        )
    return instance


@mutation.field("checkoutDeliveryMethodUpdate")
def resolve_checkout_delivery_method_update(
    _obj, info, id=None, token=None, delivery_method_id=None
):
    def update(checkout: Checkout) -> Checkout:
        method = None
        if delivery_method_id is not None:
            method = _delivery_method(
                delivery_method_id,
                "deliveryMethodId",
                ("Warehouse", "ShippingMethod"),
                "ID does not belong to Warehouse or ShippingMethod",
            )
        return delivery_services.checkout_delivery_method_update(checkout=checkout, method=method)

    return _on_checkout(info, {"id": id, "token": token}, update)


@mutation.field("checkoutShippingMethodUpdate")
def resolve_checkout_shipping_method_update(
    _obj, info, id=None, token=None, checkout_id=None, shipping_method_id=None
):
    def update(checkout: Checkout) -> Checkout:
        method = None
        if shipping_method_id is not None:
            method = _delivery_method(
                shipping_method_id,
                "shippingMethodId",
                ("ShippingMethod",),
                "ID does not belong to ShippingMethod",
            )
        return delivery_services.checkout_delivery_method_update(
            checkout=checkout, method=method, errors=delivery_services.SHIPPING_METHOD_ERRORS
        )

    return _on_checkout(info, {"id": id, "token": token, "checkout_id": checkout_id}, update)


def _customer(info: GraphQLResolveInfo, customer_id: str | None) -> User:
    if customer_id is not None:
        require_one_of(info, PermissionEnum.IMPERSONATE_USER)
        pk = decode_id(customer_id, "User", field="customerId")
        customer = User.objects.filter(pk=pk, is_active=True).first()
        if customer is None:
            raise ValidationFailed.single(
                "customerId",
                CheckoutErrorCode.NOT_FOUND,
                f"Couldn't resolve to a node: {customer_id}",
            )
        return customer
    user = _signed_in_user(info)
    if user is None:
        raise ValidationFailed.single(
            "customerId",
            CheckoutErrorCode.REQUIRED,
            "The customerId value must be provided when running mutation as app.",
        )
    return user


@mutation.field("checkoutCustomerAttach")
def resolve_checkout_customer_attach(
    _obj, info, id=None, token=None, checkout_id=None, customer_id=None
):
    require_one_of(info, AUTHENTICATED_APP, AUTHENTICATED_USER)

    def attach(checkout: Checkout) -> Checkout:
        customer = _customer(info, customer_id)
        if checkout.user_id is not None and checkout.user_id != customer.pk:
            raise PermissionDenied(
                "You cannot reassign a checkout that is already attached to a user."
            )
        return checkout_services.checkout_customer_attach(checkout=checkout, user=customer)

    return _on_checkout(info, {"id": id, "token": token, "checkout_id": checkout_id}, attach)


@mutation.field("checkoutCustomerDetach")
def resolve_checkout_customer_detach(_obj, info, id=None, token=None, checkout_id=None):
    require_one_of(info, AUTHENTICATED_APP, AUTHENTICATED_USER)

    def detach(checkout: Checkout) -> Checkout:
        if not has_one_of(info.context, [PermissionEnum.IMPERSONATE_USER]):
            user = _signed_in_user(info)
            if checkout.user_id is not None and (user is None or checkout.user_id != user.pk):
                raise PermissionDenied(permissions=[PermissionEnum.IMPERSONATE_USER])
        return checkout_services.checkout_customer_detach(checkout=checkout)

    return _on_checkout(info, {"id": id, "token": token, "checkout_id": checkout_id}, detach)


@mutation.field("checkoutLanguageCodeUpdate")
def resolve_checkout_language_code_update(
    _obj, info, language_code, id=None, token=None, checkout_id=None
):
    return _on_checkout(
        info,
        {"id": id, "token": token, "checkout_id": checkout_id},
        lambda checkout: checkout_services.checkout_language_code_update(
            checkout=checkout, language_code=django_language(language_code)
        ),
    )


@mutation.field("checkoutCustomerNoteUpdate")
def resolve_checkout_customer_note_update(_obj, info, customer_note, id):
    return _on_checkout(
        info,
        {"id": id},
        lambda checkout: checkout_services.checkout_customer_note_update(
            checkout=checkout, customer_note=customer_note
        ),
    )


bindables = [mutation]
