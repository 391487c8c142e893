"""Categories: the `category(ies)` queries, the Category type and its mutations."""

from ariadne import MutationType, ObjectType, QueryType
from django.db.models import Prefetch, Q
from graphql import GraphQLError

from catalog.graphql.channel_context import request_channel
from catalog.graphql.taxonomy_common import (
    image_of,
    metadata_q,
    node_or_error,
    one_of_args,
    paginate_prefetched,
    pks_of_type,
    refuse_unsupported,
    search_q,
    sees_all_products,
    selects,
    sort_key_for,
    updated_at_q,
    where_q,
)
from catalog.graphql.translation import translation_of
from catalog.models import Category, Product
from catalog.selectors import categories as category_selectors
from catalog.services import categories as category_services
from infra.accounts.permissions import PermissionEnum
from infra.graphql.connections import SortKey, paginate
from infra.graphql.metadata import bind_metadata
from infra.graphql.mutations import perform
from infra.graphql.permissions import require_one_of
from infra.ids import from_global_id_or_error

query = QueryType()
mutation = MutationType()
category_type = ObjectType("Category")
bind_metadata(category_type, lambda _category: [PermissionEnum.MANAGE_PRODUCTS])

SORT_FIELDS = {
    "NAME": ("name", "slug"),
    "PRODUCT_COUNT": ("product_count", "name", "slug"),
    "SUBCATEGORY_COUNT": ("subcategory_count", "name", "slug"),
}
FILTER_FIELDS = {"search", "metadata", "ids", "slugs", "updated_at"}
BY_PK = SortKey(fields=("pk",))


def _filter(filter_input: dict | None):
    refuse_unsupported(filter_input, FILTER_FIELDS, "Filtering")
    data = filter_input or {}
    condition = search_q(data.get("search"), "name", "slug", "description_plaintext")
    condition &= metadata_q(data.get("metadata") or [])
    if data.get("ids") is not None:
        condition &= Q(pk__in=pks_of_type(data["ids"], "Category"))
    if data.get("slugs") is not None:
        condition &= Q(slug__in=data["slugs"])
    return condition & updated_at_q(data.get("updated_at"))


def _where(where: dict):
    refuse_unsupported(where, {"metadata", "ids"}, "Filtering")
    condition = metadata_q(where.get("metadata") or [])
    if where.get("ids") is not None:
        condition &= Q(pk__in=pks_of_type(where["ids"], "Category"))
    return condition


def prefetch_for(queryset, info):
    """Prefetch what the selection renders for every category of a page at once."""
    if selects(info, "translation"):
        queryset = queryset.prefetch_related("translations")
    if selects(info, "children"):
        queryset = queryset.prefetch_related(
            Prefetch(
                "children",
                queryset=Category.objects.select_related("parent").order_by("pk"),
                to_attr="prefetched_children",
            )
        )
    return queryset


@query.field("categories")
def resolve_categories(_obj, info, filter=None, where=None, sort_by=None, level=None, **args):
    queryset = category_selectors.categories(level=level)
    queryset = queryset.filter(_filter(filter)).filter(where_q(where, _where))
    if sort_by and sort_by["field"] in ("PRODUCT_COUNT", "SUBCATEGORY_COUNT"):
        queryset = category_selectors.with_counts(queryset)
    sort_key = sort_key_for(sort_by, SORT_FIELDS, default=())
    return paginate(prefetch_for(queryset, info), info, args, sort_key)


@query.field("category")
def resolve_category(_obj, info, id=None, slug=None, slug_language_code=None):
    name, _value = one_of_args(id=id, slug=slug)
    if slug_language_code is not None:
        raise GraphQLError("Looking categories up by a translated slug is not supported.")
    queryset = prefetch_for(category_selectors.categories(), info)
    if name == "id":
        return queryset.filter(pk=from_global_id_or_error(id, "Category")).first()
    return queryset.filter(slug=slug).first()


@category_type.field("parent")
def resolve_parent(category: Category, _info):
    if not category.parent_id:
        return None
    try:
        return category.parent
    except Category.DoesNotExist:  # a deleted category's parent went with it
        return None


@category_type.field("ancestors")
def resolve_ancestors(category: Category, info, **args):
    queryset = category_selectors.ancestors(category)
    return paginate(queryset, info, args, SortKey(fields=("level", "pk")))


@category_type.field("children")
def resolve_children(category: Category, info, **args):
    prefetched = getattr(category, "prefetched_children", None)
    if prefetched is not None:
        page = paginate_prefetched(prefetched, info, args, BY_PK)
        if page is not None:
            return page
    return paginate(category_selectors.children(category), info, args, BY_PK)


@category_type.field("products")
def resolve_products(category: Category, info, channel=None, **args):
    from catalog.graphql.product_connection import products_connection

    resolved = request_channel(info, channel, staff_may_omit=sees_all_products(info))
    queryset = Product.objects.filter(category__tree_path__startswith=category.tree_path)
    return products_connection(info, queryset, args, channel=resolved)


@category_type.field("backgroundImage")
def resolve_background_image(category: Category, info, size=None, format=None):
    return image_of(info, category.background_image, category.background_image_alt)


@category_type.field("translation")
def resolve_translation(category: Category, _info, language_code):
    return translation_of(category, language_code)


# --- mutations --------------------------------------------------------------------------------


def _payload(category: Category) -> dict:
    return {"category": category}


@mutation.field("categoryCreate")
def resolve_category_create(_obj, info, input, parent=None):
    require_one_of(info, PermissionEnum.MANAGE_PRODUCTS)

    def create():
        parent_category = (
            node_or_error(parent, "Category", Category.objects.all(), field="parent")
            if parent
            else None
        )
        return _payload(
            category_services.category_create(
                name=input.get("name"),
                slug=input.get("slug"),
                parent=parent_category,
                description=input.get("description"),
                seo=input.get("seo"),
                background_image=input.get("background_image"),
                background_image_alt=input.get("background_image_alt"),
                metadata=input.get("metadata"),
                private_metadata=input.get("private_metadata"),
            )
        )

    return perform(create)


@mutation.field("categoryUpdate")
def resolve_category_update(_obj, info, id, input, **kwargs):
    require_one_of(info, PermissionEnum.MANAGE_PRODUCTS)

    def update():
        category = node_or_error(id, "Category", Category.objects.all())
        move = {}
        if "parent" in kwargs:  # our extension: moving a category with its subtree
            parent = kwargs["parent"]
            move["parent"] = (
                node_or_error(parent, "Category", Category.objects.all(), field="parent")
                if parent
                else None
            )
        return _payload(category_services.category_update(category=category, data=input, **move))

    return perform(update)


@mutation.field("categoryDelete")
def resolve_category_delete(_obj, info, id):
    require_one_of(info, PermissionEnum.MANAGE_PRODUCTS)

    def delete():
        category = node_or_error(id, "Category", Category.objects.all())
        return _payload(category_services.category_delete(category=category))

    return perform(delete)


bindables = [query, mutation, category_type]
cost_map = {
    "Query": {"categories": {"complexity": 1, "multipliers": ["first", "last"]}},
    "Category": {
        "ancestors": {"complexity": 1, "multipliers": ["first", "last"]},
        "children": {"complexity": 1, "multipliers": ["first", "last"]},
        "products": {"complexity": 1, "multipliers": ["first", "last"]},
    },
}
