"""Demo step: a county's net goods handbook, imported, reviewed and published; and the staff
who work on it.

Bayi District (巴宜区, Nyingchi) keeps its handbook as a spreadsheet; the step writes it as
one, and the real importer reads it. Last year's edition is submitted and approved (its
entries become products of the "网货" type); this year's, with a corrected price and one
more entry, waits in the review queue. A county operator of Bayi and a reviewer of Nyingchi
prefecture can sign in to the admin with the demo admin's password.

Run after the catalog and brands steps (the cooperative below is one of the brands step's
producers). Safe to run again: a submitted or approved edition is left as it is.
"""

import io
import os

import openpyxl
from django.utils import timezone

from catalog.handbook_import.importer import handbook_import
from catalog.models import (
    Channel,
    Division,
    Handbook,
    HandbookStatus,
    ProductVariant,
    StaffScope,
    Stock,
    Warehouse,
)
from catalog.services.handbook_review import handbook_approve, handbook_submit
from infra.accounts.demo import DEMO_ADMIN_EMAIL
from infra.accounts.models import User

COUNTY = "540402"  # 巴宜区
PREFECTURE = "540400"  # 林芝市
CHANNEL = "default-channel"
COOPERATIVE = "巴宜区林芝松茸专业合作社"
STAFF = (
    ("bayi.operator@example.com", "巴宜区", "网货专员", COUNTY),
    ("nyingchi.reviewer@example.com", "林芝市", "审核员", PREFECTURE),
)
HEADER = [
    "序号", "产品名称", "藏文名称", "英文名称", "规格", "单位", "价格（元）", "产地",
    "年产量", "上市季节", "质量等级", "认证情况", "生产主体", "条形码", "备注",
]  # fmt: skip
ENTRIES = [
    [1, "林芝松茸干片", "ཉིང་ཁྲིའི་ཤ་མོ་སྐམ་པོ།", "Dried Nyingchi matsutake slices", "50克/罐",
     "罐", "168-198", "巴宜区鲁朗镇", "3吨", "7-9月", "特级", "有机产品", COOPERATIVE, "",
     "当季采摘，低温烘干"],
    [2, "藏香猪腊肉", "", "Tibetan pig bacon", "500克/袋", "袋", "88-108", "巴宜区林芝镇",
     "20吨", "11月至次年3月", "一级", "", COOPERATIVE, "", "传统柏枝熏制"],
    [3, "林芝野生核桃", "", "Wild Nyingchi walnuts", "1千克/袋", "袋", "45-60", "巴宜区百巴镇",
     "50吨", "9-11月", "一级", "", "巴宜区百巴镇核桃种植合作社", "", ""],
]  # fmt: skip
NEW_THIS_YEAR = [
    [4, "鲁朗石锅鸡料包", "", "Lulang stone-pot chicken kit", "1.2千克/盒", "盒", "128",
     "巴宜区鲁朗镇", "2万盒", "全年", "", "", "巴宜区鲁朗镇餐饮服务合作社", "", "含石锅鸡及配料"],
]  # fmt: skip


def handbook_workbook(edition: int, rows: list[list]) -> io.BytesIO:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "网货手册"
    sheet.append([f"{edition}年林芝市巴宜区网货手册"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    stream.seek(0)
    return stream


def _staff() -> list[User]:
    password = os.environ.get("DEMO_ADMIN_PASSWORD", "tibet-demo-admin")
    users = []
    for email, last_name, first_name, code in STAFF:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email, password, first_name=first_name, last_name=last_name, is_staff=True
            )
        StaffScope.objects.update_or_create(
            user=user, defaults={"division": Division.objects.get(code=code)}
        )
        users.append(user)
    return users


def _edition(county: Division, edition: int, rows: list[list], channel: Channel | None):
    """Import the edition unless it is already under review or approved; returns it."""
    handbook = Handbook.objects.filter(county=county, edition=edition).first()
    if handbook is None or handbook.status in (HandbookStatus.DRAFT, HandbookStatus.RETURNED):
        report = handbook_import(
            county=county,
            edition=edition,
            file=handbook_workbook(edition, rows),
            file_name=f"巴宜区{edition}网货手册.xlsx",
        )
        if not report.ok:
            messages = "; ".join(issue.message_en for issue in report.errors)
            raise RuntimeError(f"The demo handbook was refused: {messages}")
        handbook = Handbook.objects.get(pk=report.handbook_id)
    if channel is not None:
        handbook.channels.add(channel)
    return handbook


def _stock_published(handbook) -> None:
    """Put the published products on the county warehouse's shelf, so the demo can sell them
    (real handbooks say nothing of stock: the county records it when goods arrive)."""
    warehouse = Warehouse.objects.filter(division=handbook.county).first()
    if warehouse is None:
        return
    variants = ProductVariant.objects.filter(product__handbook_entries__handbook=handbook)
    for variant in variants.distinct():
        Stock.objects.get_or_create(
            warehouse=warehouse, product_variant=variant, defaults={"quantity": 40}
        )


def load_demo_handbooks(stdout) -> None:
    operator, reviewer = _staff()
    county = Division.objects.get(code=COUNTY)
    channel = Channel.objects.filter(slug=CHANNEL).first()
    year = timezone.localdate().year

    last_year = _edition(county, year - 1, ENTRIES, channel)
    if last_year.status != HandbookStatus.APPROVED and channel is not None:
        if last_year.status != HandbookStatus.SUBMITTED:
            last_year = handbook_submit(handbook=last_year, user=operator)
        last_year = handbook_approve(handbook=last_year, user=reviewer, comment="同意发布。")
    corrected = [list(row) for row in ENTRIES]
    corrected[0][6] = "158-188"
    this_year = _edition(county, year, corrected + NEW_THIS_YEAR, channel)
    if this_year.status in (HandbookStatus.DRAFT, HandbookStatus.RETURNED):
        this_year = handbook_submit(handbook=this_year, user=operator)

    _stock_published(last_year)
    published = last_year.entries.filter(product__isnull=False).count()
    stdout.write(
        f"Handbooks: {county.name_zh} {last_year.edition} {last_year.status} "
        f"({published} products), {this_year.edition} {this_year.status}; staff "
        f"{operator.email}, {reviewer.email} (password as {DEMO_ADMIN_EMAIL})"
    )
