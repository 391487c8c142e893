"""`filter` and `where` of product and variant lists, as Saleor reads them.

Channel-dependent conditions (publication, prices, stock) use the channel the query names,
else the deprecated `filter.channel`, else Saleor's default channel; it is resolved only when
such a condition is used. Input fields we do not act on are refused by name.
"""

from collections.abc import Callable, Mapping
from typing import Any

from django.db.models import (
    Exists,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.utils import timezone

from catalog.graphql.product_attribute_filters import (
    NOTHING,
    assigned_attributes_q,
    product_attributes_q,
)
from catalog.graphql.taxonomy_common import (
    metadata_q,
    pks_of_type,
    refuse_unsupported,
    updated_at_q,
    where_q,
)
from catalog.models import (
    Category,
    Channel,
    CollectionProduct,
    ProductChannelListing,
    ProductType,
    ProductTypeKind,
    ProductVariant,
    Stock,
)
from catalog.selectors.brands import products_from_divisions_q, products_with_brands_q
from catalog.selectors.product_filters import in_stock_q, price_range_q, priced_variant_q

ChannelGetter = Callable[[], Channel]

PRODUCT_FILTER_FIELDS = {
    "is_published", "collections", "categories", "has_category", "attributes",
    "stock_availability", "stocks", "search", "metadata", "published_from", "is_available",
    "available_from", "is_visible_in_listing", "price", "minimal_price", "updated_at",
    "product_types", "gift_card", "ids", "slugs", "channel",
    "brands", "divisions",  # our extension (brand.graphql)
}  # fmt: skip
PRODUCT_WHERE_FIELDS = {
    "metadata", "ids", "name", "slug", "product_type", "category", "collection",
    "is_available", "is_published", "is_visible_in_listing", "published_from",
    "available_from", "has_category", "price", "minimal_price", "attributes",
    "stock_availability", "stocks", "gift_card", "updated_at", "AND", "OR",
    "brands", "divisions",  # our extension (brand.graphql)
}  # fmt: skip
VARIANT_FILTER_FIELDS = {"search", "sku", "metadata", "updated_at"}
VARIANT_WHERE_FIELDS = {
    "metadata", "ids", "sku", "updated_at", "attributes", "stock_availability", "stocks",
    "AND", "OR",
}  # fmt: skip


# --- conditions shared by filter and where --------------------------------------------------


def _listing(channel: Channel, **lookups: Any) -> Q:
    listings = ProductChannelListing.objects.filter(
        product_id=OuterRef("pk"), channel_id=channel.pk, **lookups
    )
    return Q(Exists(listings))


def is_published_q(channel: Channel, value: bool | None) -> Q:
    """Saleor: the publication flag in the channel, and a priced variant there."""
    if value is None:
        return NOTHING
    return _listing(channel, is_published=value) & priced_variant_q(
        channel, Q(price_amount__isnull=False)
    )


def is_available_q(channel: Channel, value: bool | None) -> Q:
    if value is None:
        return NOTHING
    now = timezone.now()
    if value:
        return _listing(channel, available_for_purchase_at__lte=now)
    listings = ProductChannelListing.objects.filter(
        Q(available_for_purchase_at__gt=now) | Q(available_for_purchase_at__isnull=True),
        product_id=OuterRef("pk"),
        channel_id=channel.pk,
    )
    return Q(Exists(listings))


def in_categories_q(category_pks: list[int]) -> Q:
    """Products in the categories or any of their subcategories (Category.tree_path)."""
    paths = list(Category.objects.filter(pk__in=category_pks).values_list("tree_path", flat=True))
    if not paths:
        return NOTHING
    subtree = Q()
    for path in paths:
        subtree |= Q(tree_path__startswith=path)
    return Q(Exists(Category.objects.filter(subtree, pk=OuterRef("category_id"))))


def in_collections_q(collection_pks: list[int]) -> Q:
    links = CollectionProduct.objects.filter(
        collection_id__in=collection_pks, product_id=OuterRef("pk")
    )
    return Q(Exists(links))


def gift_card_q(value: bool | None) -> Q:
    if value is None:
        return NOTHING
    gift_cards = ProductType.objects.filter(
        kind=ProductTypeKind.GIFT_CARD, pk=OuterRef("product_type_id")
    )
    return Q(Exists(gift_cards)) if value else ~Q(Exists(gift_cards))


def stock_availability_q(channel: Channel, value: str | None, *, of_variants: bool = False) -> Q:
    """IN_STOCK: a variant has stock beyond its allocations in one of the channel's warehouses."""
    if value is None:
        return NOTHING
    in_stock = in_stock_q(channel, of_variants=of_variants)
    return in_stock if value == "IN_STOCK" else ~in_stock


def stocks_q(value: Mapping[str, Any] | None, *, of_variants: bool = False) -> Q:
    """Variants with stock in the given warehouses, or whose total quantity is in a range."""
    if not value:
        return NOTHING
    warehouse_ids = value.get("warehouse_ids")
    quantity = value.get("quantity")
    stocks = Stock.objects.all()
    if warehouse_ids:
        stocks = stocks.filter(warehouse_id__in=pks_of_type(warehouse_ids, "Warehouse"))
    if quantity:
        totals = (
            stocks.filter(product_variant_id=OuterRef("pk"))
            .values("product_variant_id")
            .annotate(total=Sum("quantity"))
            .values("total")
        )
        variants = ProductVariant.objects.annotate(
            total_quantity=Subquery(totals, output_field=IntegerField())
        )
        bounds = Q()
        for bound in ("gte", "lte"):
            if quantity.get(bound) is not None:
                bounds &= Q(**{f"total_quantity__{bound}": quantity[bound]})
        if bounds == Q():
            return NOTHING
        variants = variants.filter(bounds)
    elif warehouse_ids:
        variants = ProductVariant.objects.filter(
            Exists(stocks.filter(product_variant_id=OuterRef("pk")))
        )
    else:
        return NOTHING
    if of_variants:
        return Q(Exists(variants.filter(pk=OuterRef("pk"))))
    return Q(Exists(variants.filter(product_id=OuterRef("pk"))))


def _value_filter_q(field: str, value: Mapping[str, Any] | None) -> Q:
    """A DecimalFilterInput / DateTimeFilterInput: {eq, oneOf, range: {gte, lte}}."""
    if not value:
        return NOTHING
    if value.get("eq") is not None:
        return Q(**{field: value["eq"]})
    if value.get("one_of") is not None:
        return Q(**{f"{field}__in": value["one_of"]})
    if value.get("range"):
        bounds = updated_at_q(value["range"], field)
        return bounds if bounds != Q() else NOTHING
    return NOTHING


def _global_ids_q(field: str, value: Mapping[str, Any] | None, type_name: str) -> Q:
    """A GlobalIDFilterInput ({eq, oneOf}) on a foreign key."""
    if not value:
        return NOTHING
    if value.get("eq") is not None:
        return Q(**{f"{field}__in": pks_of_type([value["eq"]], type_name)})
    if value.get("one_of") is not None:
        return Q(**{f"{field}__in": pks_of_type(value["one_of"], type_name)})
    return NOTHING


def _string_q(field: str, value: Mapping[str, Any] | None) -> Q:
    if not value:
        return NOTHING
    if value.get("eq") is not None:
        return Q(**{field: value["eq"]})
    if value.get("one_of") is not None:
        return Q(**{f"{field}__in": value["one_of"]})
    return NOTHING


def _ids_of(value: Mapping[str, Any] | None, type_name: str) -> list[int]:
    if not value:
        return []
    given = [value["eq"]] if value.get("eq") is not None else value.get("one_of") or []
    return pks_of_type(given, type_name)


# --- products -------------------------------------------------------------------------------


def _price_range_q(channel: Channel, value: Mapping[str, Any]) -> Q:
    return price_range_q(channel, gte=value.get("gte"), lte=value.get("lte"))


def _minimal_price_q(channel: Channel, condition: Q) -> Q:
    listings = ProductChannelListing.objects.filter(
        condition, product_id=OuterRef("pk"), channel_id=channel.pk
    )
    return Q(Exists(listings))


def product_filter_q(data: Mapping[str, Any], channel: ChannelGetter) -> Q:
    """ProductFilterInput (without `search`, which the connection applies) as one condition."""
    refuse_unsupported(data, PRODUCT_FILTER_FIELDS, "Filtering")
    q = Q()
    value = data.get
    if value("is_published") is not None:
        q &= is_published_q(channel(), value("is_published"))
    if value("collections"):
        q &= in_collections_q(pks_of_type(value("collections"), "Collection"))
    if value("categories"):
        q &= in_categories_q(pks_of_type(value("categories"), "Category"))
    if value("has_category") is not None:
        q &= Q(category__isnull=not value("has_category"))
    if value("attributes"):
        q &= product_attributes_q(value("attributes"))
    if value("stock_availability") is not None:
        q &= stock_availability_q(channel(), value("stock_availability"))
    if value("stocks") is not None:
        q &= stocks_q(value("stocks"))
    if value("metadata"):
        q &= metadata_q(value("metadata"))
    if value("published_from") is not None:
        q &= _listing(channel(), published_at__lte=value("published_from"))
    if value("is_available") is not None:
        q &= is_available_q(channel(), value("is_available"))
    if value("available_from") is not None:
        q &= _listing(channel(), available_for_purchase_at__lte=value("available_from"))
    if value("is_visible_in_listing") is not None:
        q &= _listing(channel(), visible_in_listings=value("is_visible_in_listing"))
    if value("price"):
        q &= _price_range_q(channel(), value("price"))
    if value("minimal_price"):
        bounds = updated_at_q(value("minimal_price"), "discounted_price_amount")
        q &= _minimal_price_q(channel(), bounds)
    if value("updated_at"):
        q &= updated_at_q(value("updated_at"))
    if value("product_types"):
        q &= Q(product_type_id__in=pks_of_type(value("product_types"), "ProductType"))
    if value("gift_card") is not None:
        q &= gift_card_q(value("gift_card"))
    if value("ids"):
        q &= Q(pk__in=pks_of_type(value("ids"), "Product"))
    if value("slugs"):
        q &= Q(slug__in=value("slugs"))
    if value("brands"):
        q &= products_with_brands_q(pks_of_type(value("brands"), "Brand"), timezone.localdate())
    if value("divisions"):
        q &= products_from_divisions_q(pks_of_type(value("divisions"), "Division"))
    return q


def _product_where_fields_q(data: Mapping[str, Any], channel: ChannelGetter) -> Q:
    q = Q()
    for name, value in data.items():
        if name == "metadata":
            q &= metadata_q(value) if value else NOTHING
        elif name == "ids":
            q &= Q(pk__in=pks_of_type(value, "Product")) if value else NOTHING
        elif name in ("name", "slug"):
            q &= _string_q(name, value)
        elif name == "product_type":
            q &= _global_ids_q("product_type_id", value, "ProductType")
        elif name == "category":
            pks = _ids_of(value, "Category")
            q &= in_categories_q(pks) if pks else NOTHING
        elif name == "collection":
            pks = _ids_of(value, "Collection")
            q &= in_collections_q(pks) if pks else NOTHING
        elif name == "is_available":
            q &= is_available_q(channel(), value)
        elif name == "is_published":
            q &= is_published_q(channel(), value)
        elif name == "is_visible_in_listing":
            q &= NOTHING if value is None else _listing(channel(), visible_in_listings=value)
        elif name in ("published_from", "available_from"):
            field = "published_at" if name == "published_from" else "available_for_purchase_at"
            q &= NOTHING if value is None else _listing(channel(), **{f"{field}__lte": value})
        elif name == "has_category":
            q &= NOTHING if value is None else Q(category__isnull=not value)
        elif name == "price":
            price = _value_filter_q("price_amount", value)
            q &= price if price is NOTHING else priced_variant_q(channel(), price)
        elif name == "minimal_price":
            price = _value_filter_q("discounted_price_amount", value)
            q &= price if price is NOTHING else _minimal_price_q(channel(), price)
        elif name == "attributes":
            q &= product_attributes_q(value)
        elif name == "stock_availability":
            q &= stock_availability_q(channel(), value)
        elif name == "stocks":
            q &= stocks_q(value)
        elif name == "gift_card":
            q &= gift_card_q(value)
        elif name == "updated_at":
            q &= _value_filter_q("updated_at", value)
        elif name == "brands":
            pks = pks_of_type(value or (), "Brand")
            q &= products_with_brands_q(pks, timezone.localdate()) if pks else NOTHING
        elif name == "divisions":
            pks = pks_of_type(value or (), "Division")
            q &= products_from_divisions_q(pks) if pks else NOTHING
    return q


def product_where_q(data: Mapping[str, Any] | None, channel: ChannelGetter) -> Q:
    """ProductWhereInput: fields ANDed, nested AND / OR lists."""

    def build(item: Mapping[str, Any]) -> Q:
        refuse_unsupported(item, PRODUCT_WHERE_FIELDS, "Filtering")
        return _product_where_fields_q(item, channel)

    return where_q(data, build)


# --- variants -------------------------------------------------------------------------------


def variant_filter_q(data: Mapping[str, Any]) -> Q:
    refuse_unsupported(data, VARIANT_FILTER_FIELDS, "Filtering")
    q = Q()
    if search := data.get("search"):
        q &= (
            Q(name__icontains=search)
            | Q(sku__icontains=search)
            | Q(product__name__icontains=search)
        )
    if data.get("sku"):
        q &= Q(sku__in=data["sku"])
    if data.get("metadata"):
        q &= metadata_q(data["metadata"])
    if data.get("updated_at"):
        q &= updated_at_q(data["updated_at"])
    return q


def variant_where_q(data: Mapping[str, Any] | None, channel: ChannelGetter) -> Q:
    def build(item: Mapping[str, Any]) -> Q:
        refuse_unsupported(item, VARIANT_WHERE_FIELDS, "Filtering")
        q = Q()
        for name, value in item.items():
            if name == "metadata":
                q &= metadata_q(value) if value else NOTHING
            elif name == "ids":
                q &= Q(pk__in=pks_of_type(value, "ProductVariant")) if value else NOTHING
            elif name == "sku":
                q &= _string_q("sku", value)
            elif name == "updated_at":
                bounds = updated_at_q(value) if value else NOTHING
                q &= bounds if bounds != Q() else NOTHING
            elif name == "attributes":
                q &= assigned_attributes_q(value, "variant") if value else NOTHING
            elif name == "stock_availability":
                q &= stock_availability_q(channel(), value, of_variants=True)
            elif name == "stocks":
                q &= stocks_q(value, of_variants=True)
        return q

    return where_q(data, build)
