"""Order numbers come from a PostgreSQL sequence there (no lock shared by all checkouts); other
databases use the one-row OrderNumber counter, which SQLite's serialised writes make safe."""

from django.db import migrations

SEQUENCE = "storefront_order_number_seq"


def create_sequence(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE} START 1")


def drop_sequence(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP SEQUENCE IF EXISTS {SEQUENCE}")


class Migration(migrations.Migration):
    dependencies = [("storefront", "0003_checkout_orders_payments")]

    operations = [migrations.RunPython(create_sequence, drop_sequence)]
