"""Facet sets; the entry row keeps only what a match reads, EntryText what a hit shows.

Existing entries are converted in place: display columns are copied to EntryText, and
each entry is given the facet set of its facet values (the one-row-per-value table
`search_facetvalue` is dropped).
"""

# The UPDATE is assembled from the constant column names above only.
# ruff: noqa: S608

import hashlib
import json

import django.db.models.deletion
from django.db import migrations, models

DISPLAY = (
    "external_id",
    "title",
    "url",
    "doc_number",
    "index_number",
    "agency",
    "topic",
    "genre",
    "validity",
)


def signature(single, multi):
    data = json.dumps([list(single), sorted(multi)], ensure_ascii=False)
    return hashlib.sha1(data.encode(), usedforsecurity=False).hexdigest()


def forward(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cur:
        sets = ", ".join(
            f"{c} = (SELECT e.{c} FROM search_searchentry e "
            "WHERE e.id = search_entrytext.entry_id)"
            for c in DISPLAY
        )
        cur.execute(f"UPDATE search_entrytext SET {sets}")
        cur.execute("SELECT entry_id, field, value, label FROM search_facetvalue")
        multi = {}
        for entry_id, field, value, label in cur.fetchall():
            multi.setdefault(entry_id, []).append((field, value, label))
        cur.execute(
            "SELECT id, topic, genre, validity, content_kind, year "
            "FROM search_searchentry"
        )
        rows = cur.fetchall()
    FacetSet = apps.get_model("search", "FacetSet")
    FacetSetValue = apps.get_model("search", "FacetSetValue")
    SearchEntry = apps.get_model("search", "SearchEntry")
    by_signature = {}
    members = {}
    for entry_id, *single in rows:
        values = multi.get(entry_id, [])
        sig = signature(single, values)
        if sig not in by_signature:
            topic, genre, validity, content_kind, year = single
            facet_set = FacetSet.objects.create(
                signature=sig,
                topic=topic,
                genre=genre,
                validity=validity,
                content_kind=content_kind,
                year=year,
            )
            FacetSetValue.objects.bulk_create(
                FacetSetValue(facet_set=facet_set, field=f, value=v, label=lbl)
                for f, v, lbl in values
            )
            by_signature[sig] = facet_set.pk
        members.setdefault(by_signature[sig], []).append(entry_id)
    # one UPDATE per set (and per 500 entries), not one per entry
    for set_id, ids in members.items():
        for i in range(0, len(ids), 500):
            SearchEntry.objects.filter(pk__in=ids[i : i + 500]).update(
                facet_set_id=set_id
            )


class Migration(migrations.Migration):
    dependencies = [("search", "0003_entry_text_apart")]

    operations = [
        migrations.CreateModel(
            name="FacetSet",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("signature", models.CharField(max_length=40, unique=True)),
                ("topic", models.CharField(blank=True, max_length=120)),
                ("genre", models.CharField(blank=True, max_length=40)),
                ("validity", models.CharField(blank=True, max_length=20)),
                ("content_kind", models.CharField(blank=True, max_length=40)),
                ("year", models.SmallIntegerField(blank=True, null=True)),
            ],
        ),
        migrations.CreateModel(
            name="FacetSetValue",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("field", models.CharField(max_length=20)),
                ("value", models.CharField(max_length=120)),
                ("label", models.CharField(blank=True, max_length=200)),
                (
                    "facet_set",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="values",
                        to="search.facetset",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["field", "value"], name="search_facetset_value"
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="entrytext",
            name="external_id",
            field=models.CharField(blank=True, db_index=True, max_length=120),
        ),
        migrations.AddField(
            model_name="entrytext",
            name="title",
            field=models.TextField(blank=True, default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="entrytext",
            name="url",
            field=models.CharField(blank=True, max_length=500),
        ),
        migrations.AddField(
            model_name="entrytext",
            name="doc_number",
            field=models.CharField(blank=True, max_length=120),
        ),
        migrations.AddField(
            model_name="entrytext",
            name="index_number",
            field=models.CharField(blank=True, max_length=80),
        ),
        migrations.AddField(
            model_name="entrytext",
            name="agency",
            field=models.CharField(blank=True, max_length=500),
        ),
        migrations.AddField(
            model_name="entrytext",
            name="topic",
            field=models.CharField(blank=True, max_length=120),
        ),
        migrations.AddField(
            model_name="entrytext",
            name="genre",
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AddField(
            model_name="entrytext",
            name="validity",
            field=models.CharField(blank=True, max_length=20),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="facet_set",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="search.facetset",
            ),
        ),
        migrations.RunPython(forward, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="searchentry",
            name="facet_set",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="search.facetset",
            ),
        ),
        migrations.DeleteModel(name="FacetValue"),
        *(
            migrations.RemoveField(model_name="searchentry", name=name)
            for name in (*DISPLAY, "content_kind", "year")
        ),
    ]
