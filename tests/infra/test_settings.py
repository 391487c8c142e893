import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_settings(module: str, **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.DEBUG, settings.TIME_ZONE, settings.LANGUAGE_CODE)",
        ],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": module, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_refuse_to_start_without_secret_key():
    result = run_settings("infra.settings.production")

    assert result.returncode != 0
    assert "SECRET_KEY must be set in the environment when DEBUG is off." in result.stderr


def test_production_settings_ignore_debug_from_environment():
    result = run_settings("infra.settings.production", DEBUG="1")

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_start_with_secret_key():
    result = run_settings("infra.settings.production", SECRET_KEY="s3cret-from-env")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "Asia/Shanghai", "zh-hans"]


def test_debug_mode_starts_without_secret_key():
    result = run_settings("infra.settings.base", DEBUG="1")

    assert result.returncode == 0, result.stderr


def test_storage_switches_to_s3_when_a_bucket_is_configured():
    code = "import django; django.setup(); from django.core.files.storage import storages; print(type(storages['default']).__name__)"
    clean = {k: v for k, v in os.environ.items() if k != "AWS_STORAGE_BUCKET_NAME"}
    local = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**clean, "DJANGO_SETTINGS_MODULE": "infra.settings.base", "DEBUG": "1"},
    )
    s3 = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "infra.settings.base",
            "DEBUG": "1",
            "AWS_STORAGE_BUCKET_NAME": "media",
            "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:1",
        },
    )

    assert local.stdout.strip() == "FileSystemStorage", local.stderr
    assert s3.stdout.strip() == "S3Storage", s3.stderr
