"""Load the region, its 7 prefecture-level and 74 county-level divisions from catalog/data."""

import csv
from pathlib import Path

from django.db import migrations

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "divisions.csv"


def load_divisions(apps, schema_editor):
    Division = apps.get_model("catalog", "Division")
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_code = {}
    # Parents come before children in the file; keep that order explicit anyway.
    for level in ("region", "prefecture", "county"):
        for row in rows:
            if row["level"] != level:
                continue
            division, _ = Division.objects.update_or_create(
                code=row["code"],
                defaults={
                    "level": level,
                    "parent": by_code.get(row["parent_code"]),
                    "name_zh": row["name_zh"],
                    "name_bo": row["name_bo"],
                    "name_en": row["name_en"],
                    "seat": row["seat"],
                },
            )
            by_code[row["code"]] = division


def unload_divisions(apps, schema_editor):
    Division = apps.get_model("catalog", "Division")
    for level in ("county", "prefecture", "region"):
        Division.objects.filter(level=level).delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(load_divisions, unload_divisions)]
