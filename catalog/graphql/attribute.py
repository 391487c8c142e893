"""Attributes: the `attribute(s)` queries, Attribute and AttributeValue types, attributeCreate."""

from ariadne import EnumType, MutationType, ObjectType, QueryType
from django.db.models import Q

from catalog.graphql.channel_context import request_channel
from catalog.graphql.taxonomy_common import (
    metadata_q,
    one_of_args,
    paginate_prefetched,
    pks_of_type,
    refuse_unsupported,
    search_q,
    sees_all_products,
    selects,
    sort_key_for,
    string_filter_q,
    where_q,
)
from catalog.graphql.translation import translation_of
from catalog.models import Attribute, AttributeInputType, AttributeType, AttributeValue
from catalog.models.attribute import CHOICE_INPUT_TYPES
from catalog.selectors import attributes as attribute_selectors
from catalog.selectors import product_types as product_type_selectors
from catalog.services import attributes as attribute_services
from infra.accounts.permissions import PermissionEnum
from infra.graphql.connections import SortKey, paginate
from infra.graphql.metadata import bind_metadata
from infra.graphql.mutations import perform
from infra.graphql.permissions import has_one_of, require_one_of
from infra.ids import from_global_id_or_error, to_global_id

query = QueryType()
mutation = MutationType()
attribute_type = ObjectType("Attribute")
value_type = ObjectType("AttributeValue")
input_type_enum = EnumType(
    "AttributeInputTypeEnum", {choice.name: choice.value for choice in AttributeInputType}
)
attribute_type_enum = EnumType(
    "AttributeTypeEnum",
    {
        "PRODUCT_TYPE": AttributeType.PRODUCT_TYPE.value,
        "PAGE_TYPE": AttributeType.PAGE_TYPE.value,
        "CUSTOMER_TYPE": "customer-type",
    },
)
entity_type_enum = EnumType(
    "AttributeEntityTypeEnum",
    {
        "PAGE": "Page",
        "PRODUCT": "Product",
        "PRODUCT_VARIANT": "ProductVariant",
        "CATEGORY": "Category",
        "COLLECTION": "Collection",
    },
)
TYPE_PERMISSIONS = {
    AttributeType.PRODUCT_TYPE.value: PermissionEnum.MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES,
    AttributeType.PAGE_TYPE.value: PermissionEnum.MANAGE_PAGE_TYPES_AND_ATTRIBUTES,
    "customer-type": PermissionEnum.MANAGE_CUSTOMER_TYPES_AND_ATTRIBUTES,
}
# Callers holding one of these also see attributes hidden from the storefront.
SEE_HIDDEN = (
    PermissionEnum.MANAGE_PAGES,
    PermissionEnum.MANAGE_PRODUCTS,
    PermissionEnum.MANAGE_PAGE_TYPES_AND_ATTRIBUTES,
    PermissionEnum.MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES,
)


def type_permissions(attribute: Attribute) -> list[PermissionEnum]:
    return [TYPE_PERMISSIONS.get(attribute.type, TYPE_PERMISSIONS["product-type"])]


bind_metadata(attribute_type, type_permissions)

SORT_FIELDS = {
    "NAME": ("name", "slug"),
    "SLUG": ("slug",),
    "VALUE_REQUIRED": ("value_required", "name", "slug"),
    "IS_VARIANT_ONLY": None,  # no such flag on our attributes
    "VISIBLE_IN_STOREFRONT": ("visible_in_storefront", "name", "slug"),
    "FILTERABLE_IN_STOREFRONT": ("filterable_in_storefront", "name", "slug"),
    "FILTERABLE_IN_DASHBOARD": ("filterable_in_dashboard", "name", "slug"),
    "STOREFRONT_SEARCH_POSITION": ("storefront_search_position", "name", "slug"),
    "AVAILABLE_IN_GRID": ("available_in_grid", "name", "slug"),
}
FLAG_FILTERS = (
    "value_required",
    "visible_in_storefront",
    "filterable_in_storefront",
    "available_in_grid",
    "filterable_in_dashboard",
)
FILTER_FIELDS = {*FLAG_FILTERS, "metadata", "search", "ids", "type", "slugs", "channel"}
FILTER_FIELDS |= {"in_collection", "in_category"}
WHERE_FIELDS = {"metadata", "ids", "name", "slug", "with_choices", "input_type", "entity_type"}
WHERE_FIELDS |= {"type", "unit", "in_collection", "in_category", "value_required"}
WHERE_FIELDS |= {"visible_in_storefront", "filterable_in_dashboard"}
VALUE_SORT_FIELDS = {"NAME": ("name", "slug"), "SLUG": ("slug",)}
VALUE_ORDER = ("sort_order",)


class _Scope:
    """What `inCategory` / `inCollection` need to know about the request."""

    def __init__(self, info, channel_slug):
        self.info, self.channel_slug = info, channel_slug

    def products_q(self, field: str, global_id: str) -> Q:
        sees_all = sees_all_products(self.info)
        channel = request_channel(self.info, self.channel_slug, staff_may_omit=sees_all)
        if field == "in_category":
            pk = int(from_global_id_or_error(global_id, "Category"))
            return attribute_selectors.in_category_q(pk, channel=channel, sees_all=sees_all)
        pk = int(from_global_id_or_error(global_id, "Collection"))
        return attribute_selectors.in_collection_q(pk, channel=channel, sees_all=sees_all)


def _filter(data: dict | None, scope: _Scope) -> Q:
    refuse_unsupported(data, FILTER_FIELDS, "Filtering")
    data = data or {}
    condition = search_q(data.get("search"), "name", "slug")
    condition &= metadata_q(data.get("metadata") or [])
    for flag in FLAG_FILTERS:
        if data.get(flag) is not None:
            condition &= Q(**{flag: data[flag]})
    if data.get("ids") is not None:
        condition &= Q(pk__in=pks_of_type(data["ids"], "Attribute"))
    if data.get("type") is not None:
        condition &= Q(type=data["type"])
    if data.get("slugs") is not None:
        condition &= Q(slug__in=data["slugs"])
    for field in ("in_category", "in_collection"):
        if data.get(field):
            condition &= scope.products_q(field, data[field])
    return condition


def _where_builder(scope: _Scope):
    def build(where: dict) -> Q:
        refuse_unsupported(where, WHERE_FIELDS, "Filtering")
        condition = metadata_q(where.get("metadata") or [])
        if where.get("ids") is not None:
            condition &= Q(pk__in=pks_of_type(where["ids"], "Attribute"))
        for field in ("name", "slug", "input_type", "entity_type", "type"):
            condition &= string_filter_q(field, where.get(field))
        if where.get("unit"):  # stored as the enum name; older rows may be lower-case
            units = [where["unit"]["eq"]] if where["unit"].get("eq") else where["unit"]["one_of"]
            condition &= Q(unit__in=[*units, *(unit.lower() for unit in units)])
        if where.get("with_choices") is not None:
            choices = Q(input_type__in=CHOICE_INPUT_TYPES)
            condition &= choices if where["with_choices"] else ~choices
        for flag in ("value_required", "visible_in_storefront", "filterable_in_dashboard"):
            if where.get(flag) is not None:
                condition &= Q(**{flag: where[flag]})
        for field in ("in_category", "in_collection"):
            if where.get(field):
                condition &= scope.products_q(field, where[field])
        return condition

    return build


def _prefetch(queryset, info):
    if selects(info, "choices"):
        queryset = attribute_selectors.with_values(queryset)
    if selects(info, "translation"):
        queryset = attribute_selectors.with_translations(queryset)
    return queryset


def _see_hidden(info) -> bool:
    return has_one_of(info.context, SEE_HIDDEN)


@query.field("attributes")
def resolve_attributes(
    _obj, info, filter=None, where=None, search=None, sort_by=None, channel=None, **args
):
    scope = _Scope(info, channel or (filter or {}).get("channel"))
    queryset = attribute_selectors.attributes(see_hidden=_see_hidden(info))
    queryset = queryset.filter(_filter(filter, scope))
    queryset = queryset.filter(where_q(where, _where_builder(scope)))
    queryset = queryset.filter(search_q(search, "name", "slug"))
    sort_key = sort_key_for(sort_by, SORT_FIELDS, default=("storefront_search_position", "slug"))
    return paginate(_prefetch(queryset, info), info, args, sort_key)


@query.field("attribute")
def resolve_attribute(_obj, info, id=None, slug=None, external_reference=None):
    name, value = one_of_args(id=id, slug=slug, external_reference=external_reference)
    queryset = _prefetch(attribute_selectors.attributes(see_hidden=_see_hidden(info)), info)
    if name == "id":
        return queryset.filter(pk=from_global_id_or_error(id, "Attribute")).first()
    return queryset.filter(**{name: value}).first()


@attribute_type.field("withChoices")
def resolve_with_choices(attribute: Attribute, _info):
    return attribute.with_choices


@attribute_type.field("translation")
def resolve_attribute_translation(attribute: Attribute, _info, language_code):
    return translation_of(attribute, language_code)


@attribute_type.field("unit")
def resolve_unit(attribute: Attribute, _info):
    return attribute.unit.upper() if attribute.unit else None


def _values_filter(attribute: Attribute, filter_input, where, search) -> Q:
    refuse_unsupported(filter_input, {"search", "ids", "slugs"}, "Filtering")
    data = filter_input or {}
    condition = search_q(data.get("search"), "name", "slug") & search_q(search, "name", "slug")
    if data.get("ids") is not None:
        condition &= Q(pk__in=pks_of_type(data["ids"], "AttributeValue"))
    if data.get("slugs") is not None:
        condition &= Q(slug__in=data["slugs"])

    def build(level: dict) -> Q:
        refuse_unsupported(level, {"ids", "name", "slug"}, "Filtering")
        part = string_filter_q("name", level.get("name")) & string_filter_q(
            "slug", level.get("slug")
        )
        if level.get("ids") is not None:
            part &= Q(pk__in=pks_of_type(level["ids"], "AttributeValue"))
        return part

    return condition & where_q(where, build)


@attribute_type.field("choices")
def resolve_choices(
    attribute: Attribute, info, sort_by=None, filter=None, where=None, search=None, **args
):
    if attribute.input_type not in CHOICE_INPUT_TYPES:
        return paginate(AttributeValue.objects.none(), info, args, SortKey((*VALUE_ORDER, "pk")))
    sort_key = sort_key_for(sort_by, VALUE_SORT_FIELDS, default=VALUE_ORDER)
    prefetched = getattr(attribute, "prefetched_values", None)
    if prefetched is not None and not (sort_by or filter or where or search):
        page = paginate_prefetched(prefetched, info, args, sort_key)
        if page is not None:
            return page
    queryset = attribute.values.filter(_values_filter(attribute, filter, where, search))
    return paginate(queryset, info, args, sort_key)


@attribute_type.field("productTypes")
def resolve_product_types(attribute: Attribute, info, **args):
    queryset = product_type_selectors.product_types_of_attribute(attribute.pk)
    return paginate(queryset, info, args, SortKey(fields=("slug", "pk")))


@value_type.field("inputType")
def resolve_value_input_type(value: AttributeValue, _info):
    return value.attribute.input_type


@value_type.field("translation")
def resolve_value_translation(value: AttributeValue, _info, language_code):
    return translation_of(value, language_code)


@value_type.field("reference")
def resolve_reference(value: AttributeValue, _info):
    if value.reference_product_id:
        return to_global_id("Product", value.reference_product_id)
    return None


@value_type.field("file")
def resolve_file(value: AttributeValue, _info):
    if not value.file_url:
        return None
    return {"url": value.file_url, "content_type": value.content_type}


@value_type.field("date")
def resolve_date(value: AttributeValue, _info):
    return value.date_time.date() if value.date_time else None


@value_type.field("dateTime")
def resolve_date_time(value: AttributeValue, _info):
    return value.date_time


# Input fields with no counterpart here (variant-only attributes, reference type limits).
UNSUPPORTED_INPUT = ("is_variant_only", "reference_types")


@mutation.field("attributeCreate")
def resolve_attribute_create(_obj, info, input):
    require_one_of(info, TYPE_PERMISSIONS.get(input["type"], TYPE_PERMISSIONS["product-type"]))
    for name in UNSUPPORTED_INPUT:
        if input.get(name):
            refuse_unsupported({name: input[name]}, (), "Input")
    data = dict(input)

    def create():
        attribute = attribute_services.attribute_create(data=data, values=input.get("values"))
        return {"attribute": attribute}

    return perform(create)


bindables = [
    query,
    mutation,
    attribute_type,
    value_type,
    input_type_enum,
    attribute_type_enum,
    entity_type_enum,
]
cost_map = {
    "Query": {"attributes": {"complexity": 1, "multipliers": ["first", "last"]}},
    "Attribute": {
        "choices": {"complexity": 1, "multipliers": ["first", "last"]},
        "productTypes": {"complexity": 1, "multipliers": ["first", "last"]},
    },
}
