from django.db import models

from catalog.models.common import SeoFields, SlugNamed, Translation


class Collection(SeoFields, SlugNamed):
    description = models.JSONField(blank=True, null=True)
    background_image = models.ImageField(upload_to="collection-backgrounds", blank=True, null=True)
    background_image_alt = models.CharField(max_length=128, blank=True)
    products = models.ManyToManyField(
        "catalog.Product", blank=True, related_name="collections", through="CollectionProduct"
    )

    class Meta:
        ordering = ("slug",)


class CollectionProduct(models.Model):
    collection = models.ForeignKey(
        Collection, related_name="collectionproduct", on_delete=models.CASCADE
    )
    product = models.ForeignKey(
        "catalog.Product", related_name="collectionproduct", on_delete=models.CASCADE
    )
    sort_order = models.IntegerField(default=0, db_index=True)

    class Meta:
        ordering = ("sort_order", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "product"], name="collection_product_unique"
            )
        ]


class CollectionChannelListing(models.Model):
    collection = models.ForeignKey(
        Collection, related_name="channel_listings", on_delete=models.CASCADE
    )
    channel = models.ForeignKey(
        "catalog.Channel", related_name="collection_listings", on_delete=models.CASCADE
    )
    published_at = models.DateTimeField(null=True, blank=True)
    is_published = models.BooleanField(default=False)

    class Meta:
        ordering = ("pk",)
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "channel"], name="collection_listing_unique"
            )
        ]


class CollectionTranslation(SeoFields, Translation):
    collection = models.ForeignKey(
        Collection, related_name="translations", on_delete=models.CASCADE
    )
    name = models.CharField(max_length=128, blank=True, null=True)
    description = models.JSONField(blank=True, null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["language_code", "collection"], name="collection_tr_unique"
            )
        ]
