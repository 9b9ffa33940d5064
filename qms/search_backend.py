"""Wagtail's database search backend, taught French.

* PostgreSQL: the ``french_unaccent`` text search configuration (unaccent + french_stem),
  created by migration ``qms.0002_french_unaccent``: "procedure" finds "Procédures".
* SQLite: FTS5 folds accents and case but does not stem, so every indexed word and every
  query word goes through the French Snowball stemmer (``qms.text.french_stems``) first.

Set as ``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "qms.search_backend"``.
"""

from django.db import connection
from modelsearch.backends.database.sqlite import sqlite as wagtail_sqlite
from modelsearch.query import Phrase, PlainText

from .text import stem_text


class FrenchObjectIndexer(wagtail_sqlite.ObjectIndexer):
    def prepare_value(self, value):
        return stem_text(super().prepare_value(value))


class FrenchSQLiteIndex(wagtail_sqlite.SQLiteIndex):
    def add_items(self, model, objs):
        # SQLiteIndex.add_items builds its indexers from the module's ObjectIndexer name;
        # point that name at the stemming indexer for the duration of the call.
        original = wagtail_sqlite.ObjectIndexer
        wagtail_sqlite.ObjectIndexer = FrenchObjectIndexer
        try:
            return super().add_items(model, objs)
        finally:
            wagtail_sqlite.ObjectIndexer = original


class FrenchSQLiteQueryCompiler(wagtail_sqlite.SQLiteSearchQueryCompiler):
    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            query = PlainText(stem_text(query.query_string), operator=query.operator)
        elif isinstance(query, Phrase):
            query = Phrase(stem_text(query.query_string))
        return super().build_search_query_content(query, config=config)


class FrenchSQLiteSearchBackend(wagtail_sqlite.SQLiteSearchBackend):
    index_class = FrenchSQLiteIndex
    query_compiler_class = FrenchSQLiteQueryCompiler


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks for
    if connection.vendor == "sqlite":
        from modelsearch.backends.database.sqlite.utils import fts5_available

        if fts5_available():
            return FrenchSQLiteSearchBackend(params)
    from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend

    return DatabaseSearchBackend(params)
