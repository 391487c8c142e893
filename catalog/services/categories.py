"""Writes of the category tree.

Every category stores its `level` (0 for roots) and its `tree_path`: the pks from the root
down to itself, "1/7/12/". Moving a category rewrites the path and level of its whole
subtree in one UPDATE; a category can never move under itself or its descendants.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr

from catalog.editorjs import editorjs_plaintext
from catalog.error_codes import ProductErrorCode
from catalog.models import Category, Product, ProductChannelListing
from catalog.services.search_index import products_search_index_schedule
from catalog.services.taxonomy_common import (
    apply_metadata,
    apply_seo,
    check_slug_for_update,
    set_background_image,
    slug_for_create,
    validate_model,
)
from infra.errors import ValidationFailed

UNSET: Any = object()


def _set_description(category: Category, description: Any) -> None:
    category.description = description
    category.description_plaintext = editorjs_plaintext(description) if description else ""


@transaction.atomic
def category_create(
    *,
    name: str | None,
    slug: str | None = None,
    parent: Category | None = None,
    description: Any = None,
    seo: Mapping[str, Any] | None = None,
    background_image: UploadedFile | None = None,
    background_image_alt: str | None = None,
    metadata: Iterable[Mapping[str, Any]] | None = None,
    private_metadata: Iterable[Mapping[str, Any]] | None = None,
) -> Category:
    """Create a category, at the root or under `parent`; a missing slug comes from the name."""
    category = Category(
        name=name or "",
        slug=slug_for_create(Category, slug, name) or "",
        parent=parent,
        level=parent.level + 1 if parent else 0,
    )
    _set_description(category, description)
    apply_seo(category, seo)
    apply_metadata(category, metadata=metadata, private_metadata=private_metadata)
    validate_model(category, exclude=["background_image"])
    set_background_image(category, background_image, background_image_alt)
    category.save()
    category.tree_path = f"{parent.tree_path if parent else ''}{category.pk}/"
    Category.objects.filter(pk=category.pk).update(tree_path=category.tree_path)
    return category


def _move(category: Category, new_parent: Category | None) -> None:
    """Re-root the subtree of `category` under `new_parent` (None: make it a root)."""
    if new_parent is not None and new_parent.tree_path.startswith(category.tree_path):
        raise ValidationFailed.single(
            "parent",
            ProductErrorCode.INVALID,
            "A category cannot be moved under itself or one of its subcategories.",
        )
    old_prefix = category.tree_path[: -len(f"{category.pk}/")]
    new_prefix = new_parent.tree_path if new_parent else ""
    new_level = new_parent.level + 1 if new_parent else 0
    subtree = Category.objects.filter(tree_path__startswith=category.tree_path)
    list(subtree.select_for_update().values_list("pk", flat=True))
    subtree.update(
        tree_path=Concat(Value(new_prefix), Substr("tree_path", len(old_prefix) + 1)),
        level=F("level") + (new_level - category.level),
    )
    Category.objects.filter(pk=category.pk).update(parent=new_parent)
    category.parent = new_parent
    category.level = new_level
    category.tree_path = f"{new_prefix}{category.pk}/"


@transaction.atomic
def category_update(
    *,
    category: Category,
    data: Mapping[str, Any],
    parent: Category | None = UNSET,
) -> Category:
    """Update a category's fields from CategoryInput (snake_case keys); with `parent`,
    also move it and its subtree there (None makes it a root)."""
    category = Category.objects.select_for_update().get(pk=category.pk)
    check_slug_for_update(data)
    renamed = "name" in data and data["name"] != category.name
    for field in ("name", "slug"):
        if data.get(field) is not None:
            setattr(category, field, data[field])
    if "description" in data:
        _set_description(category, data["description"])
    apply_seo(category, data.get("seo"))
    apply_metadata(
        category, metadata=data.get("metadata"), private_metadata=data.get("private_metadata")
    )
    validate_model(category, exclude=["background_image", "parent"])
    if parent is not UNSET and parent != category.parent:
        _move(category, parent)
    set_background_image(category, data.get("background_image"), data.get("background_image_alt"))
    category.save(update_fields=_editable_fields())
    if renamed:
        products_search_index_schedule(
            product_ids=Product.objects.filter(category=category).values_list("pk", flat=True)
        )
    return category


def _editable_fields() -> list[str]:
    return [
        "name",
        "slug",
        "description",
        "description_plaintext",
        "seo_title",
        "seo_description",
        "background_image",
        "background_image_alt",
        "metadata",
        "private_metadata",
        "updated_at",
    ]


@transaction.atomic
def category_delete(*, category: Category) -> Category:
    """Delete a category with its subcategories, as Saleor: their products stay, with no
    category, and are unpublished in every channel. Returns the deleted instance (pk kept).
    """
    subtree = Category.objects.select_for_update().filter(tree_path__startswith=category.tree_path)
    subtree_ids = list(subtree.values_list("pk", flat=True))
    product_ids = list(
        Product.objects.filter(category_id__in=subtree_ids).values_list("pk", flat=True)
    )
    ProductChannelListing.objects.filter(product_id__in=product_ids).update(
        is_published=False, published_at=None
    )
    pk = category.pk
    image = category.background_image.name if category.background_image else None
    Category.objects.filter(pk__in=subtree_ids).delete()
    products_search_index_schedule(product_ids=product_ids)
    if image:
        storage = category.background_image.storage
        transaction.on_commit(lambda: storage.delete(image), robust=True)
    category.pk = pk
    return category
