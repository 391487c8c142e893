"""The printed handbook, read back from storage with pypdf."""

import pytest
from django.test import override_settings
from django.utils import translation

from catalog.models import Certification, ProductMedia
from catalog.tasks import generate_handbook_pdf_task
from tests.catalog.outputs.helpers import (
    HOUSEHOLD_WORDS,
    drawn_images,
    public_household_name,
    read_pdf,
)
from tests.catalog.outputs.sample import (
    EDITION,
    PRIVATE_ADDRESS,
    PRIVATE_CONTACT,
    PRIVATE_PHONE,
    entry,
)

pytestmark = pytest.mark.django_db


def zh(text: str) -> str:
    """A label as the PDF prints it: in Chinese once the catalogs translate it."""
    with translation.override("zh-hans"):
        return str(translation.gettext(text))


def generated_pdf(sample):
    generate_handbook_pdf_task.delay(sample.handbook.pk)
    sample.handbook.refresh_from_db()
    return read_pdf(sample.handbook.pdf_file)


def test_cover_names_the_county_in_three_languages_with_edition_and_brand(sample):
    reader, pdf = generated_pdf(sample)

    cover = pdf.pages[0]
    assert "工布江达县" in cover
    assert "ཀོང་པོ་རྒྱ་མདའ་རྫོང" in cover
    assert "Gongbo'gyamda County" in cover
    assert "林芝市" in cover
    assert str(EDITION) in cover
    assert zh("Net goods handbook") in cover
    assert "工布好物" in cover
    assert "ཀོང་པོའི་ཐོན་རྫས།" in cover
    assert zh("County public brand") in cover
    assert drawn_images(reader, 0) == [(200, 120)]  # the county brand's logo


def test_each_entry_shows_names_facts_brands_and_certifications(sample):
    _reader, pdf = generated_pdf(sample)

    songrong = pdf.pages[1]
    for expected in [
        "工布江达松茸",
        "ཀོང་པོའི་ཤ་མོ།",
        "Gongbo matsutake",
        "500克/袋",
        "¥180.00–260.50 / 袋",
        "7-9月",
        "错高乡",
        public_household_name(sample.county),  # the household's public name, never its own
        "一级",
        zh(Certification.ORGANIC.label),
        zh(Certification.GEOGRAPHICAL_INDICATION.label),
        zh("Specification"),
        zh("Season"),
        zh("Producer"),
    ]:
        assert expected in songrong, expected
    # The entry's own brand, and those the published product shows (licence, enterprise).
    for brand in ["工布好物", "净土健康", "次仁山珍"]:
        assert brand in songrong, brand
    assert zh("Regional public brand") in songrong
    assert zh("Enterprise brand") in songrong
    pig = pdf.pages[1]
    assert "藏香猪" in pig
    assert "བོད་ཕག" in pig
    assert "扎西家庭农场" in pig  # the producer name as the spreadsheet gave it
    assert zh("Year-round") in pig
    barley = pdf.pages[2]
    assert "青稞" in barley
    assert "ནས།" in barley
    assert "常年" in barley


def test_two_entries_per_page_after_the_cover(sample):
    reader, _pdf = generated_pdf(sample)

    assert len(reader.pages) == 3  # cover + ceil(3 entries / 2)
    assert {round(float(v)) for v in reader.pages[1].mediabox[2:]} == {595, 842}  # A4 in points


def test_images_come_from_the_entry_else_the_product_else_a_placeholder(sample):
    reader, pdf = generated_pdf(sample)

    # Page 2: the matsutake's own image; the pig has none and no product: the placeholder.
    assert drawn_images(reader, 1) == [(320, 240)]
    assert zh("No image") in pdf.pages[1]
    # Page 3: the barley has no image of its own and shows its product's media.
    assert ProductMedia.objects.filter(product=sample.barley.product).exists()
    assert drawn_images(reader, 2) == [(300, 200)]
    assert zh("No image") not in pdf.pages[2]


def test_only_published_products_get_a_qr_code_to_their_page(sample):
    _reader, pdf = generated_pdf(sample)

    assert "http://127.0.0.1:8000/products/gongbo-songrong/" in pdf.text.replace("\n", "")
    assert zh("Scan to buy online") in pdf.pages[1]
    # The barley's product exists but is not published; the pig has none.
    assert "gongbo-qingke" not in pdf.text
    assert zh("Scan to buy online") not in pdf.pages[2]
    assert pdf.text.count(zh("Scan to buy online")) == 1


@override_settings(STOREFRONT_URL="https://shop.example.com/")
def test_the_qr_code_points_at_the_configured_storefront(sample):
    _reader, pdf = generated_pdf(sample)

    flat = pdf.text.replace("\n", "")
    assert "https://shop.example.com/products/gongbo-songrong/" in flat


def test_no_household_status_or_private_contact_in_the_pdf(sample):
    _reader, pdf = generated_pdf(sample)

    for word in [*HOUSEHOLD_WORDS, PRIVATE_CONTACT, PRIVATE_PHONE, PRIVATE_ADDRESS, "内部备注"]:
        assert word not in pdf.text, word


def test_a_household_is_printed_by_its_public_name_only(sample):
    """Its name, whether on the Producer row or typed in the spreadsheet, is personal data."""
    sample.producer.name = "次仁多吉"
    sample.producer.save()
    sample.songrong.producer_name = "次仁多吉"
    sample.songrong.save()
    entry(sample.handbook, "酥油|1千克", 4, name_zh="酥油", producer_name="洛桑")

    _reader, pdf = generated_pdf(sample)

    flat = pdf.text.replace("\n", "")
    assert "次仁多吉" not in flat
    assert "洛桑" not in flat
    assert flat.count(public_household_name(sample.county)) == 2
    assert "扎西家庭农场" in flat  # not a household: its name stays


def test_a_missing_image_file_prints_the_placeholder(sample):
    image = sample.songrong.images.get()
    image.image.storage.delete(image.image.name)

    reader, pdf = generated_pdf(sample)

    assert drawn_images(reader, 1) == []
    assert pdf.pages[1].count(zh("No image")) == 2
