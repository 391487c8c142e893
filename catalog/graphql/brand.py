"""Brands (an additive extension): Query.brands / Query.brand, the Brand type, the brands,
producer and origin of a Product, and staff mutations for brands and their licences.

Badges are computed per request (`BrandsByProductIdLoader` over the page's products), never
cached longer, so a suspended licence takes its badge off on the next request. Mutations
need MANAGE_PRODUCTS; a staff user also needs the brand's division in their scope.
"""

from collections.abc import Callable
from typing import Any

from ariadne import EnumType, MutationType, ObjectType, QueryType
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from graphql import GraphQLResolveInfo

from catalog.graphql.loaders import RemembersSiblings, load_for, remember_siblings
from catalog.graphql.producer import DivisionByIdLoader, ProducerByIdLoader, may_manage_division
from catalog.graphql.taxonomy_common import (
    image_of,
    node_or_error,
    nodes_or_error,
    one_of_args,
    sees_all_products,
)
from catalog.models import (
    Brand,
    BrandLicence,
    BrandTier,
    Category,
    Division,
    LicenceStatus,
    Producer,
    Product,
)
from catalog.selectors import brands as brand_selectors
from catalog.services import brands as brand_services
from catalog.services import licences as licence_services
from infra.accounts.permissions import PermissionEnum
from infra.graphql.channel_context import ChannelContext, unwrap
from infra.graphql.connections import SortKey, paginate
from infra.graphql.errors import PermissionDenied
from infra.graphql.mutations import perform
from infra.graphql.permissions import require_one_of
from infra.ids import from_global_id_or_error

query = QueryType()
mutation = MutationType()
brand_type = ObjectType("Brand")
licence_type = ObjectType("BrandLicence")
product_type = ObjectType("Product")
tier_enum = EnumType("BrandTierEnum", {tier.name: tier.value for tier in BrandTier})
licence_status_enum = EnumType(
    "BrandLicenceStatusEnum", {status.name: status.value for status in LicenceStatus}
)


# --- loaders ----------------------------------------------------------------------------------


def _brands_shown_today(product_ids: list[int]) -> dict[int, list[Brand]]:
    return brand_selectors.brands_for_products(product_ids, timezone.localdate())


class BrandsByProductIdLoader(RemembersSiblings):
    many = True
    fetch_many = staticmethod(_brands_shown_today)


class BrandByIdLoader(RemembersSiblings):
    fetch_many = staticmethod(brand_selectors.brands_by_id)


class ChildBrandsByBrandIdLoader(RemembersSiblings):
    """Keys are (brand pk, include inactive children)."""

    many = True
    fetch_many = staticmethod(brand_selectors.children_by_brand)


# --- queries ----------------------------------------------------------------------------------

_TIER_RANK = Case(
    *[When(tier=tier, then=Value(rank)) for tier, rank in brand_selectors.TIER_RANK.items()],
    default=Value(len(brand_selectors.TIER_RANK)),
    output_field=IntegerField(),
)


@query.field("brands")
def resolve_brands(_obj, info, filter=None, **args):
    data = filter or {}
    division = data.get("division")
    queryset = brand_selectors.brands(
        sees_all=sees_all_products(info),
        tier=data.get("tier"),
        division_pk=from_global_id_or_error(division, "Division") if division else None,
        search=data.get("search"),
    ).annotate(tier_rank=_TIER_RANK)
    connection = paginate(queryset, info, args, SortKey(fields=("tier_rank", "slug", "pk")))
    remember_siblings(edge.node for edge in connection.edges)
    return connection


@query.field("brand")
def resolve_brand(_obj, info, id=None, slug=None) -> Brand | None:
    one_of_args(id=id, slug=slug)
    brands = brand_selectors.brands(sees_all=sees_all_products(info))
    if id:
        return brands.filter(pk=from_global_id_or_error(id, "Brand")).first()
    return brands.filter(slug=slug).first()


# --- Brand ------------------------------------------------------------------------------------


@brand_type.field("isPublic")
def resolve_is_public(brand: Brand, _info) -> bool:
    return brand.is_public


@brand_type.field("parent")
def resolve_parent(brand: Brand, info) -> Brand | None:
    return load_for(info, BrandByIdLoader, brand, lambda b: b.parent_id)


@brand_type.field("children")
def resolve_children(brand: Brand, info) -> list[Brand]:
    include_inactive = sees_all_products(info)
    return load_for(info, ChildBrandsByBrandIdLoader, brand, lambda b: (b.pk, include_inactive))


@brand_type.field("logo")
def resolve_logo(brand: Brand, info) -> dict | None:
    return image_of(info, brand.logo, brand.name)


@brand_type.field("ownerDivision")
def resolve_owner_division(brand: Brand, info) -> Division | None:
    return load_for(info, DivisionByIdLoader, brand, lambda b: b.owner_division_id)


@brand_type.field("ownerProducer")
def resolve_owner_producer(brand: Brand, info) -> Producer | None:
    return load_for(info, ProducerByIdLoader, brand, lambda b: b.owner_producer_id)


# --- Product ----------------------------------------------------------------------------------


@product_type.field("brands")
def resolve_product_brands(root: ChannelContext, info) -> list[Brand]:
    return load_for(info, BrandsByProductIdLoader, unwrap(root), lambda p: p.pk)


@product_type.field("producer")
def resolve_product_producer(root: ChannelContext, info) -> Producer | None:
    return load_for(info, ProducerByIdLoader, unwrap(root), lambda p: p.producer_id)


@product_type.field("origin")
def resolve_product_origin(root: ChannelContext, info) -> Division | None:
    return load_for(info, DivisionByIdLoader, unwrap(root), lambda p: p.origin_id)


# --- BrandLicence (mutation payloads only: staff) -------------------------------------------


@licence_type.field("products")
def resolve_licence_products(licence: BrandLicence, _info) -> list[ChannelContext]:
    return [ChannelContext(product, None) for product in licence.products.order_by("slug")]


@licence_type.field("categories")
def resolve_licence_categories(licence: BrandLicence, _info) -> list[Category]:
    return list(licence.categories.order_by("slug"))


# --- mutations --------------------------------------------------------------------------------


def _require_division(info: GraphQLResolveInfo, division_id: int | None) -> None:
    if not may_manage_division(info, division_id):
        raise PermissionDenied("You do not have permission to manage brands of this division.")


def _brand_division(brand: Brand) -> int | None:
    if brand.owner_division_id is None and brand.owner_producer_id is not None:
        return brand.owner_producer.county_id
    return brand.owner_division_id


def _node(global_id: str | None, type_name: str, model: type, field: str) -> Any:
    if not global_id:
        return None
    return node_or_error(global_id, type_name, model.objects.all(), field=field)


def _brand_payload(brand: Brand) -> dict:
    return {"brand": brand}


@mutation.field("brandCreate")
def resolve_brand_create(_obj, info, input):
    require_one_of(info, PermissionEnum.MANAGE_PRODUCTS)

    def create():
        owner_division = _node(input.get("owner_division"), "Division", Division, "ownerDivision")
        owner_producer = _node(input.get("owner_producer"), "Producer", Producer, "ownerProducer")
        # Without an owner the service refuses the brand (REQUIRED), so nothing to scope.
        owner = owner_producer.county_id if owner_producer else getattr(owner_division, "pk", None)
        if owner is not None:
            _require_division(info, owner)
        brand = brand_services.brand_create(
            name=input["name"],
            tier=input["tier"],
            owner_division=owner_division,
            owner_producer=owner_producer,
            parent=_node(input.get("parent"), "Brand", Brand, "parent"),
            slug=input.get("slug"),
            name_bo=input.get("name_bo") or "",
            name_en=input.get("name_en") or "",
            description=input.get("description") or "",
            usage_rules=input.get("usage_rules") or "",
            logo=input.get("logo"),
            is_active=input.get("is_active", True) is not False,
        )
        return _brand_payload(brand)

    return perform(create)


@mutation.field("brandUpdate")
def resolve_brand_update(_obj, info, id, input):
    require_one_of(info, PermissionEnum.MANAGE_PRODUCTS)

    def update():
        brand = node_or_error(id, "Brand", Brand.objects.select_related("owner_producer"))
        _require_division(info, _brand_division(brand))
        data = dict(input)
        if "parent" in data:
            data["parent"] = _node(data["parent"], "Brand", Brand, "parent")
        return _brand_payload(brand_services.brand_update(brand=brand, data=data))

    return perform(update)


@mutation.field("brandLicenceGrant")
def resolve_brand_licence_grant(_obj, info, input):
    require_one_of(info, PermissionEnum.MANAGE_PRODUCTS)

    def grant():
        brand = node_or_error(input["brand"], "Brand", Brand.objects.all(), field="brand")
        _require_division(info, brand.owner_division_id)
        producer = node_or_error(
            input["producer"], "Producer", Producer.objects.all(), field="producer"
        )
        products = input.get("products") or []
        categories = input.get("categories") or []
        licence = licence_services.licence_grant(
            brand=brand,
            producer=producer,
            products=nodes_or_error(products, "Product", Product.objects.all(), field="products"),
            categories=nodes_or_error(
                categories, "Category", Category.objects.all(), field="categories"
            ),
            start_date=input.get("start_date"),
            end_date=input.get("end_date"),
            note=input.get("note") or "",
        )
        return {"brand_licence": licence}

    return perform(grant)


def _licence_change(info: GraphQLResolveInfo, id: str, change: Callable[..., BrandLicence], note):
    require_one_of(info, PermissionEnum.MANAGE_PRODUCTS)

    def run():
        licence = node_or_error(id, "BrandLicence", BrandLicence.objects.select_related("brand"))
        _require_division(info, licence.brand.owner_division_id)
        return {"brand_licence": change(licence=licence, note=note)}

    return perform(run)


@mutation.field("brandLicenceSuspend")
def resolve_brand_licence_suspend(_obj, info, id, note=None):
    return _licence_change(info, id, licence_services.licence_suspend, note)


@mutation.field("brandLicenceReinstate")
def resolve_brand_licence_reinstate(_obj, info, id, note=None):
    return _licence_change(info, id, licence_services.licence_reinstate, note)


@mutation.field("brandLicenceExpire")
def resolve_brand_licence_expire(_obj, info, id, note=None):
    return _licence_change(info, id, licence_services.licence_expire, note)


bindables = [
    query,
    mutation,
    brand_type,
    licence_type,
    product_type,
    tier_enum,
    licence_status_enum,
]
cost_map = {"Query": {"brands": {"complexity": 1, "multipliers": ["first", "last"]}}}
