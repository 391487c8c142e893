"""Creating, changing and deleting products (Saleor's productCreate/Update/Delete rules)."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from catalog.editorjs import editorjs_plaintext
from catalog.error_codes import ProductErrorCode
from catalog.models import (
    AttributeValue,
    Category,
    Collection,
    Product,
    ProductMedia,
    ProductType,
)
from catalog.services.attribute_values import (
    AttributeAssignment,
    attributes_save,
    owned_values_delete,
)
from catalog.services.attributes_assign import attributes_clean, attributes_for_products
from catalog.services.media import media_files_delete_on_commit
from catalog.services.product_inputs import (
    apply_metadata,
    decode_pk,
    fail,
    full_clean,
    get_by_external_reference,
    get_node,
    get_nodes,
    require_one_of,
)
from catalog.services.search_index import products_search_index_schedule
from catalog.services.slugs import unique_slug
from infra.webhooks import event_types as webhook_events
from infra.webhooks.events import event_emit

# Input keys copied onto the model as they are.
PLAIN_FIELDS = ("name", "slug", "description", "weight", "rating", "external_reference")
# Input keys that change what a product is found by.
SEARCHED_FIELDS = {"name", "slug", "description", "category", "attributes", "seo"}


@dataclass
class CleanedProduct:
    """A product input resolved and validated, ready to save."""

    fields: dict[str, Any]
    attributes: list[AttributeAssignment] | None = None
    collections: list[Collection] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def refuse_unsupported(data: Mapping[str, Any]) -> None:
    """Saleor inputs this platform does not act on: refused rather than silently dropped."""
    if data.get("tax_class"):
        decode_pk(data["tax_class"], "TaxClass", field="taxClass")
        raise fail(
            "taxClass",
            ProductErrorCode.NOT_FOUND,
            f"Couldn't resolve to a node: {data['tax_class']}",
        )
    if data.get("tax_code"):
        raise fail("taxCode", ProductErrorCode.INVALID, "Tax codes are not supported.")


def clean_product_input(
    data: Mapping[str, Any], *, instance: Product, product_type: ProductType, creation: bool
) -> CleanedProduct:
    """Resolve IDs and validate a ProductInput in Saleor's order; raise the first failure."""
    refuse_unsupported(data)
    cleaned = CleanedProduct(fields={k: data[k] for k in PLAIN_FIELDS if k in data})
    if "category" in data:
        cleaned.fields["category"] = (
            get_node(Category.objects.all(), data["category"], "Category", field="category")
            if data["category"]
            else None
        )
    if data.get("collections") is not None:
        cleaned.collections = get_nodes(
            Collection.objects.all(), data["collections"], "Collection", field="collections"
        )
    if "description" in data:
        cleaned.fields["description_plaintext"] = editorjs_plaintext(data["description"])
    weight = data.get("weight")
    if weight is not None and weight < 0:
        raise fail("weight", ProductErrorCode.INVALID, "Product can't have negative weight.")
    _clean_slug(cleaned.fields, instance=instance, creation=creation)
    if data.get("attributes"):
        cleaned.attributes = attributes_clean(
            raw=data["attributes"],
            allowed=attributes_for_products(product_type.pk),
            creation=creation,
        )
    elif creation:
        attributes_clean(raw=[], allowed=attributes_for_products(product_type.pk), creation=True)
    seo = data.get("seo")
    if seo is not None:
        cleaned.fields["seo_title"] = seo.get("title")
        cleaned.fields["seo_description"] = seo.get("description")
    return cleaned


def _clean_slug(fields: dict[str, Any], *, instance: Product, creation: bool) -> None:
    if not creation:
        if "slug" in fields and not fields["slug"]:
            raise fail("slug", ProductErrorCode.REQUIRED, "Slug value cannot be blank.")
        return
    if not fields.get("slug") and fields.get("name"):
        fields["slug"] = unique_slug(model=Product, name=fields["name"], fallback="product")


def build_product(instance: Product, cleaned: CleanedProduct, data: Mapping[str, Any]) -> Product:
    """Apply cleaned fields and metadata to an unsaved instance and validate the model."""
    for name, value in cleaned.fields.items():
        model_field = Product._meta.get_field(name)
        if value is None and not model_field.null:
            value = model_field.get_default()
        setattr(instance, name, value)
    apply_metadata(instance, data)
    full_clean(instance, exclude=["default_variant", "search_document", "origin"])
    return instance


def save_product_relations(product: Product, cleaned: CleanedProduct) -> None:
    if cleaned.attributes:
        attributes_save(instance=product, cleaned=cleaned.attributes)
    if cleaned.collections is not None:
        product.collections.set(cleaned.collections)


@transaction.atomic
def product_create(*, data: Mapping[str, Any]) -> Product:
    """Create a product from Saleor's ProductCreateInput (snake_case keys).

    Generates a unique pinyin slug from the name when none is given, assigns attribute values
    and collections, and schedules the product for re-indexing.
    """
    product_type = get_node(
        ProductType.objects.all(), data["product_type"], "ProductType", field="productType"
    )
    instance = Product(product_type=product_type)
    cleaned = clean_product_input(data, instance=instance, product_type=product_type, creation=True)
    product = build_product(instance, cleaned, data)
    product.search_index_dirty = True
    product.save()
    save_product_relations(product, cleaned)
    products_search_index_schedule(product_ids=[product.pk])
    return product


def resolve_product(
    *, product_id: str | None, external_reference: str | None, lock: bool
) -> Product:
    """A product by global ID or external reference, as Saleor's ModelWithExtRefMutation."""
    require_one_of(("id", product_id), ("external_reference", external_reference))
    queryset = Product.objects.select_for_update() if lock else Product.objects.all()
    if product_id:
        return get_node(queryset, product_id, "Product", field="id")
    return get_by_external_reference(queryset, external_reference)


@transaction.atomic
def product_update(
    *, product_id: str | None, external_reference: str | None, data: Mapping[str, Any]
) -> Product:
    """Change a product from Saleor's ProductInput; only the given keys change.

    Holds a row lock on the product for the update.
    """
    product = resolve_product(
        product_id=product_id, external_reference=external_reference, lock=True
    )
    cleaned = clean_product_input(
        data, instance=product, product_type=product.product_type, creation=False
    )
    build_product(product, cleaned, data)
    product.save()
    save_product_relations(product, cleaned)
    if SEARCHED_FIELDS & set(data):
        products_search_index_schedule(product_ids=[product.pk])
    event_emit(webhook_events.PRODUCT_UPDATED, product)
    return product


@transaction.atomic
def product_delete(*, product_id: str | None, external_reference: str | None) -> Product:
    """Delete a product with its variants, listings, media and own attribute values.

    Returns the deleted instance with its pk kept (Saleor answers the deleted object's ID).
    Products whose reference attributes pointed at it are re-indexed.
    """
    product = resolve_product(
        product_id=product_id, external_reference=external_reference, lock=True
    )
    pk = product.pk
    referring = set(
        AttributeValue.objects.filter(reference_product_id=pk).values_list(
            "productvalueassignment__product_id", flat=True
        )
    ) - {None, pk}
    media_files_delete_on_commit(ProductMedia.objects.filter(product_id=pk))
    owned_values_delete(product_ids=[pk], variant_ids=product.variants.values_list("pk", flat=True))
    product.delete()
    product.pk = pk
    products_search_index_schedule(product_ids=referring)
    return product
