"""Demo step: a catalog of the counties' specialties, ready to browse, buy and search.

Products come from data/products_by_county.csv (rows tagged `uncertain:` are skipped), with
prices and approximate altitudes from data/demo_products.csv and the category tree from
data/demo_categories.csv. Safe to run again: everything is found by a natural key.
"""

from dataclasses import dataclass, field

from catalog.demo.products import DEMO_REFERENCE, load_products, read_specialties
from catalog.demo.reference import (
    load_attributes,
    load_categories,
    load_channels,
    load_product_types,
    load_warehouses,
    read_categories,
)
from catalog.models import Attribute, Category, Channel, Division, Product, ProductType, Warehouse
from catalog.services.search_index import products_search_index_update


@dataclass
class Frame:
    """What the products hang on, by natural key."""

    channels: dict[str, Channel]
    warehouses: dict[str, Warehouse]
    categories: dict[str, Category]
    attributes: dict[str, Attribute]
    product_types: dict[str, ProductType]
    colours: dict[str, str]
    counties: dict[str, Division] = field(default_factory=dict)
    values: dict = field(default_factory=dict)


def load_demo_catalog(stdout) -> None:
    channels = load_channels()
    attributes = load_attributes()
    frame = Frame(
        channels=channels,
        warehouses=load_warehouses(channels),
        categories=load_categories(),
        attributes=attributes,
        product_types=load_product_types(attributes),
        colours={row["slug"]: row["colour"] for row in read_categories()},
    )
    products = load_products(read_specialties(), frame)
    indexed = products_search_index_update(product_ids=[p.pk for p in products])
    total = Product.objects.filter(external_reference__startswith=DEMO_REFERENCE).count()
    stdout.write(
        f"Catalog: {len(channels)} channels, {len(frame.warehouses)} warehouses, "
        f"{len(frame.categories)} categories, {total} products ({indexed} indexed for search)"
    )


__all__ = ["load_demo_catalog", "read_specialties"]
