"""Attributes (net weight, grade, altitude of origin, season …) and their values."""

from django.db import models

from catalog.models.common import Translation
from infra.metadata import ModelWithMetadata


class AttributeType(models.TextChoices):
    PRODUCT_TYPE = "product-type"
    PAGE_TYPE = "page-type"


class AttributeInputType(models.TextChoices):
    DROPDOWN = "dropdown"
    MULTISELECT = "multiselect"
    FILE = "file"
    REFERENCE = "reference"
    SINGLE_REFERENCE = "single-reference"
    NUMERIC = "numeric"
    RICH_TEXT = "rich-text"
    PLAIN_TEXT = "plain-text"
    SWATCH = "swatch"
    BOOLEAN = "boolean"
    DATE = "date"
    DATE_TIME = "date-time"


CHOICE_INPUT_TYPES = {
    AttributeInputType.DROPDOWN,
    AttributeInputType.MULTISELECT,
    AttributeInputType.SWATCH,
}


class Attribute(ModelWithMetadata):
    slug = models.SlugField(max_length=250, unique=True, allow_unicode=True)
    name = models.CharField(max_length=255)
    type = models.CharField(max_length=50, choices=AttributeType.choices)
    input_type = models.CharField(
        max_length=50, choices=AttributeInputType.choices, default=AttributeInputType.DROPDOWN
    )
    entity_type = models.CharField(max_length=50, blank=True, null=True)
    unit = models.CharField(max_length=100, blank=True, null=True)
    value_required = models.BooleanField(default=False, blank=True)
    visible_in_storefront = models.BooleanField(default=True, blank=True)
    filterable_in_storefront = models.BooleanField(default=True, blank=True)
    filterable_in_dashboard = models.BooleanField(default=True, blank=True)
    available_in_grid = models.BooleanField(default=True, blank=True)
    storefront_search_position = models.IntegerField(default=0, blank=True)
    external_reference = models.CharField(max_length=250, unique=True, blank=True, null=True)

    class Meta:
        ordering = ("storefront_search_position", "slug")

    def __str__(self) -> str:
        return self.name

    @property
    def with_choices(self) -> bool:
        return self.input_type in CHOICE_INPUT_TYPES


class AttributeValue(models.Model):
    attribute = models.ForeignKey(Attribute, related_name="values", on_delete=models.CASCADE)
    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, allow_unicode=True)
    value = models.CharField(max_length=255, blank=True, default="")  # swatch colour
    rich_text = models.JSONField(blank=True, null=True)
    plain_text = models.TextField(blank=True, null=True)
    boolean = models.BooleanField(blank=True, null=True)
    date_time = models.DateTimeField(blank=True, null=True)
    file_url = models.URLField(max_length=2000, blank=True, null=True)
    content_type = models.CharField(max_length=50, blank=True, null=True)
    reference_product = models.ForeignKey(
        "catalog.Product", related_name="+", on_delete=models.CASCADE, null=True, blank=True
    )
    sort_order = models.IntegerField(default=0, db_index=True)
    external_reference = models.CharField(max_length=250, unique=True, blank=True, null=True)

    class Meta:
        ordering = ("sort_order", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "attribute"], name="attribute_value_slug_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class AttributeTranslation(Translation):
    attribute = models.ForeignKey(Attribute, related_name="translations", on_delete=models.CASCADE)
    name = models.CharField(max_length=255)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["language_code", "attribute"], name="attribute_tr_unique"
            )
        ]


class AttributeValueTranslation(Translation):
    attribute_value = models.ForeignKey(
        AttributeValue, related_name="translations", on_delete=models.CASCADE
    )
    name = models.CharField(max_length=250)
    rich_text = models.JSONField(blank=True, null=True)
    plain_text = models.TextField(blank=True, null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["language_code", "attribute_value"], name="attribute_value_tr_unique"
            )
        ]


class AttributeProduct(models.Model):
    """An attribute assigned to a product type, for its products."""

    attribute = models.ForeignKey(
        Attribute, related_name="attributeproduct", on_delete=models.CASCADE
    )
    product_type = models.ForeignKey(
        "catalog.ProductType", related_name="attributeproduct", on_delete=models.CASCADE
    )
    sort_order = models.IntegerField(default=0, db_index=True)

    class Meta:
        ordering = ("sort_order", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["attribute", "product_type"], name="attribute_product_unique"
            )
        ]


class AttributeVariant(models.Model):
    """An attribute assigned to a product type, for its variants."""

    attribute = models.ForeignKey(
        Attribute, related_name="attributevariant", on_delete=models.CASCADE
    )
    product_type = models.ForeignKey(
        "catalog.ProductType", related_name="attributevariant", on_delete=models.CASCADE
    )
    variant_selection = models.BooleanField(default=False)
    sort_order = models.IntegerField(default=0, db_index=True)

    class Meta:
        ordering = ("sort_order", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["attribute", "product_type"], name="attribute_variant_unique"
            )
        ]


class AssignedProductAttributeValue(models.Model):
    product = models.ForeignKey(
        "catalog.Product", related_name="attributevalues", on_delete=models.CASCADE
    )
    value = models.ForeignKey(
        AttributeValue, related_name="productvalueassignment", on_delete=models.CASCADE
    )
    sort_order = models.IntegerField(default=0, db_index=True)

    class Meta:
        ordering = ("sort_order", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["value", "product"], name="assigned_product_value_unique"
            )
        ]


class AssignedVariantAttributeValue(models.Model):
    variant = models.ForeignKey(
        "catalog.ProductVariant", related_name="attributevalues", on_delete=models.CASCADE
    )
    value = models.ForeignKey(
        AttributeValue, related_name="variantvalueassignment", on_delete=models.CASCADE
    )
    sort_order = models.IntegerField(default=0, db_index=True)

    class Meta:
        ordering = ("sort_order", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["value", "variant"], name="assigned_variant_value_unique"
            )
        ]
