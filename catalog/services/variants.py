"""Creating, changing and deleting product variants (Saleor's productVariant* rules)."""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from catalog.error_codes import ProductErrorCode
from catalog.models import (
    AssignedVariantAttributeValue,
    AttributeInputType,
    AttributeVariant,
    Product,
    ProductVariant,
    Warehouse,
)
from catalog.services.attribute_values import (
    AttributeAssignment,
    assignment_signature,
    attributes_save,
    owned_values_delete,
    value_signature,
)
from catalog.services.attributes_assign import attributes_clean, attributes_for_variants
from catalog.services.listings import product_discounted_prices_refresh, resolve_variant
from catalog.services.product_inputs import (
    apply_metadata,
    duplicated,
    fail,
    full_clean,
    get_by_external_reference,
    get_node,
    require_one_of,
)
from catalog.services.search_index import products_search_index_schedule
from catalog.services.stocks import NEGATIVE, stock_warehouses, stocks_create
from infra.ids import to_global_id

PLAIN_FIELDS = (
    "name",
    "track_inventory",
    "weight",
    "quantity_limit_per_customer",
    "external_reference",
)
SEARCHED_FIELDS = {"sku", "name", "attributes"}
SELECTION_TYPES = [
    AttributeInputType.DROPDOWN,
    AttributeInputType.BOOLEAN,
    AttributeInputType.SWATCH,
    AttributeInputType.NUMERIC,
]


@dataclass
class CleanedVariant:
    fields: dict[str, Any]
    attributes: list[AttributeAssignment] | None = None
    warehouses: list[Warehouse] = field(default_factory=list)
    quantities: list[int] = field(default_factory=list)


def clean_variant_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    """Plain variant fields with Saleor's checks (weight, quantity limit, blank SKU)."""
    if data.get("preorder"):
        raise fail("preorder", ProductErrorCode.INVALID, "Preorder is not supported.")
    weight = data.get("weight")
    if weight is not None and weight < 0:
        raise fail(
            "weight", ProductErrorCode.INVALID, "Product variant can't have negative weight."
        )
    limit = data.get("quantity_limit_per_customer")
    if limit is not None and limit < 1:
        raise fail(
            "quantityLimitPerCustomer",
            ProductErrorCode.INVALID,
            "Product variant can't have quantity_limit_per_customer lower than 1.",
        )
    fields = {key: data[key] for key in PLAIN_FIELDS if key in data}
    if "sku" in data:
        fields["sku"] = (data["sku"] or "").strip() or None
    return fields


def clean_variant_attributes(
    raw: Sequence[Mapping[str, Any]] | None,
    *,
    product: Product,
    variant: ProductVariant | None,
    creation: bool,
) -> list[AttributeAssignment] | None:
    """Validate variant attribute input against the product type's variant attributes."""
    allowed = attributes_for_variants(product.product_type_id)
    if not raw:
        if creation and allowed.filter(value_required=True).exists():
            raise fail(
                "attributes",
                ProductErrorCode.REQUIRED,
                "All required attributes must take a value.",
            )
        return None
    allowed_rows = list(allowed.values_list("pk", "external_reference"))
    allowed_ids = {to_global_id("Attribute", pk) for pk, _ref in allowed_rows}
    allowed_refs = {ref for _pk, ref in allowed_rows if ref}
    invalid = [item["id"] for item in raw if item.get("id") and item["id"] not in allowed_ids]
    invalid += [
        item["external_reference"]
        for item in raw
        if not item.get("id") and item.get("external_reference") not in allowed_refs
    ]
    if invalid:
        raise fail(
            "attributes",
            ProductErrorCode.ATTRIBUTE_CANNOT_BE_ASSIGNED,
            "Given attributes are not a variant attributes.",
            attributes=invalid,
        )
    cleaned = attributes_clean(raw=raw, allowed=allowed, creation=creation)
    check_duplicated_values(product, cleaned, variant=variant)
    return cleaned


def check_duplicated_values(
    product: Product,
    cleaned: Sequence[AttributeAssignment],
    *,
    variant: ProductVariant | None,
    pending: list[dict] | None = None,
) -> None:
    """Refuse values that would make this variant's attribute values equal another's.

    `pending` collects the signatures of variants created earlier in the same bulk call.
    """
    signatures: dict[int, dict[int, tuple]] = defaultdict(lambda: defaultdict(tuple))
    assigned = AssignedVariantAttributeValue.objects.filter(
        variant__product=product
    ).select_related("value__attribute")
    for row in assigned:
        signatures[row.variant_id][row.value.attribute_id] += (value_signature(row.value),)
    own = (
        {k: tuple(sorted(v)) for k, v in signatures.pop(variant.pk, {}).items()} if variant else {}
    )
    for assignment in cleaned:
        own[assignment.attribute.pk] = assignment_signature(assignment)
    candidate = {k: v for k, v in own.items() if v}
    others = [{k: tuple(sorted(v)) for k, v in sig.items()} for sig in signatures.values()]
    if candidate and (candidate in others or candidate in (pending or [])):
        raise fail(
            "attributes",
            ProductErrorCode.DUPLICATED_INPUT_ITEM,
            "Duplicated attribute values for product variant.",
            attributes=[a.identifier for a in cleaned],
        )
    if pending is not None and candidate:
        pending.append(candidate)


def clean_new_stocks(stocks: Sequence[Mapping[str, Any]] | None) -> tuple[list, list]:
    if not stocks:
        return [], []
    if dupes := duplicated([item["warehouse"] for item in stocks]):
        raise fail(
            "stocks", ProductErrorCode.UNIQUE, f"Duplicated warehouse ID: {', '.join(dupes)}"
        )
    if any(item["quantity"] < 0 for item in stocks):
        raise fail("stocks", ProductErrorCode.INVALID, NEGATIVE)
    return stock_warehouses(stocks), [item["quantity"] for item in stocks]


def build_variant(
    variant: ProductVariant, fields: Mapping[str, Any], data: Mapping[str, Any]
) -> None:
    for name, value in fields.items():
        model_field = ProductVariant._meta.get_field(name)
        if value is None and not model_field.null:
            value = model_field.get_default()
        setattr(variant, name, value)
    apply_metadata(variant, data)
    full_clean(variant)


def variant_name_generate(variant: ProductVariant) -> None:
    """Saleor's default name: the variant-selection values ("红 / 500g"), else SKU, else ID."""
    selection = AttributeVariant.objects.filter(
        product_type_id=variant.product.product_type_id,
        variant_selection=True,
        attribute__input_type__in=SELECTION_TYPES,
    ).values("attribute_id")
    names: dict[int, list[str]] = defaultdict(list)
    for row in AssignedVariantAttributeValue.objects.filter(
        variant=variant, value__attribute_id__in=selection
    ).select_related("value"):
        names[row.value.attribute_id].append(row.value.name)
    name = " / ".join(sorted(", ".join(values) for values in names.values()))
    variant.name = name or variant.sku or to_global_id("ProductVariant", variant.pk)
    variant.save(update_fields=["name", "updated_at"])


def save_new_variant(variant: ProductVariant, cleaned: CleanedVariant) -> ProductVariant:
    """Save a built variant with its stocks and attributes; make it the default if none is."""
    variant.save()
    product = variant.product
    if product.default_variant_id is None:
        product.default_variant = variant
        product.save(update_fields=["default_variant", "updated_at"])
    if cleaned.warehouses:
        stocks_create(variant=variant, warehouses=cleaned.warehouses, quantities=cleaned.quantities)
    if cleaned.attributes:
        attributes_save(instance=variant, cleaned=cleaned.attributes)
    if not variant.name:
        variant_name_generate(variant)
    return variant


@transaction.atomic
def variant_create(*, data: Mapping[str, Any]) -> ProductVariant:
    """Create a variant from Saleor's ProductVariantCreateInput, with its stocks.

    Locks the product row while checking attribute values against its other variants.
    """
    product = get_node(
        Product.objects.select_for_update(), data["product"], "Product", field="product"
    )
    fields = clean_variant_fields(data)
    warehouses, quantities = clean_new_stocks(data.get("stocks"))
    attributes = clean_variant_attributes(
        data.get("attributes"), product=product, variant=None, creation=True
    )
    variant = ProductVariant(product=product, track_inventory=True)
    build_variant(variant, {**fields, "track_inventory": fields.get("track_inventory", True)}, data)
    save_new_variant(variant, CleanedVariant(fields, attributes, warehouses, quantities))
    products_search_index_schedule(product_ids=[product.pk])
    return variant


def resolve_variant_by(
    *, variant_id: str | None, sku: str | None, external_reference: str | None
) -> ProductVariant:
    require_one_of(("sku", sku), ("id", variant_id), ("external_reference", external_reference))
    queryset = ProductVariant.objects.select_for_update()
    if external_reference:
        return get_by_external_reference(queryset, external_reference)
    return resolve_variant(variant_id=variant_id, sku=sku, queryset=queryset)


@transaction.atomic
def variant_update(
    *,
    variant_id: str | None,
    sku: str | None,
    external_reference: str | None,
    data: Mapping[str, Any],
) -> ProductVariant:
    """Change a variant from Saleor's ProductVariantInput; only the given keys change."""
    variant = resolve_variant_by(
        variant_id=variant_id, sku=sku, external_reference=external_reference
    )
    fields = clean_variant_fields(data)
    if fields.get("track_inventory", True) is None:
        fields.pop("track_inventory")
    attributes = clean_variant_attributes(
        data.get("attributes"), product=variant.product, variant=variant, creation=False
    )
    build_variant(variant, fields, data)
    variant.save()
    if attributes:
        attributes_save(instance=variant, cleaned=attributes)
    if not variant.name:
        variant_name_generate(variant)
    if SEARCHED_FIELDS & set(data):
        products_search_index_schedule(product_ids=[variant.product_id])
    return variant


@transaction.atomic
def variant_delete(
    *, variant_id: str | None, sku: str | None, external_reference: str | None
) -> ProductVariant:
    """Delete a variant, pass the product's default to the next variant, refresh its prices.

    Returns the deleted instance with its pk kept.
    """
    variant = resolve_variant_by(
        variant_id=variant_id, sku=sku, external_reference=external_reference
    )
    pk, product = variant.pk, Product.objects.select_for_update().get(pk=variant.product_id)
    owned_values_delete(variant_ids=[pk])
    variant.delete()
    variant.pk = pk
    if product.default_variant_id in (pk, None):
        product.default_variant = product.variants.order_by("sort_order", "pk").first()
        product.save(update_fields=["default_variant", "updated_at"])
    product_discounted_prices_refresh(product_ids=[product.pk])
    products_search_index_schedule(product_ids=[product.pk])
    return variant
