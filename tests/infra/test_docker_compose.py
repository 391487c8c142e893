"""Docker does not run here, so the compose file is checked against what the settings read."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def settings_environment_variables() -> set[str]:
    source = "\n".join(p.read_text() for p in (ROOT / "infra" / "settings").glob("*.py"))
    names = set(re.findall(r"""os\.environ(?:\.get)?\(\s*["']([A-Z_][A-Z0-9_]*)["']""", source))
    names |= set(re.findall(r"""os\.environ\[["']([A-Z_][A-Z0-9_]*)["']\]""", source))
    names |= set(re.findall(r"""env_(?:bool|list)\(\s*["']([A-Z_][A-Z0-9_]*)["']""", source))
    return names


def test_every_service_of_the_production_stack_is_defined_with_a_health_check():
    expected = {"web", "worker", "beat", "postgres", "redis", "minio", "elasticsearch"}

    assert expected <= set(SERVICES)
    for name in expected:
        assert "healthcheck" in SERVICES[name], f"{name} has no health check"


def test_app_services_get_what_production_settings_require():
    required = {
        "DJANGO_SETTINGS_MODULE",
        "SECRET_KEY",
        "DATABASE_URL",
        "CELERY_BROKER_URL",
        "AWS_STORAGE_BUCKET_NAME",
        "AWS_S3_ENDPOINT_URL",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "ALLOWED_HOSTS",
    }
    for name in ("web", "worker", "beat"):
        environment = SERVICES[name]["environment"]
        assert required <= set(environment), f"{name} lacks {required - set(environment)}"
        assert environment["DJANGO_SETTINGS_MODULE"] == "infra.settings.production"


def test_every_variable_given_to_the_apps_is_one_the_settings_read():
    known = settings_environment_variables() | {"DJANGO_SETTINGS_MODULE"}
    environment = set(SERVICES["web"]["environment"])

    assert environment - known == set()
    assert {"DATABASE_URL", "CELERY_BROKER_URL", "SECRET_KEY"} <= settings_environment_variables()


def test_app_services_wait_for_healthy_backing_services():
    for name in ("web", "worker", "beat"):
        depends = SERVICES[name]["depends_on"]
        assert {dep: cond["condition"] for dep, cond in depends.items()} == {
            "postgres": "service_healthy",
            "redis": "service_healthy",
            "minio": "service_healthy",
        }


def test_secret_key_is_never_baked_into_the_file():
    assert SERVICES["web"]["environment"]["SECRET_KEY"].startswith("${SECRET_KEY")
