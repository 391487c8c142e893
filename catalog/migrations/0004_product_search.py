from django.contrib.postgres.operations import TrigramExtension
from django.contrib.postgres.search import SearchVectorField
import django.db.models.deletion
from django.db import migrations, models

import infra.search.fields
from infra.search.operations import CreateSearchIndex


class Migration(migrations.Migration):
    """Product search: the tsvector column, and per database the index structures.

    PostgreSQL: pg_trgm, GIN on search_vector and a trigram GIN on search_document.
    SQLite: the FTS5 table catalog_product_fts, seen by the ORM through the unmanaged
    ProductSearchEntry. TrigramExtension does nothing off PostgreSQL.
    """

    dependencies = [
        ("catalog", "0003_catalog_core"),
    ]

    operations = [
        migrations.AddField(
            model_name="product",
            name="search_vector",
            field=SearchVectorField(blank=True, null=True),
        ),
        TrigramExtension(),
        CreateSearchIndex("catalog_product"),
        migrations.CreateModel(
            name="ProductSearchEntry",
            fields=[
                (
                    "product",
                    models.OneToOneField(
                        db_column="rowid",
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="catalog.product",
                    ),
                ),
                ("a", models.TextField()),
                ("b", models.TextField()),
                ("c", models.TextField()),
                ("fts", infra.search.fields.FtsTableField(db_column="catalog_product_fts")),
            ],
            options={
                "db_table": "catalog_product_fts",
                "managed": False,
            },
        ),
    ]
