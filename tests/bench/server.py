"""What every benchmark shares: its own PostgreSQL database, the production server, and the
in-process SQL query count of one request."""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

from tests.bench.load import Operation

ROOT = Path(__file__).resolve().parents[2]
WORKERS = 2  # gunicorn sync workers: one per core of the benchmark machine


def production_environment(database_url: str, *, public_cache: int = 0) -> dict[str, str]:
    """infra.settings.production on `database_url`, for this process and the server."""
    media = ROOT / "var" / "bench-media"
    media.mkdir(parents=True, exist_ok=True)
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "infra.settings.production",
        "DATABASE_URL": database_url,
        "DB_CONN_MAX_AGE": "600",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "MEDIA_ROOT": str(media),
        "LOG_LEVEL": "WARNING",
        # Repeating one query would only measure the anonymous microcache; off by default.
        "GRAPHQL_PUBLIC_CACHE_SECONDS": str(public_cache),
    }


def _maintenance_url(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/postgres")), parts.path.lstrip("/")


def database_exists(url: str) -> bool:
    maintenance, name = _maintenance_url(url)
    with psycopg.connect(maintenance, autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return found.fetchone() is not None


def database_create(url: str) -> None:
    """Create the database at `url`, dropping it first if it exists."""
    maintenance, name = _maintenance_url(url)
    with psycopg.connect(maintenance, autocommit=True) as connection:
        identifier = sql.Identifier(name)
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(identifier))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(identifier))


def run_in_process(body: str) -> tuple[list[str], int, dict]:
    """SQL statements, HTTP status and decoded answer of one in-process /graphql/ request."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/graphql/", body, content_type="application/json")
    statements = [query["sql"] for query in queries.captured_queries]
    return statements, response.status_code, json.loads(response.content)


def count_queries(operation: Operation) -> tuple[int, bool]:
    """SQL queries of one in-process run, and whether it answered without errors."""
    statements, status, body = run_in_process(operation.body())
    return len(statements), status == 200 and not body.get("errors")


def start_server(
    env: dict[str, str], port: int, *, workers: int = WORKERS, threads: int = 1
) -> subprocess.Popen:
    """gunicorn on a loopback port: sync workers, or gthread workers when `threads` > 1."""
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "infra.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--log-level",
        "warning",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)


def stop_server(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)  # the arbiter stops its workers gracefully
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
