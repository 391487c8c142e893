"""Channels: the `channel(s)` queries, the Channel type, channelCreate and channelUpdate."""

from ariadne import EnumType, MutationType, ObjectType, QueryType

from catalog.graphql.channel_scope import in_scope, scoped
from catalog.graphql.loaders import remember_siblings
from catalog.graphql.taxonomy_common import (
    check_add_remove_duplicates,
    country_display,
    decode_ids,
    node_or_error,
    nodes_or_error,
    one_of_args,
    refuse_unsupported,
)
from catalog.models import AllocationStrategy, Channel, Warehouse
from catalog.selectors import channels as channel_selectors
from catalog.services import channels as channel_services
from infra.accounts.permissions import PermissionEnum
from infra.graphql.metadata import bind_metadata
from infra.graphql.mutations import perform
from infra.graphql.permissions import AUTHENTICATED_APP, AUTHENTICATED_STAFF_USER, require_one_of
from infra.ids import from_global_id_or_error

query = QueryType()
mutation = MutationType()
channel_type = ObjectType("Channel")
stock_settings_type = ObjectType("StockSettings")
allocation_strategy_enum = EnumType(
    "AllocationStrategyEnum",
    {
        "PRIORITIZE_SORTING_ORDER": AllocationStrategy.PRIORITIZE_SORTING_ORDER.value,
        "PRIORITIZE_HIGH_STOCK": AllocationStrategy.PRIORITIZE_HIGH_STOCK.value,
    },
)
bind_metadata(channel_type, lambda _channel: [PermissionEnum.MANAGE_CHANNELS])

STAFF_OR_APP = (AUTHENTICATED_APP, AUTHENTICATED_STAFF_USER)
# Channel inputs for things this platform has no model of (shipping zones, order, checkout
# and payment settings) are refused rather than silently dropped.
SUPPORTED_INPUT = {
    "name",
    "slug",
    "currency_code",
    "default_country",
    "is_active",
    "stock_settings",
    "add_warehouses",
    "remove_warehouses",
    "metadata",
    "private_metadata",
}


@query.field("channel")
def resolve_channel(_obj, info, id=None, slug=None):
    name, _value = one_of_args(id=id, slug=slug)
    if name == "id":
        channel = Channel.objects.filter(pk=from_global_id_or_error(id, "Channel")).first()
    else:
        channel = channel_selectors.channel_by_slug(slug)
    return channel if channel is not None and in_scope(info, channel.pk) else None


@query.field("channels")
def resolve_channels(_obj, info):
    require_one_of(info, *STAFF_OR_APP)
    return remember_siblings(scoped(info, channel_selectors.channels(), "pk"))


def _staff_or_app_field(attribute: str):
    def resolve(channel: Channel, info):
        require_one_of(info, *STAFF_OR_APP)
        return getattr(channel, attribute)

    return resolve


for field_name, attribute in (
    ("name", "name"),
    ("isActive", "is_active"),
    ("currencyCode", "currency_code"),
):
    channel_type.set_field(field_name, _staff_or_app_field(attribute))


@channel_type.field("defaultCountry")
def resolve_default_country(channel: Channel, info):
    require_one_of(info, *STAFF_OR_APP)
    return country_display(channel.default_country)


@channel_type.field("warehouses")
def resolve_warehouses(channel: Channel, info):
    require_one_of(info, *STAFF_OR_APP)
    assignments = getattr(channel, "ordered_channel_warehouses", None)
    if assignments is not None:
        return [assignment.warehouse for assignment in assignments]
    return list(
        Warehouse.objects.filter(channelwarehouse__channel=channel).order_by(
            "channelwarehouse__sort_order", "channelwarehouse__pk"
        )
    )


@channel_type.field("stockSettings")
def resolve_stock_settings(channel: Channel, info):
    require_one_of(info, *STAFF_OR_APP)
    return {"allocation_strategy": channel.allocation_strategy}


def _check_input(data: dict) -> None:
    refuse_unsupported(data, SUPPORTED_INPUT, "Input")


def _allocation_strategy(data: dict) -> str | None:
    settings = data.get("stock_settings")
    return settings["allocation_strategy"] if settings else None


@mutation.field("channelCreate")
def resolve_channel_create(_obj, info, input):
    require_one_of(info, PermissionEnum.MANAGE_CHANNELS)
    _check_input(input)

    def create():
        warehouse_ids = _warehouse_pks(input.get("add_warehouses") or [], "addWarehouses")
        channel = channel_services.channel_create(
            name=input["name"],
            slug=input["slug"],
            currency_code=input["currency_code"],
            default_country=input["default_country"],
            is_active=input.get("is_active"),
            allocation_strategy=_allocation_strategy(input),
            warehouse_ids=warehouse_ids,
            metadata=input.get("metadata"),
            private_metadata=input.get("private_metadata"),
        )
        return {"channel": channel}

    return perform(create)


def _warehouse_pks(global_ids: list[str], field: str) -> list[int]:
    return [
        w.pk for w in nodes_or_error(global_ids, "Warehouse", Warehouse.objects.all(), field=field)
    ]


@mutation.field("channelUpdate")
def resolve_channel_update(_obj, info, id, input):
    require_one_of(info, PermissionEnum.MANAGE_CHANNELS)
    _check_input(input)

    def update():
        channel = node_or_error(id, "Channel", scoped(info, Channel.objects.all(), "pk"))
        check_add_remove_duplicates(input, "add_warehouses", "remove_warehouses", "warehouses")
        add_pks = _warehouse_pks(input.get("add_warehouses") or [], "addWarehouses")
        remove = input.get("remove_warehouses") or []
        remove_pks = decode_ids(remove, "Warehouse", field="removeWarehouses")
        data = dict(input)
        data["allocation_strategy"] = _allocation_strategy(input)
        channel = channel_services.channel_update(
            channel=channel, data=data, add_warehouse_ids=add_pks, remove_warehouse_ids=remove_pks
        )
        return {"channel": channel}

    return perform(update)


bindables = [query, mutation, channel_type, stock_settings_type, allocation_strategy_enum]
