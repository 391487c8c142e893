"""Publishing a handbook: products with the right fields, variants, listings and search."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from catalog.models import (
    HandbookEntryImage,
    HandbookStatus,
    Product,
    ProductChannelListing,
    ProductVariant,
    ProductVariantChannelListing,
)
from catalog.selectors.search import search_products
from catalog.services.handbook_publish import (
    NET_GOODS_SLUG,
    entry_sku,
    handbook_publish,
    normalize_text,
)
from catalog.services.handbook_review import handbook_approve, handbook_submit
from tests.catalog.review.conftest import (
    LINZHOU,
    division,
    make_entry,
    make_handbook,
    make_producer,
)

pytestmark = pytest.mark.django_db


def test_publish_creates_product_with_fields(channel, other_channel):
    producer = make_producer(LINZHOU)
    handbook = make_handbook(LINZHOU, channels=[channel, other_channel])
    entry = make_entry(
        handbook,
        natural_key="青稞糌粑|500克/袋|林周县青稞合作社",
        producer=producer,
        gtin="06901234567892",
        price_min=Decimal("28.005"),
        notes="传统石磨工艺",
    )

    [product] = handbook_publish(handbook=handbook)

    entry.refresh_from_db()
    assert entry.product == product
    assert product.name == "青稞糌粑"
    assert product.slug == "qing-ke-zan-ba"
    assert product.product_type.slug == NET_GOODS_SLUG
    assert product.product_type.name == "网货"
    assert not product.product_type.has_variants
    assert product.category.slug == NET_GOODS_SLUG
    assert product.origin == division(LINZHOU)
    assert product.producer == producer
    assert product.gtin == "06901234567892"
    assert product.weight == Decimal("0.5")
    assert "规格：500克/袋" in product.description_plaintext
    assert "传统石磨工艺" in product.description_plaintext
    translations = dict(product.translations.values_list("language_code", "name"))
    assert translations == {"bo": "རྩམ་པ", "en": "Tsampa"}

    [variant] = product.variants.all()
    assert product.default_variant == variant
    assert variant.sku == entry_sku(entry)
    assert variant.sku.startswith(f"HB-{LINZHOU}-")
    assert variant.name == "500克/袋"
    assert variant.weight == Decimal("0.5")
    assert variant.track_inventory

    for ch in (channel, other_channel):
        listing = ProductChannelListing.objects.get(product=product, channel=ch)
        assert listing.is_published and listing.is_visible()
        assert listing.visible_in_listings
        assert listing.is_available_for_purchase()
        assert listing.currency == "CNY"
        assert listing.discounted_price_amount == Decimal("28.01")
        price = ProductVariantChannelListing.objects.get(variant=variant, channel=ch)
        assert price.price_amount == Decimal("28.01")
        assert price.currency == "CNY"


def test_price_falls_back_to_max(channel):
    handbook = make_handbook(LINZHOU, channels=[channel])
    make_entry(handbook, price_min=None, price_max=Decimal("40"))

    [product] = handbook_publish(handbook=handbook)

    assert product.channel_listings.get().discounted_price_amount == Decimal("40.00")


def test_published_product_is_indexed_for_search(channel, django_capture_on_commit_callbacks):
    handbook = make_handbook(LINZHOU, channels=[channel])
    make_entry(handbook, name_zh="林周牦牛肉干", name_en="Yak jerky", specification="250克")

    with django_capture_on_commit_callbacks(execute=True):
        [product] = handbook_publish(handbook=handbook)

    assert Product.objects.get(pk=product.pk).search_index_dirty is False
    found = search_products(Product.objects.all(), "牦牛肉")
    assert list(found.values_list("pk", flat=True)) == [product.pk]
    assert list(search_products(Product.objects.all(), "林周县").values_list("pk", flat=True)) == [
        product.pk
    ]


def test_republish_updates_the_same_product(county_user, prefecture_user, channel, other_channel):
    handbook = make_handbook(LINZHOU, channels=[channel])
    entry = make_entry(handbook)
    handbook_submit(handbook=handbook, user=county_user)
    handbook_approve(handbook=handbook, user=prefecture_user)
    entry.refresh_from_db()
    product = entry.product
    first_published = product.channel_listings.get().published_at

    # The county corrects the entry in a new round of review.
    entry.name_zh = "林周青稞糌粑"
    entry.name_en = "Lhünzhub tsampa"
    entry.price_min = Decimal("30")
    entry.net_weight = Decimal("0.45")
    entry.specification = "450克/袋"
    entry.save()
    handbook.status = HandbookStatus.DRAFT
    handbook.save()
    handbook.channels.add(other_channel)
    handbook_submit(handbook=handbook, user=county_user)
    handbook_approve(handbook=handbook, user=prefecture_user)

    assert Product.objects.count() == 1
    assert ProductVariant.objects.count() == 1
    product.refresh_from_db()
    entry.refresh_from_db()
    assert entry.product == product
    assert product.name == "林周青稞糌粑"
    assert product.slug == "qing-ke-zan-ba"  # slugs stay: links keep working
    assert product.weight == Decimal("0.45")
    assert product.translations.get(language_code="en").name == "Lhünzhub tsampa"
    variant = product.variants.get()
    assert variant.name == "450克/袋"
    assert variant.weight == Decimal("0.45")
    listings = {listing.channel_id: listing for listing in product.channel_listings.all()}
    assert set(listings) == {channel.pk, other_channel.pk}
    assert listings[channel.pk].published_at == first_published
    prices = ProductVariantChannelListing.objects.filter(variant=variant)
    assert {p.channel_id: p.price_amount for p in prices} == {
        channel.pk: Decimal("30.00"),
        other_channel.pk: Decimal("30.00"),
    }


def test_next_edition_reuses_the_product(channel):
    first = make_handbook(LINZHOU, edition=2025, channels=[channel])
    make_entry(first, natural_key="糌粑|500克")
    [product] = handbook_publish(handbook=first)
    second = make_handbook(LINZHOU, edition=2026, channels=[channel])
    entry = make_entry(second, natural_key="糌粑|500克", price_min=Decimal("31"))

    assert handbook_publish(handbook=second) == [product]

    entry.refresh_from_db()
    assert entry.product == product
    assert ProductVariantChannelListing.objects.get().price_amount == Decimal("31.00")


def test_unlisted_listing_is_published_again(channel):
    handbook = make_handbook(LINZHOU, channels=[channel])
    make_entry(handbook)
    [product] = handbook_publish(handbook=handbook)
    ProductChannelListing.objects.filter(product=product).update(
        is_published=False, available_for_purchase_at=None
    )

    handbook_publish(handbook=handbook)

    listing = ProductChannelListing.objects.get(product=product)
    assert listing.is_published and listing.is_available_for_purchase()


def test_normalize_text():
    assert normalize_text(" 500 克 / 袋 ") == normalize_text("500克（袋）") == "500克袋"
    assert normalize_text("ＡＢＣ Tsampa") == "abctsampa"


def test_entry_pictures_become_the_products_media(channel):
    buffer = BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    handbook = make_handbook(LINZHOU, channels=[channel])
    entry = make_entry(handbook)
    HandbookEntryImage.objects.create(
        entry=entry, image=SimpleUploadedFile("zanba.png", buffer.getvalue()), alt="糌粑"
    )

    [product] = handbook_publish(handbook=handbook)
    handbook_publish(handbook=handbook)  # not copied twice

    [media] = product.media.all()
    assert media.alt == "糌粑"
    assert media.image.read() == buffer.getvalue()
