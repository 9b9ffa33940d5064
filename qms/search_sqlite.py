"""The SQLite flavour of the French search backend (see qms.search_backend).
Imported only on SQLite: Wagtail's SQLite backend module needs the FTS models."""
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

