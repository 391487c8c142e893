"""Tibetan names of three counties the first division data lacked (from divisions.csv)."""

from django.db import migrations

NAMES = {"540402": "བྲག་ཡིབ་ཆུས", "540602": "གསེར་རི་ཆུས", "540623": "གཉན་རོང་རྫོང"}


def add_names(apps, schema_editor):
    Division = apps.get_model("catalog", "Division")
    for code, name_bo in NAMES.items():
        Division.objects.filter(code=code, name_bo="").update(name_bo=name_bo)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0005_producers_brands_handbooks")]

    operations = [migrations.RunPython(add_names, migrations.RunPython.noop)]
