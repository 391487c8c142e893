"""Load Tibet's land ports and border-trade points from storefront/border/data."""

import csv
from pathlib import Path

from django.db import migrations

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "border_ports.csv"


def load_ports(apps, schema_editor):
    BorderPort = apps.get_model("border", "BorderPort")
    Division = apps.get_model("catalog", "Division")
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            BorderPort.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name_zh": row["name_zh"],
                    "name_en": row["name_en"],
                    "neighbour_country": row["neighbour_iso2"],
                    "counterpart": row["counterpart"],
                    "county": Division.objects.get(code=row["county_code"]),
                    "kind": row["kind"],
                    "currency": row["currency"],
                    "status": row["status"],
                    "status_as_of": row["status_as_of"],
                    "note": row["note"],
                },
            )


def unload_ports(apps, schema_editor):
    apps.get_model("border", "BorderPort").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("border", "0001_initial"), ("catalog", "0002_load_divisions")]

    operations = [migrations.RunPython(load_ports, unload_ports)]
