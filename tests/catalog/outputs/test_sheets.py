"""What the outputs are built from: queries, publication, brands, private data never read."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog.handbook_outputs.sheets import handbook_sheet
from catalog.models import Brand, BrandTier, Division, HandbookEntryImage, LicenceStatus
from tests.catalog.outputs.sample import entry, png_file
from tests.factories.catalog import sellable_product

pytestmark = pytest.mark.django_db


def sheet_queries(handbook_id: int):
    with CaptureQueriesContext(connection) as queries:
        sheet = handbook_sheet(handbook_id=handbook_id)
    return sheet, [query["sql"] for query in queries.captured_queries]


def test_queries_do_not_grow_with_the_entries(sample):
    _sheet, few = sheet_queries(sample.handbook.pk)
    channel = sample.product.channel_listings.get().channel
    for number in range(6):
        product = sellable_product(channel, slug=f"extra-{number}", producer=sample.producer)
        added = entry(
            sample.handbook, f"extra-{number}", 10 + number, name_zh=f"酥油 {number}",
            brand=sample.county_brand, producer=sample.producer, product=product,
        )  # fmt: skip
        HandbookEntryImage.objects.create(entry=added, image=png_file(f"extra-{number}"))

    sheet, many = sheet_queries(sample.handbook.pk)

    assert len(sheet.entries) == 9
    assert len(many) == len(few) <= 10


def test_the_producer_household_status_is_never_read(sample):
    _sheet, queries = sheet_queries(sample.handbook.pk)

    assert not [sql for sql in queries if "household_status" in sql]
    assert not [sql for sql in queries if "contact_phone" in sql]


def test_only_products_published_in_an_active_channel_get_a_link(sample):
    listing = sample.product.channel_listings.get()

    assert handbook_sheet(handbook_id=sample.handbook.pk).entries[0].product_url

    listing.published_at = timezone.now() + datetime.timedelta(days=2)
    listing.save(update_fields=["published_at"])
    assert handbook_sheet(handbook_id=sample.handbook.pk).entries[0].product_url is None

    listing.published_at = None
    listing.save(update_fields=["published_at"])
    listing.channel.is_active = False
    listing.channel.save(update_fields=["is_active"])
    assert handbook_sheet(handbook_id=sample.handbook.pk).entries[0].product_url is None


def test_unpublished_products_show_only_the_entry_brand(sample):
    sample.product.channel_listings.update(is_published=False)

    entry = handbook_sheet(handbook_id=sample.handbook.pk).entries[0]

    assert [badge.name for badge in entry.brands] == ["工布好物"]


def test_a_suspended_licence_takes_the_public_brand_badge_off(sample):
    sample.region_brand.licences.update(status=LicenceStatus.SUSPENDED)

    entry = handbook_sheet(handbook_id=sample.handbook.pk).entries[0]

    assert [badge.name for badge in entry.brands] == ["工布好物", "次仁山珍"]


def test_cover_falls_back_to_the_prefecture_brand_and_its_logo(sample):
    prefecture = Division.objects.get(code="540400")
    Brand.objects.create(
        name="林芝好物",
        slug="nyingchi-goods",
        tier=BrandTier.PREFECTURE,
        owner_division=prefecture,
        logo=png_file("nyingchi-logo"),
    )
    sample.county_brand.logo = ""
    sample.county_brand.save(update_fields=["logo"])

    sheet = handbook_sheet(handbook_id=sample.handbook.pk)
    assert sheet.public_brand.name == "工布好物"
    assert sheet.logo_name.startswith("brand-logos/nyingchi-logo")

    sample.county_brand.is_active = False
    sample.county_brand.save(update_fields=["is_active"])
    sheet = handbook_sheet(handbook_id=sample.handbook.pk)
    assert sheet.public_brand.name == "林芝好物"


def test_a_county_without_public_brands_has_none_on_the_cover(sample):
    sample.county_brand.is_active = False
    sample.county_brand.save(update_fields=["is_active"])

    sheet = handbook_sheet(handbook_id=sample.handbook.pk)

    assert sheet.public_brand is None
    assert sheet.logo_name == ""


def test_season_words_come_from_the_months_when_no_season_is_given(sample):
    entries = handbook_sheet(handbook_id=sample.handbook.pk).entries
    entries[0].season = ""
    entries[0].season_months = [12, 1, 2, 7, 9, 8]

    assert entries[0].months_text == "1–2, 7–9, 12"
    assert "1–2, 7–9, 12" in entries[0].season_text
    assert entries[1].season_text == entries[1].months_text  # all twelve: "Year-round"


def test_price_text_shows_a_range_a_single_price_or_nothing(sample):
    songrong, pig, barley = handbook_sheet(handbook_id=sample.handbook.pk).entries

    assert songrong.price_text == "¥180.00–260.50 / 袋"
    assert pig.price_text == "¥45.00 / 千克"
    assert barley.price_text == ""
