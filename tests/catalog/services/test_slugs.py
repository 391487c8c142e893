"""Slugs from names in Chinese, Latin and Tibetan script."""

import pytest

from catalog.models import Product
from catalog.services.slugs import slugify_name, unique_slug
from tests.factories import ProductFactory


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("林芝松茸", "lin-zhi-song-rong"),
        ("林芝松茸 500g", "lin-zhi-song-rong-500g"),
        ("Yak Butter (酥油)", "yak-butter-su-you"),
        ("Café Ü", "cafe-u"),
        ("ཞོ་ 牦牛", "mao-niu"),
        ("ཞོ་", ""),
    ],
)
def test_slugify_name(name, slug):
    assert slugify_name(name) == slug


def test_slugify_name_respects_max_length():
    assert slugify_name("林芝松茸" * 20, max_length=12) == "lin-zhi-song"


def test_unique_slug_adds_next_suffix(db):
    ProductFactory(slug="lin-zhi-song-rong")
    ProductFactory(slug="lin-zhi-song-rong-2")
    ProductFactory(slug="lin-zhi-song-rong-500g")

    assert unique_slug(model=Product, name="林芝松茸") == "lin-zhi-song-rong-3"


def test_unique_slug_counts_reserved_slugs(db):
    assert (
        unique_slug(model=Product, name="林芝松茸", reserved=["lin-zhi-song-rong"])
        == "lin-zhi-song-rong-2"
    )


def test_unique_slug_ignores_the_instance_itself(db):
    product = ProductFactory(slug="lin-zhi-song-rong")

    assert unique_slug(model=Product, name="林芝松茸", exclude_pk=product.pk) == "lin-zhi-song-rong"


def test_untransliterable_name_uses_fallback(db):
    ProductFactory(slug="product")

    assert unique_slug(model=Product, name="ཞོ་", fallback="product") == "product-2"
