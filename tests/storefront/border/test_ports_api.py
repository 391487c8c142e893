"""Ports in the API: status, whether they sell now, their closures; a channel's port."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from storefront.border.models import BorderPort
from storefront.border.services.channels import port_closure_create
from tests.storefront.border.helpers import post_graphql

pytestmark = pytest.mark.django_db

PORTS = """
{
  borderPorts {
    code nameZh nameEn neighbourCountry currency status statusAsOf isOpen
    county { code nameZh }
    closures { startsAt endsAt reason }
  }
}"""
CHANNEL = """
query Channel($slug: String!) {
  channel(slug: $slug) { slug border { buyerCurrency port { code name } } }
}"""


def test_ports_come_from_the_data_with_their_state_now(django_assert_max_num_queries):
    now = timezone.now()
    zhangmu = BorderPort.objects.get(code="zhangmu")
    port_closure_create(port=zhangmu, starts_at=now - timedelta(days=1), reason="塌方")
    port_closure_create(
        port=zhangmu, starts_at=now - timedelta(days=30), ends_at=now - timedelta(days=20)
    )

    with django_assert_max_num_queries(3):
        ports = {p["code"]: p for p in post_graphql(Client(), PORTS)["data"]["borderPorts"]}

    assert len(ports) == 9
    assert ports["gyirong"] == {
        "code": "gyirong",
        "nameZh": "吉隆口岸",
        "nameEn": "Gyirong (Kyirong) Port",
        "neighbourCountry": "NP",
        "currency": "NPR",
        "status": "OPEN",
        "statusAsOf": "2023-07",
        "isOpen": True,
        "county": {"code": "540234", "nameZh": "吉隆县"},
        "closures": [],
    }
    assert ports["zhangmu"]["status"] == "OPEN_LIMITED"
    assert ports["zhangmu"]["isOpen"] is False
    assert [c["reason"] for c in ports["zhangmu"]["closures"]] == ["塌方"]
    assert ports["zhangmu"]["closures"][0]["endsAt"] is None
    assert (ports["yadong_nathula"]["status"], ports["yadong_nathula"]["isOpen"]) == (
        "SUSPENDED",
        False,
    )
    assert ports["riwu"]["status"] == "UNVERIFIED"


def test_a_border_channel_names_its_port_and_buyer_currency(gyirong):
    body = post_graphql(Client(), CHANNEL, {"slug": gyirong.channel.slug})

    assert body["data"]["channel"]["border"] == {
        "buyerCurrency": "NPR",
        "port": {"code": "gyirong", "name": "吉隆口岸"},
    }
