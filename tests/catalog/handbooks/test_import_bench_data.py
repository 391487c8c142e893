"""The benchmark's generated handbook is messy yet valid: a small one imports cleanly."""

import pytest

from catalog.models import HandbookEntry
from tests.bench.handbook_import_bench import build_rows, write_files
from tests.catalog.handbooks.fixtures import run_import

pytestmark = pytest.mark.django_db


def test_benchmark_files_import_without_errors(tmp_path):
    xlsx, csv_path, _changed = write_files(tmp_path, 60)

    first = run_import(xlsx)
    again = run_import(csv_path)

    assert first.ok, first.errors[:3]
    assert (first.rows, first.created) == (60, 60)
    assert first.warnings == []  # the signature line sits in the 序号 column: a blank row
    assert again.ok and (again.unchanged, again.created) == (60, 0)
    assert HandbookEntry.objects.count() == 60
    assert HandbookEntry.objects.exclude(name_bo="").count() == 60
    assert len({tuple(r[1:2] + r[4:5] + r[15:16]) for r in build_rows(60)}) == 60
