"""The sample partner client (tools/partner_client.py) against the live server: it lists its
channel's products, orders for a customer (pay later), and verifies the signed webhook it
receives on its own loopback receiver."""

import importlib.util
import io
from pathlib import Path

import pytest

from storefront.models import Order

CLIENT = Path(__file__).resolve().parents[3] / "tools" / "partner_client.py"


def load_client():
    spec = importlib.util.spec_from_file_location("partner_client", CLIENT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db(transaction=True)
def test_sample_partner_client_orders_and_verifies_the_webhook(jiangsu, shanghai, live_server):
    client = load_client()
    out = io.StringIO()

    result = client.run(
        f"{live_server.url}/graphql/", jiangsu.client.token, jiangsu.channel.slug, 20, out
    )

    order = Order.objects.get()
    assert order.channel == jiangsu.channel
    assert order.metadata["partner_customer_ref"] == result["reference"]
    assert result["webhook"]["order"]["number"] == str(order.number)
    assert f"order #{order.number} placed" in out.getvalue()
    assert "signature ok" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_sample_client_refuses_a_forged_signature(jiangsu, live_server):
    client = load_client()
    body = b'{"order": {"id": "T3JkZXI6MQ=="}}'
    forged = "eyJhbGciOiJSUzI1NiIsImtpZCI6IngifQ..c2lnbmF0dXJl"

    with pytest.raises(client.ClientError):
        client.signature_verify({"Saleor-Signature": forged}, body, f"{live_server.url}/graphql/")


@pytest.mark.django_db(transaction=True)
def test_sample_client_fails_for_another_partners_channel(jiangsu, shanghai, live_server):
    client = load_client()

    with pytest.raises(client.ClientError):
        client.run(
            f"{live_server.url}/graphql/",
            jiangsu.client.token,
            shanghai.channel.slug,
            5,
            io.StringIO(),
        )
    assert not Order.objects.exists()
