"""Public and private metadata on models, as Saleor's ObjectWithMetadata."""

from django.db import models


class ModelWithMetadata(models.Model):
    metadata = models.JSONField(blank=True, default=dict)
    private_metadata = models.JSONField(blank=True, default=dict)

    class Meta:
        abstract = True
