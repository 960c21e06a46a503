# Search at a million articles: a GIN index on the headline's words alone, so
# the newest headline matches are found without reading every match. Created
# on PostgreSQL only, like 0003's (SQLite has no GIN; search there does not use it).

import django.contrib.postgres.indexes
from django.db import migrations

import articles.models.discovery

HEADLINE_GIN = django.contrib.postgres.indexes.GinIndex(
    articles.models.discovery.HeadlineVector("head"), name="search_document_headline_gin"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("articles", "SearchDocument"), HEADLINE_GIN)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("articles", "SearchDocument"), HEADLINE_GIN)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0022_body"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="searchdocument", index=HEADLINE_GIN)],
            database_operations=[migrations.RunPython(create_index, drop_index)],
        ),
    ]
