"""A product's search document: everything a shopper may type to find it, by weight.

A: the product's names (and its zh-hans/bo/en translations), variant names, SKUs.
B: category (and translations), attribute values (and translations), origin county and
   its prefecture in Chinese, English and Tibetan.
C: the description and translated descriptions.

A household producer's real name is personal data: descriptions written before its public
name was used (catalog.selectors.producers) may still hold it, so it is replaced by the
public name here and a search for it finds nothing.
"""

import csv
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import override

from catalog.editorjs import editorjs_plaintext
from catalog.models import (
    AssignedProductAttributeValue,
    AssignedVariantAttributeValue,
    AttributeInputType,
    AttributeValue,
    DivisionLevel,
    ProducerKind,
    Product,
    ProductVariant,
)
from catalog.selectors.producers import household_label
from infra.search.document import SearchDocument, SearchDocumentBuilder
from infra.search.text import register_vocabulary

DATA_DIR = Path(__file__).resolve().parent / "data"
DIVISION_SUFFIXES = ("自治区", "地区", "县", "区", "市")
# Words jieba does not know, so that they stay whole (pinyin and ranking are per word).
CATALOG_WORDS = (
    "松茸", "青稞", "糌粑", "氆氇", "唐卡", "藏香", "藏纸", "卡垫", "藏刀", "牦牛", "牦牛肉",
    "冬虫夏草", "虫草", "贝母", "天麻", "藜麦", "曲拉", "酥油", "甜茶", "酥油茶", "石锅",
    "黑木耳", "藏香猪", "藏鸡", "山羊绒", "邦典", "木碗", "转山",
)  # fmt: skip
# In this catalog 藏 is almost always zàng (藏刀); pypinyin's phrases still win (冷藏 cáng).
READINGS = {"藏": "zang"}
TEXT_INPUT_TYPES = {AttributeInputType.PLAIN_TEXT, AttributeInputType.RICH_TEXT}
SKIPPED_INPUT_TYPES = {
    AttributeInputType.FILE,
    AttributeInputType.REFERENCE,
    AttributeInputType.SINGLE_REFERENCE,
    AttributeInputType.BOOLEAN,
}
_TAGS = re.compile(r"<[^>]+>")


@lru_cache(maxsize=1)
def ensure_search_vocabulary() -> None:
    """Register the catalog's words with the segmenter, once per process, before any search."""
    words = list(CATALOG_WORDS)
    with (DATA_DIR / "divisions.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name = row["name_zh"]
            words.append(name)
            for suffix in DIVISION_SUFFIXES:
                if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                    words.append(name[: -len(suffix)])
                    break
    register_vocabulary(words, READINGS)


def _values_queryset(model: type) -> Any:
    return model.objects.select_related("value__attribute").prefetch_related("value__translations")


SEARCH_DOCUMENT_PREFETCH = (
    "translations",
    "category__translations",
    Prefetch("attributevalues", queryset=_values_queryset(AssignedProductAttributeValue)),
    Prefetch(
        "variants",
        queryset=ProductVariant.objects.prefetch_related(
            "translations",
            Prefetch("attributevalues", queryset=_values_queryset(AssignedVariantAttributeValue)),
        ),
    ),
)
SEARCH_DOCUMENT_RELATED = ("category", "origin__parent", "producer__county")
# The language of the label that replaces a household's name (descriptions are Chinese).
LABEL_LANGUAGE = "zh-hans"


def _add_value(builder: SearchDocumentBuilder, value: AttributeValue) -> None:
    attribute = value.attribute
    if attribute.input_type in SKIPPED_INPUT_TYPES:
        return
    if attribute.input_type in TEXT_INPUT_TYPES:
        builder.add(value.plain_text, weight="B")
        builder.add(editorjs_plaintext(value.rich_text), weight="B")
        for translation in value.translations.all():
            builder.add(translation.plain_text, weight="B")
            builder.add(editorjs_plaintext(translation.rich_text), weight="B")
        return
    builder.add(value.name, weight="B")
    if attribute.input_type == AttributeInputType.NUMERIC and attribute.unit:
        builder.add(f"{value.name} {attribute.unit}", weight="B")
    for translation in value.translations.all():
        builder.add(translation.name, weight="B")


def _without_household_name(product: Product) -> Callable[[str], str]:
    """A function removing the product's household producer's real name from a text."""
    producer = product.producer
    name = producer.name.strip() if producer and producer.kind == ProducerKind.HOUSEHOLD else ""
    if not name:
        return lambda text: text
    with override(LABEL_LANGUAGE):
        label = household_label(producer.county)
    return lambda text: (text or "").replace(name, label)


def product_search_document(product: Product) -> SearchDocument:
    """Expects a product fetched with SEARCH_DOCUMENT_RELATED and SEARCH_DOCUMENT_PREFETCH."""
    redact = _without_household_name(product)
    builder = SearchDocumentBuilder()
    builder.add(product.name, weight="A")
    for translation in product.translations.all():
        builder.add(translation.name, weight="A")
        builder.add(redact(editorjs_plaintext(translation.description)), weight="C")
    for variant in product.variants.all():
        builder.add(variant.name, weight="A")
        builder.add(variant.sku, weight="A", code=True)
        for translation in variant.translations.all():
            builder.add(translation.name, weight="A")
        for assigned in variant.attributevalues.all():
            _add_value(builder, assigned.value)
    if product.category is not None:
        builder.add(product.category.name, weight="B")
        for translation in product.category.translations.all():
            builder.add(translation.name, weight="B")
    for assigned in product.attributevalues.all():
        _add_value(builder, assigned.value)
    origin = product.origin
    for division in (origin, origin.parent if origin else None):
        if division is not None and division.level != DivisionLevel.REGION:
            for name in (division.name_zh, division.name_en, division.name_bo):
                builder.add(name, weight="B")
    builder.add(redact(product.description_plaintext), weight="C")
    return builder.build()


def product_search_documents(products: Sequence[Product]) -> dict[int, SearchDocument]:
    """Documents of these products, fetched in a fixed number of queries."""
    ensure_search_vocabulary()
    prefetch_related_objects(list(products), *SEARCH_DOCUMENT_PREFETCH)
    return {product.pk: product_search_document(product) for product in products}
