"""Signing payloads as Saleor does: a JWS (RS256) over the body with the payload detached,
sent in `Saleor-Signature`; the public key is published at `/.well-known/jwks.json`.

The key comes from WEBHOOK_PRIVATE_KEY. Without it (development and tests only) one key is
generated and kept under var/, so every process of the machine signs with the same key.
"""

import json
import logging
import os
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from jwt import api_jws
from jwt.algorithms import RSAAlgorithm
from jwt.utils import base64url_encode

logger = logging.getLogger(__name__)

GENERATED_KEY_FILE = "webhook-signing-key.pem"


def _generated_key_path() -> Path:
    return Path(settings.VAR_DIR) / GENERATED_KEY_FILE


def _pem_of(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    )


def _generated_key() -> bytes:
    path = _generated_key_path()
    if not path.exists():
        pem = _pem_of(rsa.generate_private_key(public_exponent=65537, key_size=2048))
        try:
            # O_EXCL: when two processes start together, the first file wins for both.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(pem)
            logger.warning(
                "WEBHOOK_PRIVATE_KEY is not set: generated a webhook signing key in %s "
                "(fine for development and tests, never for production).",
                path,
            )
    return path.read_bytes()


@cache
def private_key() -> rsa.RSAPrivateKey:
    pem = settings.WEBHOOK_PRIVATE_KEY.encode() if settings.WEBHOOK_PRIVATE_KEY else None
    if pem is None:
        if not settings.WEBHOOK_GENERATED_KEY_ALLOWED:
            raise ImproperlyConfigured(
                "WEBHOOK_PRIVATE_KEY (an RSA private key in PEM) must be set to sign webhooks."
            )
        pem = _generated_key()
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except ValueError as exc:
        raise ImproperlyConfigured(f"WEBHOOK_PRIVATE_KEY cannot be read: {exc}") from None
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ImproperlyConfigured("WEBHOOK_PRIVATE_KEY must be an RSA key.")
    return key


@cache
def key_id() -> str:
    """The RFC 7638 thumbprint of the public key, so a new key gets a new `kid`."""
    jwk = json.loads(RSAAlgorithm.to_jwk(private_key().public_key()))
    canonical = json.dumps({k: jwk[k] for k in ("e", "kty", "n")}, separators=(",", ":"))
    digest = hashes.Hash(hashes.SHA256())
    digest.update(canonical.encode())
    return base64url_encode(digest.finalize()).decode()


def jwks() -> dict:
    """The JSON Web Key Set with the public key payloads are signed with."""
    jwk = json.loads(RSAAlgorithm.to_jwk(private_key().public_key()))
    jwk.update({"use": "sig", "alg": "RS256", "kid": key_id()})
    return {"keys": [jwk]}


def payload_sign(body: bytes) -> str:
    """`header..signature`: a JWS over `body`, which is sent as the request body instead."""
    # As Saleor's jws_encode: b64=false (RFC 7797) marked critical, so a verifier that does not
    # understand unencoded payloads refuses the token instead of misreading it.
    return api_jws.encode(
        body,
        private_key(),
        algorithm="RS256",
        headers={"kid": key_id(), "crit": ["b64"]},
        is_payload_detached=True,
    )
