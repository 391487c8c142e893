"""Partner channels in the API: Channel.partner, partnerChannelCreate and partnerChannelUpdate."""

from typing import Any

from ariadne import EnumType, MutationType, ObjectType
from graphql import GraphQLResolveInfo

from catalog.graphql.channel_scope import channel_scope, in_scope, scoped
from catalog.graphql.loaders import Loader, load_for
from catalog.graphql.taxonomy_common import (
    check_add_remove_duplicates,
    decode_id,
    decode_ids,
    node_or_error,
    nodes_or_error,
)
from catalog.models import Channel, Division, PartnerChannel, PriceRounding, Warehouse
from catalog.services import partner_channels as partner_services
from infra.accounts.models import App
from infra.accounts.permissions import PermissionEnum
from infra.errors import ValidationFailed
from infra.graphql.errors import PermissionDenied
from infra.graphql.mutations import perform
from infra.graphql.permissions import has_one_of, require_one_of

mutation = MutationType()
channel_type = ObjectType("Channel")
partner_type = ObjectType("PartnerChannel")
rounding_enum = EnumType(
    "PartnerPriceRoundingEnum", {rounding.name: rounding.value for rounding in PriceRounding}
)
# Input fields copied as they are (snake_case, as the services name them).
PLAIN_FIELDS = (
    "name",
    "slug",
    "is_active",
    "default_country",
    "province_zh",
    "province_en",
    "price_percent",
    "price_rounding",
    "commission_rate",
    "pay_later",
    "list_new_products",
    "publish_products",
)


def partners_by_channel_id(channel_ids: list[int]) -> dict[int, PartnerChannel]:
    rows = PartnerChannel.objects.filter(channel_id__in=channel_ids)
    rows = rows.select_related("channel", "paired_prefecture", "base_channel")
    return {row.channel_id: row for row in rows}


class PartnerByChannelIdLoader(Loader):
    fetch_many = staticmethod(partners_by_channel_id)


def _may_read_partner(info: GraphQLResolveInfo, channel: Channel) -> bool:
    """Staff managing channels, or the partner's own app (an app limited to the channel)."""
    if has_one_of(info.context, [PermissionEnum.MANAGE_CHANNELS]):
        return True
    return channel_scope(info) is not None and in_scope(info, channel.pk)


@channel_type.field("partner")
def resolve_channel_partner(channel: Channel, info) -> PartnerChannel | None:
    if not _may_read_partner(info, channel):
        raise PermissionDenied(permissions=[PermissionEnum.MANAGE_CHANNELS.value])
    return load_for(info, PartnerByChannelIdLoader, channel, lambda c: c.pk)


@partner_type.field("channel")
def resolve_partner_channel(partner: PartnerChannel, _info) -> Channel:
    return partner.channel


@partner_type.field("baseChannel")
def resolve_base_channel(partner: PartnerChannel, info) -> Channel | None:
    if partner.base_channel_id is None or not in_scope(info, partner.base_channel_id):
        return None
    return partner.base_channel


@partner_type.field("created")
def resolve_created(partner: PartnerChannel, _info):
    return partner.created_at


def _require_permissions(info: GraphQLResolveInfo, input: dict) -> None:
    require_one_of(info, PermissionEnum.MANAGE_CHANNELS)
    if input.get("add_apps") or input.get("remove_apps"):
        require_one_of(info, PermissionEnum.MANAGE_APPS)


def _pks(global_ids: list[str] | None, type_name: str, queryset, field: str) -> list[int]:
    return [row.pk for row in nodes_or_error(global_ids or [], type_name, queryset, field=field)]


def _optional_pk(global_id: str | None, type_name: str, queryset, field: str) -> int | None:
    if not global_id:
        return None
    return node_or_error(global_id, type_name, queryset, field=field).pk


def _related_ids(input: dict) -> dict[str, Any]:
    """paired_prefecture_id / base_channel_id for the keys present in `input` (a null
    clears them)."""
    ids = {}
    if "paired_prefecture" in input:
        ids["paired_prefecture_id"] = _optional_pk(
            input["paired_prefecture"], "Division", Division.objects.all(), "pairedPrefecture"
        )
    if "base_channel" in input:
        ids["base_channel_id"] = _optional_pk(
            input["base_channel"], "Channel", Channel.objects.all(), "baseChannel"
        )
    return ids


def _payload(partner: PartnerChannel) -> dict:
    return {"channel": partner.channel, "partner": partner}


@mutation.field("partnerChannelCreate")
def resolve_partner_channel_create(_obj, info, input):
    _require_permissions(info, input)

    def create():
        data = {key: input[key] for key in PLAIN_FIELDS if input.get(key) is not None}
        data.pop("list_new_products", None)
        partner = partner_services.partner_channel_create(
            **{"currency_code": input.get("currency_code") or "CNY", **data},
            **_related_ids(input),
            warehouse_ids=_pks(
                input.get("add_warehouses"), "Warehouse", Warehouse.objects.all(), "addWarehouses"
            ),
            app_ids=_pks(input.get("add_apps"), "App", App.objects.all(), "addApps"),
        )
        return _payload(partner)

    return perform(create)


@mutation.field("partnerChannelUpdate")
def resolve_partner_channel_update(_obj, info, id, input):
    _require_permissions(info, input)

    def update():
        channel = node_or_error(id, "Channel", scoped(info, Channel.objects.all(), "pk"))
        partner = PartnerChannel.objects.filter(channel=channel).first()
        if partner is None:
            raise ValidationFailed.single(
                "id", "NOT_FOUND", "This channel does not belong to a partner."
            )
        check_add_remove_duplicates(input, "add_warehouses", "remove_warehouses", "warehouses")
        check_add_remove_duplicates(input, "add_apps", "remove_apps", "apps")
        data = {key: input[key] for key in PLAIN_FIELDS if input.get(key) is not None}
        partner = partner_services.partner_channel_update(
            partner=partner,
            data={**data, **_related_ids(input)},
            add_warehouse_ids=_pks(
                input.get("add_warehouses"), "Warehouse", Warehouse.objects.all(), "addWarehouses"
            ),
            remove_warehouse_ids=decode_ids(
                input.get("remove_warehouses") or [], "Warehouse", field="removeWarehouses"
            ),
            add_app_ids=_pks(input.get("add_apps"), "App", App.objects.all(), "addApps"),
            remove_app_ids=[
                decode_id(gid, "App", field="removeApps") for gid in input.get("remove_apps") or []
            ],
        )
        return _payload(partner)

    return perform(update)


bindables = [mutation, channel_type, partner_type, rounding_enum]
