"""Each border order's declaration: a PDF and a CSV made after commit, downloadable by the
order's owner and by staff with MANAGE_ORDERS; the resident appears masked, never in full."""

import csv
import io
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from infra.accounts.jwt import create_access_token
from infra.accounts.permissions import PermissionEnum
from storefront.border.models import BorderDeclaration, BorderPort
from storefront.border.services.channels import fx_rate_record
from storefront.border.services.residents import border_resident_register
from storefront.border.tasks import generate_border_declaration_task
from tests.conftest import ApiClient, permission_denied
from tests.factories import UserFactory
from tests.factories.product_reads import gid, staff_with
from tests.storefront.border.helpers import (
    RESIDENT_ID,
    border_variant,
    complete,
    paid_checkout,
    post_graphql,
)

pytestmark = pytest.mark.django_db

ORDER = """
query Order($id: ID!) {
  order(id: $id) {
    number
    borderDeclaration {
      number date ready pdfUrl csvUrl residentName residentIdMasked buyerCurrency
      port { code nameZh }
      fxRate { currency rate date source }
      lines {
        goods sku hsCode countryOfOrigin quantity
        netWeight { value } grossWeight { value }
        value { amount currency } valueInBuyerCurrency { amount currency }
      }
    }
  }
}"""


@pytest.fixture
def owner(db):
    return UserFactory()


@pytest.fixture
def order(gyirong, owner, django_capture_on_commit_callbacks):
    fx_rate_record(currency="NPR", rate=Decimal("18.7654"), date=timezone.localdate(), source="nrb")
    border_resident_register(
        id_number=RESIDENT_ID, name="次仁多吉", port=BorderPort.objects.get(code="gyirong")
    )
    tea, _ = border_variant(gyirong, price="1280.00", name="拉萨甜茶礼盒", net="1", gross="1.2")
    carpet, _ = border_variant(
        gyirong, price="300.00", name="江孜卡垫", hs_code="57011000", net="2.5", gross="3"
    )
    checkout = paid_checkout(
        gyirong.channel, [(tea, 2), (carpet, 1)], resident_id=RESIDENT_ID, user=owner
    )
    with django_capture_on_commit_callbacks(execute=True):
        return complete(checkout)


def _declaration(order) -> BorderDeclaration:
    return BorderDeclaration.objects.get(order=order)


def _pdf_text(declaration: BorderDeclaration) -> str:
    with declaration.pdf_file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def _csv_rows(declaration: BorderDeclaration) -> list[list[str]]:
    with declaration.csv_file.open("rb") as handle:
        raw = handle.read()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM, so that Excel reads it as UTF-8
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_the_order_records_its_declaration_and_its_files_are_made_after_commit(order):
    declaration = _declaration(order)

    today = timezone.localdate()
    assert declaration.number == f"GYIRONG-{today:%Y%m%d}-{order.number:06d}"
    assert declaration.generated_at is not None
    assert declaration.pdf_file.name.endswith(f"/{declaration.file_key}/{declaration.number}.pdf")
    assert declaration.csv_file.name.endswith(".csv")
    assert declaration.quota_amount == Decimal("2860.00")


def test_the_pdf_lists_goods_hs_codes_values_weights_port_and_the_masked_resident(order):
    declaration = _declaration(order)

    text = _pdf_text(declaration)

    for expected in [
        declaration.number,
        str(order.number),
        "吉隆口岸",
        "Gyirong (Kyirong) Port",
        "次仁多吉",
        "5402**********123X",
        "拉萨甜茶礼盒",
        "江孜卡垫",
        "0902.30",
        "5701.10.00",
        "2560.00",  # 2 × 1,280.00 CNY
        "48039.42",  # 2,560.00 × 18.7654 NPR
        "5629.62",
        "2860.00",
        "53669.04",
        "2.000",  # net kg of the two boxes of tea
        "2.400",
        "5.400",  # gross kg in all
        "1 CNY = 18.7654 NPR",
        timezone.localdate().strftime("%Y-%m-%d"),
    ]:
        assert expected in text, expected
    assert RESIDENT_ID not in text


def test_the_csv_has_one_row_per_line_with_the_declarations_facts(order):
    declaration = _declaration(order)

    header, *rows = _csv_rows(declaration)

    assert header[0] == "申报单号/declaration number"
    assert "金额（NPR）/value NPR" in header
    table = [dict(zip(header, row, strict=True)) for row in rows]
    assert [row["HS编码/HS code"] for row in table] == ["0902.30", "5701.10.00"]
    tea = table[0]
    assert tea["申报单号/declaration number"] == declaration.number
    assert tea["订单号/order number"] == str(order.number)
    assert tea["口岸/port"] == "吉隆口岸 Gyirong (Kyirong) Port"
    assert tea["边民/resident"] == "次仁多吉"
    assert tea["证件号/ID (masked)"] == "5402**********123X"
    assert tea["商品/goods"].startswith("拉萨甜茶礼盒")
    assert tea["原产国/origin"] == "CN"
    assert tea["数量/quantity"] == "2"
    assert tea["净重（千克）/net weight kg"] == "2.000"
    assert tea["毛重（千克）/gross weight kg"] == "2.400"
    assert tea["金额（元）/value CNY"] == "2560.00"
    assert tea["金额（NPR）/value NPR"] == "48039.42"
    assert tea["汇率（1元=NPR）/rate (NPR per CNY)"] == "18.7654"
    assert tea["汇率来源/rate source"] == "nrb"
    assert RESIDENT_ID not in str(rows)


def test_running_the_task_again_replaces_the_files(order):
    declaration = _declaration(order)
    storage = declaration.pdf_file.storage
    first = declaration.pdf_file.name

    generate_border_declaration_task.delay(declaration.pk)

    declaration.refresh_from_db()
    assert declaration.pdf_file.name == first
    _dir, names = storage.listdir(first.rsplit("/", 1)[0])
    assert sorted(names) == sorted([f"{declaration.number}.pdf", f"{declaration.number}.csv"])


def test_the_owner_reads_the_declaration_and_downloads_its_files(order, owner):
    client = Client()

    body = post_graphql(client, ORDER, {"id": gid(order)}, token=create_access_token(owner))

    assert RESIDENT_ID not in str(body)
    found = body["data"]["order"]["borderDeclaration"]
    declaration = _declaration(order)
    assert found["number"] == declaration.number
    assert found["ready"] is True
    assert (found["residentName"], found["residentIdMasked"]) == ("次仁多吉", "5402**********123X")
    assert found["fxRate"]["rate"] == Decimal("18.7654")
    assert found["lines"][0]["hsCode"] == "0902.30"
    assert found["lines"][0]["valueInBuyerCurrency"] == {
        "amount": Decimal("48039.42"),
        "currency": "NPR",
    }
    pdf = client.get(urlsplit(found["pdfUrl"]).path)
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert f'filename="{declaration.number}.pdf"' in pdf["Content-Disposition"]
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    sheet = client.get(urlsplit(found["csvUrl"]).path)
    assert b"".join(sheet.streaming_content).decode("utf-8-sig").startswith("申报单号")


def test_staff_managing_orders_read_it_and_others_are_refused(order):
    staff = staff_with(PermissionEnum.MANAGE_ORDERS)
    stranger = ApiClient(create_access_token(UserFactory()))

    seen = staff.post_graphql(ORDER, {"id": gid(order)})
    refused = stranger.post_graphql(ORDER, {"id": gid(order)})

    assert seen.data["order"]["borderDeclaration"]["ready"] is True
    assert permission_denied(refused)
    assert PermissionEnum.MANAGE_ORDERS.value in refused.errors[0]["message"]


def test_links_expire_and_cannot_be_forged(order, owner, settings):
    client = Client()
    body = post_graphql(client, ORDER, {"id": gid(order)}, token=create_access_token(owner))
    path = urlsplit(body["data"]["order"]["borderDeclaration"]["pdfUrl"]).path

    forged = client.get(path.replace("/declarations/", "/declarations/x"))
    settings.BORDER_DECLARATION_LINK_SECONDS = -1
    expired = client.get(path)

    assert (forged.status_code, expired.status_code) == (404, 404)
