"""Products, their variants, channel listings (prices, publication) and media."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone

from catalog.models.common import MONEY_DIGITS, WEIGHT_DIGITS, SeoFields, SlugNamed, Translation
from infra.metadata import ModelWithMetadata
from infra.search.fields import FtsTableField


class Product(SeoFields, SlugNamed):
    product_type = models.ForeignKey(
        "catalog.ProductType", related_name="products", on_delete=models.CASCADE
    )
    description = models.JSONField(blank=True, null=True)
    description_plaintext = models.TextField(blank=True, default="")
    category = models.ForeignKey(
        "catalog.Category",
        related_name="products",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    weight = models.DecimalField(**WEIGHT_DIGITS, null=True, blank=True)
    rating = models.FloatField(null=True, blank=True)
    default_variant = models.OneToOneField(
        "catalog.ProductVariant", blank=True, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    external_reference = models.CharField(max_length=250, unique=True, blank=True, null=True)
    # Origin (our extension): the county the product comes from.
    origin = models.ForeignKey(
        "catalog.Division", related_name="products", on_delete=models.PROTECT, null=True, blank=True
    )
    # Who makes it (our extension): its enterprise brand and brand licences come from here.
    producer = models.ForeignKey(
        "catalog.Producer",
        related_name="products",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    # GTIN (barcode), when the producer has one: aggregation merges products by it.
    # (Nullable with no default, so SQLite adds the column without rebuilding the table and
    # its full-text triggers.)
    gtin = models.CharField(max_length=14, null=True, blank=True, db_index=True)
    # Search (infra.search): the romanised names (English, pinyin, SKUs) typo matching reads;
    # the weighted tokens (Chinese words, pinyin, Tibetan, English) are in search_vector on
    # PostgreSQL and in the FTS5 table catalog_product_fts on SQLite.
    search_document = models.TextField(blank=True, default="")
    search_vector = SearchVectorField(blank=True, null=True)
    search_index_dirty = models.BooleanField(default=True, db_index=True)

    class Meta:
        ordering = ("slug",)


class ProductTranslation(SeoFields, Translation):
    product = models.ForeignKey(Product, related_name="translations", on_delete=models.CASCADE)
    name = models.CharField(max_length=250, blank=True, null=True)
    description = models.JSONField(blank=True, null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["language_code", "product"], name="product_tr_unique")
        ]


class ProductVariant(ModelWithMetadata):
    product = models.ForeignKey(Product, related_name="variants", on_delete=models.CASCADE)
    sku = models.CharField(max_length=255, unique=True, null=True, blank=True)
    name = models.CharField(max_length=255, blank=True)
    track_inventory = models.BooleanField(default=True)
    quantity_limit_per_customer = models.PositiveIntegerField(blank=True, null=True)
    weight = models.DecimalField(**WEIGHT_DIGITS, null=True, blank=True)
    sort_order = models.IntegerField(default=0, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    external_reference = models.CharField(max_length=250, unique=True, blank=True, null=True)

    class Meta:
        ordering = ("sort_order", "sku", "pk")

    def __str__(self) -> str:
        return self.name or self.sku or f"ID:{self.pk}"


class ProductVariantTranslation(Translation):
    product_variant = models.ForeignKey(
        ProductVariant, related_name="translations", on_delete=models.CASCADE
    )
    name = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["language_code", "product_variant"], name="product_variant_tr_unique"
            )
        ]


class ProductChannelListing(models.Model):
    product = models.ForeignKey(Product, related_name="channel_listings", on_delete=models.CASCADE)
    channel = models.ForeignKey(
        "catalog.Channel", related_name="product_listings", on_delete=models.CASCADE
    )
    published_at = models.DateTimeField(null=True, blank=True)
    is_published = models.BooleanField(default=False)
    visible_in_listings = models.BooleanField(default=False)
    available_for_purchase_at = models.DateTimeField(null=True, blank=True)
    currency = models.CharField(max_length=3)
    # The lowest variant price in this channel, kept in step by the services: lets the
    # catalog sort and filter by price without touching variants.
    discounted_price_amount = models.DecimalField(**MONEY_DIGITS, null=True, blank=True)

    class Meta:
        ordering = ("pk",)
        constraints = [
            models.UniqueConstraint(fields=["product", "channel"], name="product_listing_unique")
        ]
        indexes = [
            models.Index(fields=["channel", "is_published", "visible_in_listings"]),
            models.Index(fields=["channel", "discounted_price_amount"]),
        ]

    def is_visible(self, now=None) -> bool:
        now = now or timezone.now()
        return self.is_published and (self.published_at is None or self.published_at <= now)

    def is_available_for_purchase(self, now=None) -> bool:
        now = now or timezone.now()
        return self.available_for_purchase_at is not None and self.available_for_purchase_at <= now


class ProductVariantChannelListing(models.Model):
    variant = models.ForeignKey(
        ProductVariant, related_name="channel_listings", on_delete=models.CASCADE
    )
    channel = models.ForeignKey(
        "catalog.Channel", related_name="variant_listings", on_delete=models.CASCADE
    )
    currency = models.CharField(max_length=3)
    price_amount = models.DecimalField(**MONEY_DIGITS, null=True, blank=True)
    cost_price_amount = models.DecimalField(**MONEY_DIGITS, null=True, blank=True)
    prior_price_amount = models.DecimalField(**MONEY_DIGITS, null=True, blank=True)
    discounted_price_amount = models.DecimalField(**MONEY_DIGITS, null=True, blank=True)

    class Meta:
        ordering = ("pk",)
        constraints = [
            models.UniqueConstraint(fields=["variant", "channel"], name="variant_listing_unique")
        ]


class ProductMediaType(models.TextChoices):
    IMAGE = "IMAGE"
    VIDEO = "VIDEO"


class ProductMedia(ModelWithMetadata):
    product = models.ForeignKey(Product, related_name="media", on_delete=models.CASCADE)
    image = models.ImageField(upload_to="products", blank=True, null=True)
    alt = models.CharField(max_length=250, blank=True)
    type = models.CharField(
        max_length=32, choices=ProductMediaType.choices, default=ProductMediaType.IMAGE
    )
    external_url = models.CharField(max_length=256, blank=True, null=True)
    oembed_data = models.JSONField(blank=True, default=dict)
    sort_order = models.IntegerField(default=0, db_index=True)
    variants = models.ManyToManyField(ProductVariant, related_name="media", blank=True)

    class Meta:
        ordering = ("sort_order", "pk")


class Thumbnail(models.Model):
    """A resized copy of a media image, made on first request and then served from storage."""

    product_media = models.ForeignKey(
        ProductMedia, related_name="thumbnails", on_delete=models.CASCADE
    )
    size = models.PositiveIntegerField()
    format = models.CharField(max_length=32, blank=True, default="")  # "" = original format
    image = models.ImageField(upload_to="thumbnails")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["product_media", "size", "format"], name="thumbnail_unique"
            )
        ]


class ProductSearchEntry(models.Model):
    """SQLite only: a product's row of the FTS5 table that the migration creates.

    Written by infra.search's SQLite backend in SQL, never through the ORM; the model exists
    so that a search joins the table (`search_entry__fts__fts_match`) and ranks with bm25.
    """

    product = models.OneToOneField(
        Product,
        primary_key=True,
        db_column="rowid",
        db_constraint=False,
        on_delete=models.DO_NOTHING,
        related_name="search_entry",
    )
    a = models.TextField()
    b = models.TextField()
    c = models.TextField()
    fts = FtsTableField(db_column="catalog_product_fts")

    class Meta:
        managed = False
        db_table = "catalog_product_fts"
