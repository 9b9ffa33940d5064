"""PostgreSQL text search configuration for French that ignores accents:
unaccent, then the French Snowball stemmer. "procedure" matches "Procédures".
SQLite needs nothing here: qms.search_backend stems in Python and FTS5 folds accents."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """
    DO $$
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
            CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
            ALTER TEXT SEARCH CONFIGURATION french_unaccent
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END
    $$;
    """,
]
BACKWARD = ["DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent"]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("qms", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
