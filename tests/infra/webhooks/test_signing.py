"""The signing key: from WEBHOOK_PRIVATE_KEY when set; generated only where allowed."""

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.checks import run_checks
from django.test import Client, override_settings
from jwt import api_jws

from infra.webhooks import event_types, signing
from infra.webhooks.deliveries import delivery_send
from infra.webhooks.events import event_emit
from infra.webhooks.models import DeliveryStatus, EventDelivery
from tests.factories.payments import order_to_pay
from tests.infra.webhooks.conftest import subscribe


@pytest.fixture(autouse=True)
def fresh_key():
    """The key is read once per process; these tests change where it comes from."""
    signing.private_key.cache_clear()
    signing.key_id.cache_clear()
    yield
    signing.private_key.cache_clear()
    signing.key_id.cache_clear()


def new_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    ).decode()


def test_the_configured_key_signs_and_is_published(db):
    pem = new_pem()
    with override_settings(WEBHOOK_PRIVATE_KEY=pem, WEBHOOK_GENERATED_KEY_ALLOWED=False):
        jwk = Client().get("/.well-known/jwks.json").json()["keys"][0]
        signature = signing.payload_sign(b'{"order": null}')

    public = serialization.load_pem_private_key(pem.encode(), None).public_key()
    assert jwt.PyJWK(jwk).key.public_numbers() == public.public_numbers()
    assert (
        api_jws.decode_complete(
            signature, key=public, algorithms=["RS256"], detached_payload=b'{"order": null}'
        )["payload"]
        == b'{"order": null}'
    )


@pytest.mark.django_db
def test_without_a_key_production_records_the_failure_instead_of_sending(receiver, partner_app):
    subscribe(partner_app, receiver.url, [event_types.ORDER_UPDATED])
    event_emit(event_types.ORDER_UPDATED, order_to_pay())
    delivery = EventDelivery.objects.get()

    with override_settings(WEBHOOK_PRIVATE_KEY="", WEBHOOK_GENERATED_KEY_ALLOWED=False):
        attempt = delivery_send(delivery_id=delivery.pk)
        errors = [m.id for m in run_checks(include_deployment_checks=True)]

    assert receiver.requests == []
    assert attempt.status == DeliveryStatus.FAILED
    assert "WEBHOOK_PRIVATE_KEY" in attempt.response
    assert EventDelivery.objects.get().status == DeliveryStatus.PENDING  # retried later
    assert "webhooks.E001" in errors
