"""Categories form a tree; `tree_path` ("1/7/12/") makes subtree queries one indexed LIKE."""

from django.db import models

from catalog.models.common import SeoFields, SlugNamed, Translation


class Category(SeoFields, SlugNamed):
    description = models.JSONField(blank=True, null=True)
    description_plaintext = models.TextField(blank=True, default="")
    parent = models.ForeignKey(
        "self", null=True, blank=True, related_name="children", on_delete=models.CASCADE
    )
    level = models.PositiveIntegerField(default=0, editable=False)
    tree_path = models.CharField(max_length=1000, db_index=True, default="", editable=False)
    background_image = models.ImageField(upload_to="category-backgrounds", blank=True, null=True)
    background_image_alt = models.CharField(max_length=128, blank=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ("tree_path",)
        verbose_name_plural = "categories"

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.tree_path.strip("/").split("/")[:-1] if part]


class CategoryTranslation(SeoFields, Translation):
    category = models.ForeignKey(Category, related_name="translations", on_delete=models.CASCADE)
    name = models.CharField(max_length=128, blank=True, null=True)
    description = models.JSONField(blank=True, null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["language_code", "category"], name="category_tr_unique")
        ]
