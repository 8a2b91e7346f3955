"""PostgreSQL: a GIN index on the expression Wagtail's database backend matches (title || body),
so a search reads the index instead of every entry (bench/search.py: the document query halved
at 500 documents, and it no longer grows with the library). SQLite's FTS5 table needs none."""

from django.db import migrations

INDEX = "library_search_title_body_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry "
            "USING gin ((title || body))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0004_document_notice"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop)]
