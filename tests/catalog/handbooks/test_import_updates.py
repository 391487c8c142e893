"""Re-imports update entries by natural key; dry runs write nothing; a handbook under review
or published cannot be imported into; staff import only for their own counties."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from catalog.models import (
    Brand,
    BrandTier,
    Division,
    Handbook,
    HandbookEntry,
    HandbookEntryImage,
    HandbookImport,
    HandbookStatus,
    Producer,
    StaffScope,
)
from tests.catalog.handbooks.fixtures import (
    EDITION,
    HEADER,
    ROWS,
    counts,
    county,
    row,
    run_import,
    write_xlsx,
)
from tests.factories import ProductFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


def changed_rows() -> list[list]:
    rows = [list(values) for values in ROWS]
    rows[0][HEADER.index("价格（元）")] = "22-32元"  # flour: new price
    rows[0][HEADER.index("产品名称")] = "青稞 面"  # same natural key, typed differently
    rows[0][HEADER.index("规格")] = "500克/袋"  # was full-width
    rows[1][HEADER.index("上市季节")] = "全年"  # jerky: new season
    del rows[3]  # incense: gone
    rows.append(row(产品名称="糌粑", 规格="1kg/袋", 生产主体="扎西"))  # new
    return rows


def test_reimport_updates_by_natural_key_creates_and_deletes(tmp_path):
    assert run_import(write_xlsx(tmp_path / "v1.xlsx")).ok
    before = {e.natural_key: e for e in HandbookEntry.objects.all()}
    HandbookEntryImage.objects.create(
        entry=before["青稞面|500克/袋|拉萨净土青稞合作社"], image="a.jpg"
    )

    report = run_import(write_xlsx(tmp_path / "v2.xlsx", changed_rows()))

    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged, report.deleted) == (1, 2, 1, 1)
    after = {e.natural_key: e for e in HandbookEntry.objects.all()}
    assert set(after) == {
        "青稞面|500克/袋|拉萨净土青稞合作社",
        "牦牛肉干|2斤装|拉萨净土青稞合作社",
        "酥油|250g×4袋|扎西",
        "糌粑|1kg/袋|扎西",
    }
    flour = after["青稞面|500克/袋|拉萨净土青稞合作社"]
    assert flour.pk == before[flour.natural_key].pk
    assert (flour.name_zh, flour.price_min, flour.price_max) == (
        "青稞 面",
        Decimal(22),
        Decimal(32),
    )
    assert flour.images.count() == 1
    jerky = after["牦牛肉干|2斤装|拉萨净土青稞合作社"]
    assert jerky.season_months == list(range(1, 13))
    assert after["酥油|250g×4袋|扎西"].updated_at == before["酥油|250g×4袋|扎西"].updated_at
    assert Handbook.objects.count() == 1
    assert Producer.objects.count() == 2  # 扎西 is found again, not created twice
    assert list(HandbookImport.objects.values_list("status", flat=True)) == ["imported"] * 2


def test_importing_the_same_file_twice_changes_nothing(tmp_path):
    path = write_xlsx(tmp_path / "v1.xlsx")
    run_import(path)
    before = list(HandbookEntry.objects.order_by("pk").values())

    report = run_import(path)

    assert (report.created, report.updated, report.unchanged, report.deleted) == (0, 0, 4, 0)
    assert list(HandbookEntry.objects.order_by("pk").values()) == before


def test_columns_missing_from_the_file_leave_their_fields_alone(tmp_path):
    run_import(write_xlsx(tmp_path / "full.xlsx"))
    header = ["产品名称", "规格", "生产主体", "价格"]
    rows = [["青稞面", "500克/袋", "拉萨净土青稞合作社", "28"]]

    report = run_import(write_xlsx(tmp_path / "prices.xlsx", rows, header=header))

    assert report.ok and report.updated == 1 and report.deleted == 3
    flour = HandbookEntry.objects.get()
    assert (flour.price_min, flour.price_max) == (Decimal(28), Decimal(28))
    assert flour.gtin == "6901234567892" and flour.name_bo == "ནས་ཕྱེ།"
    assert flour.certifications == ["green_food", "organic"]


def test_an_entry_published_as_a_product_is_kept_when_left_out(tmp_path):
    run_import(write_xlsx(tmp_path / "v1.xlsx"))
    incense = HandbookEntry.objects.get(name_zh="藏香")
    incense.product = ProductFactory()
    incense.save()

    report = run_import(write_xlsx(tmp_path / "v2.xlsx", ROWS[:3]))

    assert (report.deleted, report.kept) == (0, 1)
    assert HandbookEntry.objects.filter(pk=incense.pk).exists()
    assert [(w.code, w.message_zh) for w in report.warnings if w.code == "entry_kept"] == [
        ("entry_kept", "“藏香”已不在文件中，但已发布为商品，予以保留。")
    ]


def test_a_returned_handbook_can_be_imported_into(tmp_path):
    Handbook.objects.create(county=county(), edition=EDITION, status=HandbookStatus.RETURNED)

    report = run_import(write_xlsx(tmp_path / "v1.xlsx"))

    assert report.ok and report.created == 4
    assert Handbook.objects.get().status == HandbookStatus.RETURNED


@pytest.mark.parametrize(
    ("status", "zh", "en"),
    [
        (HandbookStatus.SUBMITTED, "已提交审核", "submitted for review"),
        (HandbookStatus.APPROVED, "已审核发布", "approved and published"),
    ],
)
def test_a_submitted_or_approved_handbook_is_refused(tmp_path, status, zh, en):
    handbook = Handbook.objects.create(county=county(), edition=EDITION, status=status)
    before = counts()

    report = run_import(write_xlsx(tmp_path / "v1.xlsx"))

    assert [e.code for e in report.errors] == ["handbook_locked"]
    assert report.errors[0].message_zh == (
        f"城关区 2025 年版网货手册{zh}，不能再导入；需退回修改后才能导入。"
    )
    assert report.errors[0].message_en == (
        f"The 2025 handbook of Chengguan District is {en} and cannot be imported into; "
        "it must be returned for changes first."
    )
    assert counts() == {**before, "HandbookImport": before["HandbookImport"] + 1}
    assert HandbookImport.objects.get().handbook == handbook


def test_dry_run_counts_what_would_change_and_writes_nothing(tmp_path):
    run_import(write_xlsx(tmp_path / "v1.xlsx"))
    before = counts()
    entries = list(HandbookEntry.objects.order_by("pk").values())

    report = run_import(write_xlsx(tmp_path / "v2.xlsx", changed_rows()), dry_run=True)

    assert report.ok and report.dry_run and report.status == "checked"
    assert (report.created, report.updated, report.unchanged, report.deleted) == (1, 2, 1, 1)
    assert list(HandbookEntry.objects.order_by("pk").values()) == entries
    assert counts() == {**before, "HandbookImport": before["HandbookImport"] + 1}
    assert HandbookImport.objects.order_by("-pk").first().status == "checked"


def test_dry_run_of_a_new_handbook_creates_no_handbook_or_producer(tmp_path):
    before = counts()

    report = run_import(write_xlsx(tmp_path / "v1.xlsx"), dry_run=True)

    assert report.ok and report.created == 4 and report.handbook_id is None
    assert counts() == {**before, "HandbookImport": 1}


def test_dry_run_reports_errors_too(tmp_path):
    report = run_import(
        write_xlsx(tmp_path / "bad.xlsx", [row(产品名称="糌粑", 条形码="123")]), dry_run=True
    )

    assert report.status == "failed" and [e.code for e in report.errors] == ["gtin"]


def test_staff_import_only_for_counties_in_their_scope(tmp_path):
    path = write_xlsx(tmp_path / "v1.xlsx")
    lhasa_staff, shigatse_staff = StaffUserFactory(), StaffUserFactory()
    StaffScope.objects.create(user=lhasa_staff, division=Division.objects.get(code="540100"))
    StaffScope.objects.create(user=shigatse_staff, division=Division.objects.get(code="540200"))

    with pytest.raises(PermissionDenied):
        run_import(path, user=shigatse_staff)
    report = run_import(path, user=lhasa_staff)

    assert report.ok
    assert HandbookImport.objects.get().created_by == lhasa_staff


def test_a_file_object_imports_like_a_path(tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from catalog.handbook_import import handbook_import

    upload = SimpleUploadedFile("h.xlsx", write_xlsx(tmp_path / "h.xlsx").read_bytes())
    upload.read(10)  # wherever the caller left it

    report = handbook_import(county=county(), edition=EDITION, file=upload, file_name="h.xlsx")

    assert report.ok and report.created == 4
    assert not upload.closed


def test_a_brand_registered_after_the_first_import_is_linked_on_the_next(tmp_path):
    path = write_xlsx(tmp_path / "v1.xlsx")
    first = run_import(path)
    assert [w.code for w in first.warnings] == ["brand_not_found"]
    brand = Brand.objects.create(
        name="净土", slug="jingtu", tier=BrandTier.COUNTY, owner_division=county()
    )

    again = run_import(path)

    assert (again.updated, again.unchanged, again.warnings) == (1, 3, [])
    assert HandbookEntry.objects.get(name_zh="青稞面").brand == brand
