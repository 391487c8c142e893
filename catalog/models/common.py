"""Pieces shared by catalog models: translations, SEO fields, money and weight columns."""

from django.db import models

from infra.metadata import ModelWithMetadata

MONEY_DIGITS = {"max_digits": 20, "decimal_places": 3}
WEIGHT_DIGITS = {"max_digits": 12, "decimal_places": 3}  # kilograms


class SeoFields(models.Model):
    seo_title = models.CharField(max_length=70, blank=True, null=True)
    seo_description = models.CharField(max_length=300, blank=True, null=True)

    class Meta:
        abstract = True


class Translation(models.Model):
    """One language's text of a translatable object; `language_code` as Django: zh-hans, bo, en."""

    language_code = models.CharField(max_length=35)

    class Meta:
        abstract = True


class SlugNamed(ModelWithMetadata):
    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, unique=True, allow_unicode=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name
