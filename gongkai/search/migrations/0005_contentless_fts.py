"""SQLite: the FTS5 table keeps no copy of its text (content='').

FTS5 stored all five token streams a second time as its content, although nothing
reads them back: snippets come from EntryText, ranking from the index. Writing that
copy was about a third of the cost of indexing. A row is now removed by handing
FTS5 its tokens again, so EntryText keeps the word streams (see its docstring).

On PostgreSQL only the three new columns are added (empty there).
"""

from django.db import migrations, models

CREATE = (
    "CREATE VIRTUAL TABLE {name} USING fts5("
    "tw, tb, bw, bb, ex, tokenize = 'ascii', detail = full{content})"
)


def _bigrams(text):
    from gongkai.domain.tokenizer import default_tokenizer

    return default_tokenizer().bigrams_text(text or "")


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cur:
        for column, stream in (
            ("title_words", "tw"),
            ("body_words", "bw"),
            ("exact_keys", "ex"),
        ):
            cur.execute(
                f"UPDATE search_entrytext SET {column} = coalesce("  # noqa: S608
                f"(SELECT f.{stream} FROM search_fts f "
                "WHERE f.rowid = search_entrytext.entry_id), '')"
            )
        cur.execute(CREATE.format(name="search_fts_new", content=", content = ''"))
        cur.execute(
            "INSERT INTO search_fts_new (rowid, tw, tb, bw, bb, ex) "
            "SELECT rowid, tw, tb, bw, bb, ex FROM search_fts"
        )
        cur.execute("DROP TABLE search_fts")
        cur.execute("ALTER TABLE search_fts_new RENAME TO search_fts")
        cur.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    connection = schema_editor.connection
    with connection.cursor() as cur:
        cur.execute("DROP TABLE search_fts")
        cur.execute(CREATE.format(name="search_fts", content=""))
        cur.execute(
            "SELECT entry_id, title, body, title_words, body_words, exact_keys "
            "FROM search_entrytext"
        )
        rows = [
            (entry_id, tw, _bigrams(title), bw, _bigrams(body), ex)
            for entry_id, title, body, tw, bw, ex in cur.fetchall()
        ]
        cur.executemany(
            "INSERT INTO search_fts (rowid, tw, tb, bw, bb, ex) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            rows,
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0004_facet_sets")]

    operations = [
        migrations.AddField(
            model_name="entrytext",
            name="title_words",
            field=models.TextField(blank=True, default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="entrytext",
            name="body_words",
            field=models.TextField(blank=True, default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="entrytext",
            name="exact_keys",
            field=models.TextField(blank=True, default=""),
            preserve_default=False,
        ),
        migrations.RunPython(forward, backward),
    ]
