"""The partner's app finds its statements over GraphQL and downloads them through signed,
expiring links; another partner's app sees none of them, not even by guessing IDs or links;
settling is the platform's."""

import csv
import io

import pytest
from django.test import Client
from django.utils import timezone

from infra.accounts.permissions import PermissionEnum
from infra.ids import to_global_id
from storefront.partners.figures import previous_month
from storefront.partners.models import SettlementStatement
from storefront.partners.services import statement_build
from tests.conftest import permission_denied
from tests.factories.writes import staff_client
from tests.storefront.partners.conftest import place_order

pytestmark = pytest.mark.django_db

STATEMENTS = """
query($channel: String) {
  partnerStatements(first: 10, channel: $channel) {
    totalCount
    edges { node {
      id month period status currency ordersCount commissionRate
      gross { amount currency } refunds { amount } commission { amount } netDue { amount }
      channel { slug } csvUrl xlsxUrl
    } }
  }
}"""
STATEMENT = """
query($id: ID!) { partnerStatement(id: $id) { id csvUrl } }
"""
SETTLE = """
mutation($id: ID!) {
  partnerStatementSettle(id: $id) { statement { status } errors { field code message } }
}"""


@pytest.fixture
def statements(jiangsu, shanghai):
    month = previous_month(timezone.localdate())
    for partner in (jiangsu, shanghai):
        order = place_order(partner, 2)
        order.__class__.objects.filter(pk=order.pk).update(
            created_at=timezone.make_aware(timezone.datetime(month.year, month.month, 10, 12))
        )
    return {
        p.channel.slug: statement_build(partner=p.partner, period=month, issue=True)
        for p in (jiangsu, shanghai)
    }


def _download(url: str):
    return Client().get(url.removeprefix("http://testserver"))


def test_partner_app_lists_and_downloads_its_own_statement(jiangsu, statements):
    listed = jiangsu.client.post_graphql(STATEMENTS).data["partnerStatements"]

    assert listed["totalCount"] == 1
    node = listed["edges"][0]["node"]
    statement = statements["jiangsu"]
    assert node["id"] == to_global_id("PartnerStatement", statement.pk)
    assert node["channel"] == {"slug": "jiangsu"}
    assert node["month"] == f"{statement.period:%Y-%m}"
    assert (node["status"], node["ordersCount"], node["currency"]) == ("ISSUED", 1, "CNY")
    assert node["gross"] == {"amount": 266.0, "currency": "CNY"}
    assert node["commission"] == {"amount": 22.61}
    assert node["netDue"] == {"amount": 243.39}
    assert node["csvUrl"].startswith("http://testserver/partners/statements/")
    csv_response = _download(node["csvUrl"])
    xlsx_response = _download(node["xlsxUrl"])
    assert csv_response.status_code == 200
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert "jiangsu-" in csv_response["Content-Disposition"]
    body = b"".join(csv_response.streaming_content)
    assert body == statement.csv_file.storage.open(statement.csv_file.name).read()
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[-1][2:] == ["266.00", "0.00", "22.61", "243.39"]
    assert xlsx_response.status_code == 200
    assert b"".join(xlsx_response.streaming_content)[:2] == b"PK"


def test_another_partner_cannot_see_or_download_it(jiangsu, shanghai, statements):
    theirs = statements["jiangsu"]
    guessed = to_global_id("PartnerStatement", theirs.pk)

    listed = shanghai.client.post_graphql(STATEMENTS).data["partnerStatements"]
    by_channel = shanghai.client.post_graphql(STATEMENTS, {"channel": "jiangsu"}).data
    by_id = shanghai.client.post_graphql(STATEMENT, {"id": guessed}).data["partnerStatement"]
    own_link = shanghai.client.post_graphql(STATEMENTS).data["partnerStatements"]
    url = own_link["edges"][0]["node"]["csvUrl"]
    token = url.rstrip("/").rsplit("/", 1)[1]
    forged = url.replace(token, token[:-2] + ("AA" if not token.endswith("AA") else "BB"))

    assert [e["node"]["channel"]["slug"] for e in listed["edges"]] == ["shanghai"]
    assert by_channel["partnerStatements"]["totalCount"] == 0
    assert by_id is None
    assert _download(forged).status_code == 404
    assert _download(f"/partners/statements/{theirs.pk}/").status_code == 404
    mine = jiangsu.client.post_graphql(STATEMENT, {"id": guessed}).data["partnerStatement"]
    assert mine["id"] == guessed


def test_links_expire(jiangsu, statements, settings):
    url = jiangsu.client.post_graphql(STATEMENTS).data["partnerStatements"]["edges"][0]["node"][
        "csvUrl"
    ]
    assert _download(url).status_code == 200

    settings.PARTNER_STATEMENT_LINK_SECONDS = -1

    assert _download(url).status_code == 404


def test_statements_need_manage_orders_and_lists_do_not_grow_queries(
    jiangsu, shanghai, statements, django_assert_max_num_queries
):
    staff = staff_client(PermissionEnum.MANAGE_ORDERS)
    month = statements["jiangsu"].period
    for partner in (jiangsu, shanghai):
        for _ in range(3):
            month = previous_month(month)
            statement_build(partner=partner.partner, period=month)

    denied = staff_client().post_graphql(STATEMENTS)
    with django_assert_max_num_queries(5):
        listed = staff.post_graphql(STATEMENTS).data["partnerStatements"]

    assert permission_denied(denied)
    assert listed["totalCount"] == 8
    assert {e["node"]["channel"]["slug"] for e in listed["edges"]} == {"jiangsu", "shanghai"}


def test_only_the_platform_settles(jiangsu, statements):
    statement_id = to_global_id("PartnerStatement", statements["jiangsu"].pk)

    by_partner = jiangsu.client.post_graphql(SETTLE, {"id": statement_id})
    by_staff = staff_client(PermissionEnum.MANAGE_ORDERS).post_graphql(SETTLE, {"id": statement_id})

    assert permission_denied(by_partner)
    assert by_staff.data["partnerStatementSettle"] == {
        "statement": {"status": "SETTLED"},
        "errors": [],
    }
    assert SettlementStatement.objects.get(pk=statements["jiangsu"].pk).status == "settled"
