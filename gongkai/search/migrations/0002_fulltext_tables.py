"""Full-text structures that Django fields cannot express, chosen by database vendor.

SQLite: an FTS5 table whose rowid is the SearchEntry id. Columns: title words (tw),
title bigrams (tb), body words (bw), body bigrams (bb), exact 文号/索引号 keys (ex).
The text is pre-segmented by gongkai.domain.tokenizer into letter/digit tokens
separated by spaces, so the `ascii` tokenizer (every non-ASCII character is a token
character) only splits at the spaces. detail=full keeps positions for phrases.

PostgreSQL: a tsvector column on the entry row with a GIN index; the same token
streams are weighted A (title words, exact keys), B (title bigrams), C (body words),
D (body bigrams).
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "tw, tb, bw, bb, ex, tokenize = 'ascii', detail = full)",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS search_fts"]
POSTGRES_FORWARD = [
    "ALTER TABLE search_searchentry ADD COLUMN vec tsvector",
    "CREATE INDEX search_entry_vec ON search_searchentry USING gin (vec)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_vec",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS vec",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in statements_by_vendor:
            raise RuntimeError(f"search index: unsupported database {vendor}")
        for sql in statements_by_vendor[vendor]:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
