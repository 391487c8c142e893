"""productBulkCreate and productVariantBulkCreate (Saleor's error policies)."""

from ariadne import MutationType
from graphql import GraphQLResolveInfo

from catalog.services.product_bulk import products_bulk_create
from catalog.services.variant_bulk import BulkResult, variants_bulk_create
from infra.accounts.permissions import PermissionEnum
from infra.graphql.channel_context import ChannelContext
from infra.graphql.errors import error_items
from infra.graphql.mutations import MutationPayload, perform
from infra.graphql.permissions import require_one_of

mutation = MutationType()


def _wrap(instance):
    return ChannelContext(instance, None) if instance is not None else None


def _results(result: BulkResult, key: str) -> list[dict]:
    return [{key: _wrap(row.instance), "errors": error_items(row.errors)} for row in result.rows]


def _with_defaults(payload: MutationPayload, **defaults) -> MutationPayload:
    """A failed call still answers Saleor's non-null count and lists."""
    for key, value in defaults.items():
        payload.__dict__.setdefault(key, value)
    return payload


@mutation.field("productBulkCreate")
def resolve_product_bulk_create(
    _obj, info: GraphQLResolveInfo, products: list, error_policy=None
) -> MutationPayload:
    require_one_of(info, PermissionEnum.MANAGE_PRODUCTS)

    def call() -> dict:
        result = products_bulk_create(products=products, error_policy=error_policy)
        return {"count": result.count, "results": _results(result, "product")}

    return _with_defaults(perform(call), count=0, results=[])


@mutation.field("productVariantBulkCreate")
def resolve_variant_bulk_create(
    _obj, info: GraphQLResolveInfo, product: str, variants: list, error_policy=None
) -> MutationPayload:
    require_one_of(info, PermissionEnum.MANAGE_PRODUCTS)

    def call() -> dict:
        result = variants_bulk_create(
            product_id=product, variants=variants, error_policy=error_policy
        )
        errors = [
            {**item, "index": index}
            for index, row in enumerate(result.rows)
            for item in error_items(row.errors)
        ]
        return {
            "count": result.count,
            "product_variants": [_wrap(r.instance) for r in result.rows if r.instance],
            "results": _results(result, "product_variant"),
            "errors": errors,
        }

    return _with_defaults(perform(call), count=0, results=[], product_variants=[])


bindables = [mutation]
