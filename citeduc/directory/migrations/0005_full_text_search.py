"""On PostgreSQL, the directory is searched by full text: a French configuration that ignores
accents (`citeduc_fr`: unaccent then the French stemmer), and a stored search vector the
database computes itself from the service's columns — its name weighs most, then its description
and publics, then the rest of its folded search text (structure, themes, publics) — with a GIN
index. SQLite keeps searching the folded text (directory/models.py, `ServiceQuerySet.matching`).

unaccent is a trusted extension: the database owner may create it, as pg_trgm before it."""

from django.db import migrations

CONFIGURATION = """
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'citeduc_fr') THEN
    CREATE TEXT SEARCH CONFIGURATION citeduc_fr (COPY = pg_catalog.french);
    ALTER TEXT SEARCH CONFIGURATION citeduc_fr
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
  END IF;
END $$;
"""

VECTOR = """
ALTER TABLE directory_service ADD COLUMN IF NOT EXISTS search_vector tsvector
GENERATED ALWAYS AS (
  setweight(to_tsvector('citeduc_fr', coalesce(name, '')), 'A')
  || setweight(to_tsvector('citeduc_fr', coalesce(description, '') || ' '
       || coalesce(publics_details, '')), 'B')
  || setweight(to_tsvector('citeduc_fr', coalesce(search_text, '')), 'C')
) STORED
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute(CONFIGURATION)
    schema_editor.execute(VECTOR)
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS directory_service_search_vector "
        "ON directory_service USING gin (search_vector)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS directory_service_search_vector")
    schema_editor.execute("ALTER TABLE directory_service DROP COLUMN IF EXISTS search_vector")
    schema_editor.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS citeduc_fr")


class Migration(migrations.Migration):
    dependencies = [("directory", "0004_claims_contacts")]

    operations = [migrations.RunPython(create, drop)]
