"""On PostgreSQL, a trigram index makes the directory's `search_text LIKE '%word%'` an index scan
instead of reading 50 000 services (pg_trgm is a trusted extension: the database owner may
create it). SQLite has no such index and needs none at a single Cité's size."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS directory_service_search_trgm "
        "ON directory_service USING gin (search_text gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS directory_service_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_load_referentials")]

    operations = [migrations.RunPython(create, drop)]
