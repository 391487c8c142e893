"""Per-request loaders for the product API: one query per kind of data for all siblings.

Execution is synchronous, so a loader cannot wait for keys to pile up as an async DataLoader
does. Instead, objects resolved together (a page of products, the variants of that page) are
remembered as siblings; the first time a field needs data for one of them, the loader fetches
it for every sibling at once and keeps it for the rest of the request (`info.context.cache`).
A query for products(first: N) therefore costs the same number of queries for any N.
"""

from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any, ClassVar, Self, TypeVar

from graphql import GraphQLResolveInfo

from catalog.selectors import products as product_selectors
from catalog.selectors import variants as variant_selectors

_SIBLINGS = "_api_siblings"
T = TypeVar("T")


def remember_siblings(instances: Iterable[T]) -> list[T]:
    """Mark `instances` as resolved together, so loaders batch over all of them."""
    group = list(instances)
    for instance in group:
        instance.__dict__[_SIBLINGS] = group
    return group


def siblings_of(instance: Any) -> list:
    return instance.__dict__.get(_SIBLINGS) or [instance]


class Loader:
    """Values by key for one request; a miss fetches the key and all sibling keys at once."""

    many: ClassVar[bool] = False  # values are lists: a missing key loads as []
    fetch_many: ClassVar[Callable[[list], Mapping]]

    def __init__(self, registry: dict) -> None:
        self._values: dict[Hashable, Any] = {}
        self.registry = registry  # the request's loaders, for priming one from another

    @classmethod
    def of(cls, info: GraphQLResolveInfo) -> Self:
        return cls.within(info.context.cache.setdefault("loaders", {}))

    @classmethod
    def within(cls, registry: dict) -> Self:
        if cls not in registry:
            registry[cls] = cls(registry)
        return registry[cls]

    def fetch(self, keys: list) -> Mapping:
        return type(self).fetch_many(keys)

    def load(self, key: Hashable, sibling_keys: Iterable[Hashable] = ()) -> Any:
        if key is None:
            return [] if self.many else None
        if key not in self._values:
            keys = dict.fromkeys([key, *sibling_keys])
            wanted = [k for k in keys if k is not None and k not in self._values]
            found = self.fetch(wanted)
            for wanted_key in wanted:
                self._values[wanted_key] = found.get(wanted_key, [] if self.many else None)
        return self._values[key]

    def prime(self, key: Hashable, value: Any) -> None:
        self._values.setdefault(key, value)


def load_for(
    info: GraphQLResolveInfo,
    loader: type[Loader],
    instance: Any,
    key_of: Callable[[Any], Hashable],
) -> Any:
    """Load `key_of(instance)`, batching with the keys of the instance's siblings."""
    return loader.of(info).load(key_of(instance), (key_of(s) for s in siblings_of(instance)))


class RemembersSiblings(Loader):
    """Instances fetched together become siblings of one another."""

    def fetch(self, keys: list) -> Mapping:
        found = super().fetch(keys)
        values = found.values()
        if self.many:
            remember_siblings(item for items in values for item in items)
        else:
            remember_siblings(value for value in values if value is not None)
        return found


class ProductByIdLoader(RemembersSiblings):
    fetch_many = staticmethod(product_selectors.products_by_id)


class CategoryByIdLoader(Loader):
    fetch_many = staticmethod(product_selectors.categories_by_id)


class ProductTypeByIdLoader(Loader):
    fetch_many = staticmethod(product_selectors.product_types_by_id)


class ProductChannelListingByProductIdAndChannelIdLoader(Loader):
    fetch_many = staticmethod(product_selectors.product_listings_by_product_and_channel)


class ProductChannelListingsByProductIdLoader(RemembersSiblings):
    many = True
    fetch_many = staticmethod(product_selectors.product_listings_by_product)


class PricedVariantChannelListingsByProductIdAndChannelIdLoader(Loader):
    many = True
    fetch_many = staticmethod(product_selectors.priced_variant_listings_by_product_and_channel)

    def fetch(self, keys: list) -> Mapping:
        found = super().fetch(keys)
        by_variant = VariantChannelListingByVariantIdAndChannelIdLoader.within(self.registry)
        for listings in found.values():
            for listing in listings:
                by_variant.prime((listing.variant_id, listing.channel_id), listing)
        return found


class MediaByProductIdLoader(RemembersSiblings):
    many = True
    fetch_many = staticmethod(product_selectors.media_by_product)


class FirstMediaByProductIdSizeAndFormatLoader(Loader):
    fetch_many = staticmethod(product_selectors.first_media_by_product_size_and_format)


class ThumbnailByMediaIdSizeAndFormatLoader(Loader):
    fetch_many = staticmethod(product_selectors.thumbnails_by_media_size_and_format)


class ProductAttributesByProductTypeIdLoader(Loader):
    many = True
    fetch_many = staticmethod(product_selectors.product_attributes_by_product_type)


class AttributeValuesByProductIdLoader(Loader):
    many = True
    fetch_many = staticmethod(product_selectors.attribute_values_by_product)


class CollectionsByProductIdLoader(Loader):
    many = True
    fetch_many = staticmethod(product_selectors.collections_by_product)


class CollectionChannelListingByCollectionIdAndChannelIdLoader(Loader):
    fetch_many = staticmethod(product_selectors.collection_listings_by_collection_and_channel)


class ProductTranslationByProductIdAndLanguageLoader(Loader):
    fetch_many = staticmethod(product_selectors.product_translations_by_product_and_language)


class VariantByIdLoader(RemembersSiblings):
    fetch_many = staticmethod(variant_selectors.variants_by_id)


class VariantsByProductIdLoader(RemembersSiblings):
    """Keys are (product id, channel id or None, VariantScope)."""

    many = True
    fetch_many = staticmethod(variant_selectors.variants_by_product)


class VariantChannelListingByVariantIdAndChannelIdLoader(Loader):
    fetch_many = staticmethod(variant_selectors.variant_listings_by_variant_and_channel)


class VariantChannelListingsByVariantIdLoader(RemembersSiblings):
    many = True
    fetch_many = staticmethod(variant_selectors.variant_listings_by_variant)


class AvailableQuantityByVariantIdAndChannelIdLoader(Loader):
    fetch_many = staticmethod(variant_selectors.available_quantity_by_variant_and_channel)

    def load(self, key: Hashable, sibling_keys: Iterable[Hashable] = ()) -> int:
        return super().load(key, sibling_keys) or 0


class ReservedQuantityByStockIdLoader(Loader):
    fetch_many = staticmethod(variant_selectors.reserved_quantities)

    def load(self, key: Hashable, sibling_keys: Iterable[Hashable] = ()) -> int:
        return super().load(key, sibling_keys) or 0


class StocksByVariantIdAndChannelIdLoader(RemembersSiblings):
    many = True
    fetch_many = staticmethod(variant_selectors.stocks_by_variant_and_channel)


class VariantAttributesByProductTypeIdLoader(Loader):
    many = True
    fetch_many = staticmethod(variant_selectors.variant_attributes_by_product_type)


class AttributeValuesByVariantIdLoader(Loader):
    many = True
    fetch_many = staticmethod(variant_selectors.attribute_values_by_variant)


class MediaByVariantIdLoader(RemembersSiblings):
    many = True
    fetch_many = staticmethod(variant_selectors.media_by_variant)


class VariantTranslationByVariantIdAndLanguageLoader(Loader):
    fetch_many = staticmethod(variant_selectors.variant_translations_by_variant_and_language)
