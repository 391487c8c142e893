"""Product types: the `productType(s)` queries, the ProductType type and productTypeCreate."""

from ariadne import EnumType, MutationType, ObjectType, QueryType
from django.db.models import Q

from catalog.graphql.taxonomy_common import (
    metadata_q,
    nodes_or_error,
    pks_of_type,
    refuse_unsupported,
    search_q,
    selects,
    sort_key_for,
)
from catalog.models import Attribute, ProductType, ProductTypeKind
from catalog.selectors import product_types as product_type_selectors
from catalog.services import product_types as product_type_services
from infra.accounts.permissions import PermissionEnum
from infra.graphql.connections import paginate
from infra.graphql.metadata import bind_metadata
from infra.graphql.mutations import perform
from infra.graphql.permissions import require_one_of
from infra.ids import from_global_id_or_error

query = QueryType()
mutation = MutationType()
product_type_type = ObjectType("ProductType")
kind_enum = EnumType(
    "ProductTypeKindEnum",
    {"NORMAL": ProductTypeKind.NORMAL.value, "GIFT_CARD": ProductTypeKind.GIFT_CARD.value},
)
MANAGE_TYPES = PermissionEnum.MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES
bind_metadata(product_type_type, lambda _product_type: [MANAGE_TYPES])

SORT_FIELDS = {
    "NAME": ("name", "slug"),
    "SHIPPING_REQUIRED": ("is_shipping_required", "name", "slug"),
}
FILTER_FIELDS = {"search", "configurable", "product_type", "metadata", "kind", "ids", "slugs"}
# Input fields for tax classes, which this platform does not model.
UNSUPPORTED_INPUT = {"tax_code", "tax_class"}


def _filter(filter_input: dict | None) -> Q:
    refuse_unsupported(filter_input, FILTER_FIELDS, "Filtering")
    data = filter_input or {}
    condition = search_q(data.get("search"), "name", "slug")
    condition &= metadata_q(data.get("metadata") or [])
    if data.get("configurable") is not None:
        condition &= Q(has_variants=data["configurable"] == "CONFIGURABLE")
    if data.get("product_type") == "SHIPPABLE":
        condition &= Q(is_shipping_required=True)
    if data.get("kind") is not None:
        condition &= Q(kind=data["kind"])
    if data.get("ids") is not None:
        condition &= Q(pk__in=pks_of_type(data["ids"], "ProductType"))
    if data.get("slugs") is not None:
        condition &= Q(slug__in=data["slugs"])
    return condition


def _prefetch(queryset, info):
    if selects(info, "productAttributes") or selects(info, "variantAttributes"):
        queryset = product_type_selectors.with_attributes(queryset)
    return queryset


@query.field("productTypes")
def resolve_product_types(_obj, info, filter=None, sort_by=None, **args):
    queryset = product_type_selectors.product_types().filter(_filter(filter))
    sort_key = sort_key_for(sort_by, SORT_FIELDS, default=("slug",))
    return paginate(_prefetch(queryset, info), info, args, sort_key)


@query.field("productType")
def resolve_product_type(_obj, info, id):
    pk = from_global_id_or_error(id, "ProductType")
    return _prefetch(product_type_selectors.product_types(), info).filter(pk=pk).first()


@product_type_type.field("weight")
def resolve_weight(product_type: ProductType, _info):
    if product_type.weight is None:
        return None
    return {"unit": "KG", "value": product_type.weight}


@product_type_type.field("productAttributes")
def resolve_product_attributes(product_type: ProductType, _info):
    assignments = getattr(product_type, "product_assignments", None)
    if assignments is None:
        assignments = product_type.attributeproduct.select_related("attribute").order_by(
            "sort_order", "pk"
        )
    return [assignment.attribute for assignment in assignments]


@product_type_type.field("variantAttributes")
def resolve_variant_attributes(product_type: ProductType, _info, variant_selection=None):
    assignments = getattr(product_type, "variant_assignments", None)
    if assignments is None:
        assignments = product_type.attributevariant.select_related("attribute").order_by(
            "sort_order", "pk"
        )
    if variant_selection == "VARIANT_SELECTION":
        assignments = [a for a in assignments if a.variant_selection]
    elif variant_selection == "NOT_VARIANT_SELECTION":
        assignments = [a for a in assignments if not a.variant_selection]
    return [assignment.attribute for assignment in assignments]


@mutation.field("productTypeCreate")
def resolve_product_type_create(_obj, info, input):
    require_one_of(info, MANAGE_TYPES)
    refuse_unsupported(
        {key: value for key, value in input.items() if key in UNSUPPORTED_INPUT}, (), "Input"
    )

    def create():
        attributes = Attribute.objects.all()
        product_attributes = nodes_or_error(
            input.get("product_attributes") or [],
            "Attribute",
            attributes,
            field="productAttributes",
        )
        variant_attributes = nodes_or_error(
            input.get("variant_attributes") or [],
            "Attribute",
            attributes,
            field="variantAttributes",
        )
        product_type = product_type_services.product_type_create(
            data=input,
            product_attributes=product_attributes,
            variant_attributes=variant_attributes,
        )
        return {"product_type": product_type}

    return perform(create)


bindables = [query, mutation, product_type_type, kind_enum]
cost_map = {"Query": {"productTypes": {"complexity": 1, "multipliers": ["first", "last"]}}}
