"""Reads of the category tree (public: every caller sees every category, as in Saleor)."""

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from catalog.models import Category, Product


def categories(*, level: int | None = None) -> QuerySet[Category]:
    queryset = Category.objects.select_related("parent")
    if level is not None:
        queryset = queryset.filter(level=level)
    return queryset


def category_by_slug(slug: str) -> Category | None:
    return categories().filter(slug=slug).first()


def category_by_pk(pk: int) -> Category | None:
    return categories().filter(pk=pk).first()


def subtree_q(category: Category, prefix: str = "") -> Q:
    """Rows (of `prefix`'s model) in the category's subtree, the category included."""
    return Q(**{f"{prefix}tree_path__startswith": category.tree_path})


def ancestors(category: Category) -> QuerySet[Category]:
    """The category's ancestors; ordered by `level` they run from the root down."""
    return categories().filter(pk__in=category.ancestor_ids())


def children(category: Category) -> QuerySet[Category]:
    return categories().filter(parent=category)


def with_counts(queryset: QuerySet[Category]) -> QuerySet[Category]:
    """Annotate `product_count` and `subcategory_count` (direct children), never null, so
    they can drive keyset pagination (Saleor's PRODUCT_COUNT / SUBCATEGORY_COUNT sorts)."""

    def count_of(rows: QuerySet, field: str) -> Coalesce:
        counted = (
            rows.filter(**{field: OuterRef("pk")})
            .order_by()
            .values(field)
            .annotate(count=Count("pk"))
            .values("count")
        )
        return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))

    return queryset.annotate(
        product_count=count_of(Product.objects.all(), "category"),
        subcategory_count=count_of(Category.objects.all(), "parent"),
    )
