"""Warehouses: the `warehouse(s)` queries (staff), the Warehouse type with its Address, and
createWarehouse / updateWarehouse."""

from dataclasses import dataclass, field

from ariadne import EnumType, MutationType, ObjectType, QueryType
from django.db.models import Q

from catalog.graphql.channel_scope import channel_scope
from catalog.graphql.loaders import remember_siblings
from catalog.graphql.taxonomy_common import (
    country_display,
    metadata_q,
    node_or_error,
    one_of_args,
    pks_of_type,
    refuse_unsupported,
    sort_key_for,
)
from catalog.models import ClickAndCollectOption, Warehouse
from catalog.selectors import warehouses as warehouse_selectors
from catalog.services import warehouses as warehouse_services
from infra.accounts.permissions import PermissionEnum
from infra.errors import ValidationFailed
from infra.graphql.connections import paginate
from infra.graphql.metadata import bind_metadata
from infra.graphql.mutations import perform
from infra.graphql.permissions import require_one_of
from infra.ids import from_global_id_or_error, to_global_id

query = QueryType()
mutation = MutationType()
warehouse_type = ObjectType("Warehouse")
address_type = ObjectType("Address")
click_and_collect_enum = EnumType(
    "WarehouseClickAndCollectOptionEnum",
    {
        "DISABLED": ClickAndCollectOption.DISABLED.value,
        "LOCAL": ClickAndCollectOption.LOCAL_STOCK.value,
        "ALL": ClickAndCollectOption.ALL_WAREHOUSES.value,
    },
)
bind_metadata(warehouse_type, lambda _warehouse: [PermissionEnum.MANAGE_PRODUCTS])

READ_PERMISSIONS = (
    PermissionEnum.MANAGE_PRODUCTS,
    PermissionEnum.MANAGE_ORDERS,
    PermissionEnum.MANAGE_SHIPPING,
)
FILTER_FIELDS = {"click_and_collect_option", "metadata", "search", "ids", "is_private"}
FILTER_FIELDS |= {"channels", "slugs"}
SORT_FIELDS = {"NAME": ("name", "slug")}


@dataclass(frozen=True)
class WarehouseAddress:
    """A warehouse's address as Saleor's Address type (it is stored on the warehouse)."""

    warehouse: Warehouse
    metadata: dict = field(default_factory=dict)
    private_metadata: dict = field(default_factory=dict)

    def __getattr__(self, name):
        return getattr(self.warehouse, name)


def _address_private_metadata_permissions(address) -> list[PermissionEnum]:
    # Warehouse addresses carry no metadata of their own; customers' belong to user managers.
    if isinstance(address, WarehouseAddress):
        return [PermissionEnum.MANAGE_PRODUCTS]
    return [PermissionEnum.MANAGE_USERS]


bind_metadata(address_type, _address_private_metadata_permissions)


@address_type.field("id")
def resolve_address_id(address, _info):
    # Customer addresses (storefront) are model rows; a warehouse keeps its address in its own
    # row, so its ID is marked "warehouse-<pk>" to never collide with a customer address.
    if isinstance(address, WarehouseAddress):
        return to_global_id("Address", f"warehouse-{address.warehouse.pk}")
    return to_global_id("Address", address.pk)


@address_type.field("firstName")
def resolve_first_name(address, _info):
    return getattr(address, "first_name", "")


@address_type.field("lastName")
def resolve_last_name(address, _info):
    return getattr(address, "last_name", "")


@address_type.field("country")
def resolve_country(address, _info):
    return country_display(address.country)


def _filter(data: dict | None) -> Q:
    refuse_unsupported(data, FILTER_FIELDS, "Filtering")
    data = data or {}
    condition = metadata_q(data.get("metadata") or [])
    if data.get("search"):
        condition &= warehouse_selectors.search_q(data["search"])
    if data.get("ids") is not None:
        condition &= Q(pk__in=pks_of_type(data["ids"], "Warehouse"))
    if data.get("is_private") is not None:
        condition &= Q(is_private=data["is_private"])
    if data.get("click_and_collect_option") is not None:
        condition &= Q(click_and_collect_option=data["click_and_collect_option"])
    if data.get("channels") is not None:
        condition &= warehouse_selectors.in_channels_q(pks_of_type(data["channels"], "Channel"))
    if data.get("slugs") is not None:
        condition &= Q(slug__in=data["slugs"])
    return condition


@query.field("warehouses")
def resolve_warehouses(_obj, info, filter=None, sort_by=None, **args):
    require_one_of(info, *READ_PERMISSIONS)
    queryset = warehouse_selectors.warehouses().filter(_filter(filter), _scope_q(info))
    connection = paginate(
        queryset, info, args, sort_key_for(sort_by, SORT_FIELDS, default=("slug",))
    )
    remember_siblings(edge.node for edge in connection.edges)  # photos load for the page
    return connection


@query.field("warehouse")
def resolve_warehouse(_obj, info, id=None, external_reference=None):
    require_one_of(info, *READ_PERMISSIONS)
    name, value = one_of_args(id=id, external_reference=external_reference)
    warehouses = Warehouse.objects.filter(_scope_q(info))
    if name == "id":
        return warehouses.filter(pk=from_global_id_or_error(id, "Warehouse")).first()
    return warehouses.filter(external_reference=value).first()


def _scope_q(info) -> Q:
    """A partner's app sees the warehouses of its channels only."""
    scope = channel_scope(info)
    return Q() if scope is None else warehouse_selectors.in_channels_q(list(scope))


@warehouse_type.field("address")
def resolve_address(warehouse: Warehouse, _info):
    return WarehouseAddress(warehouse)


@mutation.field("createWarehouse")
def resolve_create_warehouse(_obj, info, input):
    require_one_of(info, PermissionEnum.MANAGE_PRODUCTS)

    def create():
        if input.get("shipping_zones"):
            raise ValidationFailed.single(
                "shippingZones",
                "INVALID",
                "The shippingZone input field is deprecated. "
                "Use WarehouseShippingZoneAssign mutation",
            )
        return {"warehouse": warehouse_services.warehouse_create(data=input)}

    return perform(create)


@mutation.field("updateWarehouse")
def resolve_update_warehouse(_obj, info, input, id=None, external_reference=None):
    require_one_of(info, PermissionEnum.MANAGE_PRODUCTS)
    one_of_args(id=id, external_reference=external_reference)

    def update():
        if id:
            warehouse = node_or_error(id, "Warehouse", Warehouse.objects.all())
        else:
            warehouse = Warehouse.objects.filter(external_reference=external_reference).first()
            if warehouse is None:
                raise ValidationFailed.single(
                    "externalReference",
                    "NOT_FOUND",
                    f"Couldn't resolve to a node: {external_reference}",
                )
        return {"warehouse": warehouse_services.warehouse_update(warehouse=warehouse, data=input)}

    return perform(update)


bindables = [query, mutation, warehouse_type, address_type, click_and_collect_enum]
cost_map = {"Query": {"warehouses": {"complexity": 1, "multipliers": ["first", "last"]}}}
