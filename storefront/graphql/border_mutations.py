"""Border trade mutations (our extension): naming a checkout's resident, registering
residents, listing variants with customs facts and recording FX rates."""

from ariadne import MutationType

from catalog.graphql.taxonomy_common import node_or_error, refuse_unsupported
from catalog.models import Channel, ProductVariant
from infra.accounts.permissions import PermissionEnum
from infra.errors import ValidationFailed
from infra.graphql.mutations import perform
from infra.graphql.permissions import require_one_of
from storefront.border.error_codes import BorderErrorCode as Code
from storefront.border.models import BorderListing, BorderPort
from storefront.border.selectors import border_channel_of
from storefront.border.services.channels import fx_rate_record
from storefront.border.services.listings import border_listing_create, border_listing_update
from storefront.border.services.residents import (
    border_resident_register,
    checkout_border_resident_set,
)
from storefront.graphql.checkout_access import checkout_for_mutation

mutation = MutationType()

LISTING_FIELDS = {"hs_code": "hs_code", "country_of_origin": "country_of_origin"}
WEIGHT_FIELDS = {"net_weight": "net_weight_kg", "gross_weight": "gross_weight_kg"}


@mutation.field("checkoutBorderResidentSet")
def resolve_checkout_border_resident_set(_obj, _info, id, id_number):
    def call():
        checkout = checkout_for_mutation(id=id)
        return {"checkout": checkout_border_resident_set(checkout=checkout, id_number=id_number)}

    return perform(call)


def _port(global_id: str) -> BorderPort:
    return node_or_error(global_id, "BorderPort", BorderPort.objects.all(), field="port")


@mutation.field("borderResidentRegister")
def resolve_border_resident_register(_obj, info, input):
    require_one_of(info, PermissionEnum.MANAGE_USERS)

    def call():
        resident = border_resident_register(
            id_number=input["id_number"], name=input["name"], port=_port(input["port"])
        )
        return {"border_resident": resident}

    return perform(call)


def _listing_changes(input: dict) -> dict:
    """Service arguments of the facts given (null means unchanged)."""
    names = {**LISTING_FIELDS, **WEIGHT_FIELDS}
    return {name: input[key] for key, name in names.items() if input.get(key) is not None}


@mutation.field("borderListingCreate")
def resolve_border_listing_create(_obj, info, input):
    require_one_of(info, PermissionEnum.MANAGE_PRODUCTS)

    def call():
        channel = node_or_error(input["channel"], "Channel", Channel.objects.all(), field="channel")
        border_channel = border_channel_of(channel.pk)
        if border_channel is None:
            raise ValidationFailed.single(
                "channel",
                Code.NOT_BORDER_CHANNEL,
                f"Channel '{channel.slug}' is not a border channel.",
            )
        variant = node_or_error(
            input["variant"],
            "ProductVariant",
            ProductVariant.objects.select_related("product"),
            field="variant",
        )
        listing = border_listing_create(
            border_channel=border_channel,
            variant=variant,
            hs_code=input["hs_code"],
            country_of_origin=input.get("country_of_origin") or "CN",
            net_weight_kg=input["net_weight"],
            gross_weight_kg=input["gross_weight"],
        )
        return {"border_listing": listing}

    return perform(call)


@mutation.field("borderListingUpdate")
def resolve_border_listing_update(_obj, info, id, input):
    require_one_of(info, PermissionEnum.MANAGE_PRODUCTS)
    refuse_unsupported(input, {*LISTING_FIELDS, *WEIGHT_FIELDS}, "Input")

    def call():
        listing = node_or_error(
            id,
            "BorderListing",
            BorderListing.objects.select_related(
                "border_channel__port", "port", "variant__product"
            ),
        )
        changes = _listing_changes(input)
        return {"border_listing": border_listing_update(listing=listing, **changes)}

    return perform(call)


@mutation.field("borderFxRateRecord")
def resolve_border_fx_rate_record(_obj, info, input):
    require_one_of(info, PermissionEnum.MANAGE_PRODUCTS)
    return perform(lambda: {"fx_rate": fx_rate_record(**input)})


bindables = [mutation]
