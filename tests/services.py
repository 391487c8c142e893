"""Real services for integration tests: the S3 API, the Celery broker.

When .ci/run has started a service it says so through the environment and the tests use it;
otherwise S3 tests start moto's server on loopback themselves, and broker tests skip — unless
REQUIRE_SERVICES=1 (set by .ci/run), which turns every missing service into a failure.
"""

import os
import socket
import uuid
from collections.abc import Iterator

import boto3
import pytest
from django.conf import settings


def require_or_skip(reason: str) -> None:
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"Required service missing: {reason}")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    endpoint = os.environ.get("S3_TEST_ENDPOINT_URL")
    if endpoint:
        yield endpoint
        return
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture
def s3_bucket(s3_endpoint) -> Iterator[dict]:
    """A fresh bucket on the S3 server, with the options S3Storage needs to use it."""
    name = f"test-{uuid.uuid4().hex[:12]}"
    credentials = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **credentials)
    client.create_bucket(Bucket=name)
    yield {
        "client": client,
        "name": name,
        "storage_options": {
            "bucket_name": name,
            "endpoint_url": s3_endpoint,
            "region_name": "us-east-1",
            "access_key": "testing",
            "secret_key": "testing",
            "addressing_style": "path",
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
    objects = client.list_objects_v2(Bucket=name).get("Contents", [])
    for item in objects:
        client.delete_object(Bucket=name, Key=item["Key"])
    client.delete_bucket(Bucket=name)


@pytest.fixture
def celery_broker():
    """A real broker with a worker behind it; tasks are sent, not run in-process."""
    from infra.celery import app

    if not settings.CELERY_BROKER_URL:
        require_or_skip("CELERY_BROKER_URL is not set (no broker and worker for this run)")
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1)
    except Exception as exc:  # noqa: BLE001 - any connection failure means the broker is missing
        require_or_skip(f"Celery broker {settings.CELERY_BROKER_URL} does not answer: {exc}")
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield app
    finally:
        app.conf.task_always_eager = previous
