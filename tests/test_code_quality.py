"""Project-wide rules: one-way layers and a ruff-clean tree."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ["infra", "catalog", "storefront", "showroom"]  # lowest first
IMPORT = re.compile(r"^\s*(?:from|import)\s+(infra|catalog|storefront|showroom)\b", re.MULTILINE)


def python_files(package: str):
    for path in (ROOT / package).rglob("*.py"):
        if "migrations" not in path.parts:
            yield path


@pytest.mark.parametrize("package", LAYERS)
def test_packages_only_import_lower_layers(package):
    allowed = set(LAYERS[: LAYERS.index(package) + 1])
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in python_files(package)
        for name in IMPORT.findall(path.read_text())
        if name not in allowed
    ]

    assert offenders == []


def test_graphql_modules_are_imported_only_from_graphql():
    offenders = []
    for package in LAYERS:
        for path in python_files(package):
            if "graphql" in path.relative_to(ROOT).parts or path == ROOT / "infra" / "urls.py":
                continue  # urls.py mounts the GraphQL view
            if re.search(rf"^\s*(from|import)\s+{package}\.graphql\b", path.read_text(), re.M):
                offenders.append(str(path.relative_to(ROOT)))

    assert offenders == []


def test_ruff_is_clean():
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        pytest.fail("ruff is not installed (it is in the test extra)")

    result = subprocess.run([ruff, "check", "."], cwd=ROOT, capture_output=True, text=True)

    assert result.returncode == 0, result.stdout
