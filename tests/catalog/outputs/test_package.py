"""The online shop public data package (ZIP), read back from storage."""

import io

import pytest
from PIL import Image

from catalog.tasks import generate_handbook_package_task
from tests.catalog.outputs.helpers import HOUSEHOLD_WORDS, public_household_name, read_package
from tests.catalog.outputs.sample import PRIVATE_ADDRESS, PRIVATE_CONTACT, PRIVATE_PHONE, entry

pytestmark = pytest.mark.django_db


def generated_package(sample):
    generate_handbook_package_task.delay(sample.handbook.pk)
    sample.handbook.refresh_from_db()
    return read_package(sample.handbook.package_file)


def by_key(package) -> list[dict[str, str]]:
    """Rows keyed by the English half of the bilingual headers."""
    return [{h.rsplit("/", 1)[1]: v for h, v in row.items()} for row in package.rows]


def test_csv_is_utf8_with_a_bom_and_bilingual_headers(sample):
    package = generated_package(sample)

    assert package.raw_csv.startswith(b"\xef\xbb\xbf")
    assert package.raw_csv.count(b"\xef\xbb\xbf") == 1
    assert b"\r\n" in package.raw_csv
    assert package.headers[:5] == [
        "条目编号/entry_id",
        "序号/row_number",
        "商品名称（中文）/name_zh",
        "商品名称（藏文）/name_bo",
        "商品名称（英文）/name_en",
    ]
    assert {"规格/specification", "上市季节/season", "生产主体/producer", "图片/images"} <= set(
        package.headers
    )
    assert all("/" in header for header in package.headers)


def test_one_row_per_entry_with_its_public_data(sample):
    package = generated_package(sample)

    rows = by_key(package)
    assert [row["name_zh"] for row in rows] == ["工布江达松茸", "藏香猪", "青稞"]
    songrong = rows[0]
    assert songrong["entry_id"] == str(sample.songrong.pk)
    assert songrong["name_bo"] == "ཀོང་པོའི་ཤ་མོ།"
    assert songrong["name_en"] == "Gongbo matsutake"
    assert songrong["specification"] == "500克/袋"
    assert songrong["price_min_cny"] == "180.00"
    assert songrong["price_max_cny"] == "260.50"
    assert songrong["season"] == "7-9月"
    assert songrong["season_months"] == "7；8；9"
    assert songrong["certification_codes"] == "organic；geographical_indication"
    assert songrong["sales_channels"] == "电商 60%；农贸市场 40%"
    assert songrong["brands"] == "净土健康；工布好物；次仁山珍"
    assert songrong["brand_tiers"] == "region；county；enterprise"
    assert songrong["producer"] == public_household_name(sample.county)  # a household
    assert songrong["gtin"] == "6901234567892"
    assert songrong["product_url"] == "http://127.0.0.1:8000/products/gongbo-songrong/"
    pig, barley = rows[1], rows[2]
    assert pig["name_bo"] == "བོད་ཕག"
    assert pig["producer"] == "扎西家庭农场"
    assert pig["price_max_cny"] == ""
    assert pig["product_url"] == pig["images"] == ""
    assert barley["product_url"] == ""  # its product is not published


def test_images_are_in_the_zip_under_the_names_the_csv_gives(sample):
    package = generated_package(sample)

    rows = by_key(package)
    songrong_image = f"images/entry-{sample.songrong.pk}-1.png"
    barley_image = f"images/entry-{sample.barley.pk}-1.png"
    assert rows[0]["images"] == songrong_image
    assert rows[2]["images"] == barley_image  # the product's media, the entry has none
    assert package.names == {"entries.csv", "README.txt", songrong_image, barley_image}
    with Image.open(io.BytesIO(package.files[songrong_image])) as image:
        assert image.size == (320, 240)  # the original, not a print copy
    stored = sample.songrong.images.get().image
    with stored.open("rb") as handle:
        assert package.files[songrong_image] == handle.read()


def test_image_names_stay_the_same_when_the_package_is_made_again(sample):
    first = generated_package(sample)
    second = generated_package(sample)

    assert first.names == second.names
    assert [r["images"] for r in by_key(first)] == [r["images"] for r in by_key(second)]


def test_readme_explains_the_files_and_columns(sample):
    package = generated_package(sample)

    readme = package.files["README.txt"].decode("utf-8-sig")
    assert "网店经营公共数据包" in readme
    assert "工布江达县" in readme
    assert "2025" in readme
    assert "entries.csv" in readme
    assert "images/" in readme
    for header in package.headers:
        assert header in readme


def test_no_household_status_or_private_producer_data_in_the_package(sample):
    package = generated_package(sample)

    text = package.text()
    for word in [*HOUSEHOLD_WORDS, PRIVATE_CONTACT, PRIVATE_PHONE, PRIVATE_ADDRESS, "内部备注"]:
        assert word not in text, word
    assert not any("household" in header or "notes" in header for header in package.headers)


def test_a_household_is_written_by_its_public_name_only(sample):
    """The package is public: a household's name (its Producer row's, or the spreadsheet's
    when no row is linked) never leaves; other producers keep theirs."""
    sample.producer.name = "次仁多吉"
    sample.producer.save()
    sample.songrong.producer_name = "次仁多吉"
    sample.songrong.save()
    entry(sample.handbook, "酥油|1千克", 4, name_zh="酥油", producer_name="洛桑")

    package = generated_package(sample)

    assert "次仁多吉" not in package.text()
    assert "洛桑" not in package.text()
    label = public_household_name(sample.county)
    assert [row["producer"] for row in by_key(package)] == [label, "扎西家庭农场", "", label]


def test_cells_that_excel_would_run_as_formulas_are_quoted(sample):
    sample.pig.specification = "=HYPERLINK(1)"
    sample.pig.save(update_fields=["specification"])

    package = generated_package(sample)

    assert by_key(package)[1]["specification"] == "'=HYPERLINK(1)"


def test_a_missing_image_file_is_left_out_of_the_zip_and_the_csv(sample):
    image = sample.songrong.images.get()
    image.image.storage.delete(image.image.name)

    package = generated_package(sample)

    assert by_key(package)[0]["images"] == ""
    assert not any(name.startswith(f"images/entry-{sample.songrong.pk}-") for name in package.names)
