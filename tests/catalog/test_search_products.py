"""search_products: matching and ranking, on whichever database the tests run (SQLite or PG)."""

import pytest
from django.db import connection

from catalog.models import Product
from catalog.selectors.search import search_products
from catalog.services.search_index import products_search_index_update
from tests.factories.search import (
    AttributeValueTranslationFactory,
    CategoryTranslationFactory,
    ProductTranslationFactory,
    searchable_product,
)

pytestmark = pytest.mark.django_db


def found(text: str) -> list[str]:
    return list(
        search_products(Product.objects.all(), text)
        .order_by("-search_rank", "pk")
        .values_list("name", flat=True)
    )


def test_chinese_word_finds_a_longer_name_containing_it():
    searchable_product("林芝松茸礼盒")
    searchable_product("当雄牦牛肉")

    assert found("松茸") == ["林芝松茸礼盒"]


def test_any_chinese_substring_matches_even_across_jieba_words():
    searchable_product("冈仁波齐转山")

    assert found("仁波") == ["冈仁波齐转山"]
    assert found("转山") == ["冈仁波齐转山"]


def test_single_chinese_character_matches():
    searchable_product("拉萨甜茶")
    searchable_product("当雄牦牛肉")

    assert found("茶") == ["拉萨甜茶"]


def test_pinyin_joined_separated_and_as_prefix():
    searchable_product("林芝松茸礼盒")
    searchable_product("江孜卡垫")

    assert found("songrong") == ["林芝松茸礼盒"]
    assert found("song rong") == ["林芝松茸礼盒"]
    assert found("linzhi songr") == ["林芝松茸礼盒"]
    assert found("SongRong") == ["林芝松茸礼盒"]


def test_tibetan_translation_is_found_by_its_syllables():
    searchable_product("林芝松茸", translations={"bo": "ཉིང་ཁྲིའི་ཤ་མོ"})
    searchable_product("当雄牦牛肉", translations={"bo": "འདམ་གཞུང་གི་གཡག་ཤ"})

    assert found("ཤ་མོ") == ["林芝松茸"]
    assert found("གཡག་ཤ") == ["当雄牦牛肉"]


def test_tibetan_origin_name_finds_the_product():
    searchable_product("墨脱石锅", origin="540423")  # མེ་ཏོག་རྫོང
    searchable_product("江孜卡垫", origin="540222")

    assert found("མེ་ཏོག") == ["墨脱石锅"]


def test_origin_prefecture_in_chinese_and_english_finds_the_product():
    searchable_product("墨脱石锅", origin="540423")
    searchable_product("江孜卡垫", origin="540222")

    assert found("林芝") == ["墨脱石锅"]
    assert found("nyingchi ") == ["墨脱石锅"]
    assert found("Medog") == ["墨脱石锅"]


def test_english_translation_case_and_plural_insensitive():
    searchable_product("林芝苹果", translations={"en": "Nyingchi apple"})
    searchable_product("加查核桃", translations={"en": "Gyaca walnut"})

    assert found("APPLES ") == ["林芝苹果"]
    assert found("walnuts ") == ["加查核桃"]


def test_sku_with_or_without_separators():
    searchable_product("林芝松茸", sku="LZ-SR-0500")
    searchable_product("当雄牦牛肉", sku="DX-YAK-0500")

    assert found("LZ-SR-0500") == ["林芝松茸"]
    assert found("lzsr0500") == ["林芝松茸"]
    assert found("sr-05") == ["林芝松茸"]


def test_variant_name_category_and_attribute_values_match():
    searchable_product(
        "林芝松茸",
        variant_name="特级 500克",
        category="菌菇",
        attribute_values=("野生",),
    )
    searchable_product("江孜卡垫", category="纺织品")

    assert found("特级") == ["林芝松茸"]
    assert found("菌菇") == ["林芝松茸"]
    assert found("野生") == ["林芝松茸"]


def test_category_and_attribute_value_translations_match():
    product = searchable_product("林芝松茸", attribute_values=("野生",), index=False)
    CategoryTranslationFactory(category=product.category, language_code="en", name="Fungi")
    value = product.attributevalues.get().value
    AttributeValueTranslationFactory(attribute_value=value, language_code="en", name="Wild")
    products_search_index_update(product_ids=[product.pk])

    assert found("fungi") == ["林芝松茸"]
    assert found("wild ") == ["林芝松茸"]


def test_description_matches():
    searchable_product("林芝松茸", description="新鲜空运，冷链直达。")

    assert found("冷链") == ["林芝松茸"]


def test_every_query_word_must_match():
    searchable_product("林芝松茸")
    searchable_product("林芝苹果")

    assert found("林芝 苹果") == ["林芝苹果"]
    assert found("苹果 松茸") == []


def test_name_match_ranks_above_category_above_description():
    searchable_product("青稞酒", description="配松茸炖鸡最佳")
    searchable_product("林芝特产礼盒", category="松茸")
    searchable_product("林芝松茸")

    assert found("松茸") == ["林芝松茸", "林芝特产礼盒", "青稞酒"]


def test_rank_is_higher_for_better_matches():
    searchable_product("青稞酒", description="配松茸炖鸡最佳")
    searchable_product("林芝松茸")

    ranks = dict(search_products(Product.objects.all(), "松茸").values_list("name", "search_rank"))

    assert ranks["林芝松茸"] > ranks["青稞酒"] > 0


def test_blank_search_keeps_every_product_with_rank_zero():
    searchable_product("林芝松茸")
    searchable_product("林芝苹果")

    results = search_products(Product.objects.all(), "   ")

    assert sorted(results.values_list("search_rank", flat=True)) == [0.0, 0.0]


def test_search_without_words_finds_nothing():
    searchable_product("林芝松茸")

    assert found("!!! ？") == []


def test_search_composes_with_other_filters_and_counts():
    keep = searchable_product("林芝松茸")
    searchable_product("米林松茸")

    results = search_products(Product.objects.filter(pk=keep.pk), "松茸")

    assert results.count() == 1
    assert list(results.filter(search_rank__gt=0).values_list("pk", flat=True)) == [keep.pk]


def test_reindexing_replaces_the_old_document():
    product = searchable_product("林芝松茸")
    product.name = "林芝苹果"
    product.save(update_fields=["name"])

    products_search_index_update(product_ids=[product.pk])

    assert found("松茸") == []
    assert found("苹果") == ["林芝苹果"]


def test_product_not_indexed_yet_is_not_found():
    searchable_product("林芝松茸", index=False)

    assert found("松茸") == []


def test_search_is_one_query(django_assert_num_queries):
    for name in ("林芝松茸", "米林松茸", "亚东黑木耳"):
        searchable_product(name)

    with django_assert_num_queries(1):
        results = list(search_products(Product.objects.all(), "松茸").order_by("-search_rank"))

    assert len(results) == 2


def test_latin_search_looks_for_exact_matches_first_on_postgres(django_assert_num_queries):
    searchable_product("林芝松茸", translations={"en": "Nyingchi matsutake"})
    # PostgreSQL asks whether anything matches exactly before it tries typo matching.
    expected = 2 if connection.vendor == "postgresql" else 1

    with django_assert_num_queries(expected):
        results = list(search_products(Product.objects.all(), "matsutake"))

    assert [product.name for product in results] == ["林芝松茸"]


def test_translation_added_after_indexing_is_found_once_reindexed():
    product = searchable_product("林芝松茸")
    ProductTranslationFactory(product=product, language_code="en", name="Nyingchi matsutake")

    assert found("matsutake") == []
    products_search_index_update(product_ids=[product.pk])
    assert found("matsutake") == ["林芝松茸"]


def test_rank_read_back_compares_equal_in_sql_for_keyset_cursors():
    searchable_product("林芝松茸", description="松茸")
    searchable_product("米林松茸")
    results = search_products(Product.objects.all(), "松茸")

    for pk, rank in results.values_list("pk", "search_rank"):
        assert list(results.filter(search_rank=str(rank)).values_list("pk", flat=True)) == [pk]


def test_deleted_product_is_no_longer_found():
    keep = searchable_product("米林松茸")
    searchable_product("林芝松茸").delete()

    assert found("松茸") == [keep.name]
