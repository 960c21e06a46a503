# Search at a million articles: the article's publish time beside its vectors
# (filled from the articles here, kept by articles.search.index), indexed, and
# a GIN index on the headline's words alone, so the newest matches and the
# newest headline matches are found without reading every match. The GIN
# index is created on PostgreSQL only, like 0003's (SQLite has no GIN).

import django.contrib.postgres.indexes
from django.db import migrations, models

import articles.models.discovery

HEADLINE_GIN = django.contrib.postgres.indexes.GinIndex(
    articles.models.discovery.HeadlineVector("head"), name="search_document_headline_gin"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("articles", "SearchDocument"), HEADLINE_GIN)


def fill_publish_at(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "UPDATE articles_searchdocument d SET publish_at = a.publish_at"
            " FROM articles_article a WHERE a.id = d.article_id"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("articles", "SearchDocument"), HEADLINE_GIN)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0022_body"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="publish_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(fill_publish_at, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="searchdocument",
            index=models.Index(fields=["-publish_at"], name="search_document_publish_idx"),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="searchdocument", index=HEADLINE_GIN)],
            database_operations=[migrations.RunPython(create_index, drop_index)],
        ),
    ]
