"""Wagtail's database search backend, taught French.

* PostgreSQL: the ``french_unaccent`` text search configuration (unaccent + french_stem),
  created by migration ``qms.0002_french_unaccent``: "procedure" finds "Procédures".
* SQLite: FTS5 folds accents and case but does not stem, so every indexed word and every
  query word goes through the French Snowball stemmer (``qms.text.french_stems``) first.

Set as ``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "qms.search_backend"``.
"""

from django.db import connection


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks for
    if connection.vendor == "sqlite":
        from modelsearch.backends.database.sqlite.utils import fts5_available

        if fts5_available():
            from .search_sqlite import FrenchSQLiteSearchBackend

            return FrenchSQLiteSearchBackend(params)
    from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend

    return DatabaseSearchBackend(params)
