"""A real HTTP receiver on loopback, and webhooks of a partner app pointing at it."""

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from infra.accounts.permissions import PermissionEnum
from infra.webhooks.models import Webhook
from infra.webhooks.services import webhook_create
from tests.factories.accounts import AppFactory


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    """Records every POST; answers with the queued statuses, then `default_status`."""

    url: str = ""
    requests: list[Received] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    default_status: int = 200
    delay: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, *statuses: int) -> None:
        self.statuses.extend(statuses)

    def _next_status(self) -> int:
        with self.lock:
            return self.statuses.pop(0) if self.statuses else self.default_status


def _handler(receiver: Receiver):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            with receiver.lock:
                receiver.requests.append(Received(self.path, dict(self.headers.items()), body))
            if receiver.delay:
                time.sleep(receiver.delay)
            status = receiver._next_status()
            reply = json.dumps({"status": status}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/saleor"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def partner_app(db):
    return AppFactory(
        name="江苏援藏商城",
        permissions=[PermissionEnum.MANAGE_ORDERS, PermissionEnum.MANAGE_PRODUCTS],
    )


def subscribe(app, url: str, events: list[str], query: str = "", **fields) -> Webhook:
    return webhook_create(
        app=app, target_url=url, events=events, subscription_query=query, **fields
    )
