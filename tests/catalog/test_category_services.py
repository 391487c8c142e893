import pytest

from catalog.models import Category, Product, ProductChannelListing
from catalog.services.categories import category_create, category_delete, category_update
from infra.errors import ValidationFailed
from tests.factories import ChannelFactory, ProductFactory, list_product
from tests.factories.taxonomy import category_tree

pytestmark = pytest.mark.django_db


def paths():
    return {c.slug: (c.level, c.tree_path, c.parent_id) for c in Category.objects.all()}


def test_category_create_records_level_and_tree_path():
    root, child, grandchild = category_tree("Food", "Fungi", "Matsutake")

    assert paths() == {
        "food": (0, f"{root.pk}/", None),
        "fungi": (1, f"{root.pk}/{child.pk}/", root.pk),
        "matsutake": (2, f"{root.pk}/{child.pk}/{grandchild.pk}/", child.pk),
    }


def test_category_create_makes_a_pinyin_slug_from_a_chinese_name():
    first = category_create(name="林芝松茸")
    second = category_create(name="林芝松茸")

    assert (first.slug, second.slug) == ("lin-zhi-song-rong", "lin-zhi-song-rong-2")


def test_category_create_keeps_the_plain_text_of_the_description():
    description = {"blocks": [{"type": "paragraph", "data": {"text": "<b>高原</b> &amp; 雪山"}}]}

    category = category_create(name="特产", description=description)

    assert category.description == description
    assert category.description_plaintext == "高原 & 雪山"


def test_moving_a_category_rewrites_its_whole_subtree():
    food, fungi, matsutake = category_tree("Food", "Fungi", "Matsutake")
    (crafts,) = category_tree("Crafts")

    category_update(category=fungi, data={}, parent=crafts)

    assert paths() == {
        "food": (0, f"{food.pk}/", None),
        "crafts": (0, f"{crafts.pk}/", None),
        "fungi": (1, f"{crafts.pk}/{fungi.pk}/", crafts.pk),
        "matsutake": (2, f"{crafts.pk}/{fungi.pk}/{matsutake.pk}/", fungi.pk),
    }


def test_moving_a_category_to_the_root():
    food, fungi, matsutake = category_tree("Food", "Fungi", "Matsutake")

    category_update(category=fungi, data={}, parent=None)

    assert paths() == {
        "food": (0, f"{food.pk}/", None),
        "fungi": (0, f"{fungi.pk}/", None),
        "matsutake": (1, f"{fungi.pk}/{matsutake.pk}/", fungi.pk),
    }


@pytest.mark.parametrize("target", ["self", "grandchild"])
def test_a_category_cannot_move_under_itself_or_its_descendants(target):
    _food, fungi, matsutake = category_tree("Food", "Fungi", "Matsutake")
    before = paths()

    with pytest.raises(ValidationFailed) as failure:
        category_update(category=fungi, data={}, parent=fungi if target == "self" else matsutake)

    assert [(e.field, e.code) for e in failure.value.errors] == [("parent", "INVALID")]
    assert paths() == before


def test_deleting_a_category_deletes_its_subtree_and_unpublishes_its_products():
    food, fungi, matsutake = category_tree("Food", "Fungi", "Matsutake")
    channel = ChannelFactory()
    in_subtree = ProductFactory(category=matsutake)
    elsewhere = ProductFactory(category=food)
    list_product(in_subtree, channel)
    list_product(elsewhere, channel)

    deleted = category_delete(category=fungi)

    assert deleted.pk == fungi.pk
    assert set(Category.objects.values_list("slug", flat=True)) == {"food"}
    in_subtree.refresh_from_db()
    assert in_subtree.category_id is None
    listing = ProductChannelListing.objects.get(product=in_subtree)
    assert (listing.is_published, listing.published_at) == (False, None)
    assert ProductChannelListing.objects.get(product=elsewhere).is_published is True
    assert Product.objects.count() == 2
