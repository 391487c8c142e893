"""Load generation for the benchmark: threads, each with its own persistent HTTP connection."""

import http.client
import json
import statistics
import threading
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Operation:
    name: str
    query: str
    variables: dict

    def body(self) -> str:
        return json.dumps({"query": self.query, "variables": self.variables})


class Session:
    """One keep-alive connection; http.client reopens it when the server closes it (gunicorn's
    sync workers close after every response)."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def post(self, body: bytes) -> tuple[int, bytes]:
        headers = {"Content-Type": "application/json", "Connection": "keep-alive"}
        try:
            self.connection.request("POST", "/graphql/", body, headers)
            response = self.connection.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            self.connection.close()
            self.connection.request("POST", "/graphql/", body, headers)
            response = self.connection.getresponse()
        data = response.read()
        if response.will_close:
            self.connection.close()
        return response.status, data

    def close(self) -> None:
        self.connection.close()


def answered(status: int, data: bytes) -> bool:
    if status != 200:
        return False
    try:
        return not json.loads(data).get("errors")
    except ValueError:
        return False


def wait_until_serving(port: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    body = json.dumps({"query": "{ __typename }"}).encode()
    while True:
        try:
            session = Session(port)
            status, _data = session.post(body)
            session.close()
            if status == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"The server on port {port} did not answer in {timeout:.0f} s.")
        time.sleep(0.2)


def measure(
    port: int, operation: Operation, clients: int, *, max_requests: int, max_seconds: float
) -> dict:
    """Run `operation` from `clients` threads until `max_requests` or `max_seconds`."""
    body = operation.body().encode()
    for _ in range(4):  # warm both workers (jieba loads its dictionary on first search)
        Session(port).post(body)
    latencies: list[float] = []
    errors = 0
    issued = 0
    lock = threading.Lock()
    deadline = time.monotonic() + max_seconds

    def client() -> None:
        nonlocal issued, errors
        session = Session(port)
        while True:
            with lock:
                if issued >= max_requests or time.monotonic() > deadline:
                    break
                issued += 1
            started = time.perf_counter()
            status, data = session.post(body)
            elapsed = time.perf_counter() - started
            ok = answered(status, data)
            with lock:
                latencies.append(elapsed)
                errors += 0 if ok else 1
        session.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "operation": operation.name,
        "clients": clients,
        "requests": len(ordered),
        "errors": errors,
        "p50": statistics.median(ordered) * 1000 if ordered else 0.0,
        "p95": ordered[max(0, round(0.95 * len(ordered)) - 1)] * 1000 if ordered else 0.0,
        "rps": len(ordered) / wall if wall else 0.0,
    }
