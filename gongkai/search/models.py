"""The search index tables and the agency-editable lexicon.

`SearchEntry` is what a match reads (facet set, ranking inputs, dates), `EntryText`
what a hit shows, `FacetSet` the facet values entries share. The token streams live
next to them: on SQLite in the contentless FTS5 table `search_fts` (rowid = entry
id, columns tw tb bw bb ex), on PostgreSQL in the `vec` tsvector column of this table with
a GIN index. Both are created by migrations 0002 and 0005 and written only by
`gongkai.search.index`, in the caller's transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class FacetSet(models.Model):
    """One combination of facet values that entries share.

    Facets are counted per request over every matching entry. Grouping the matches
    by this one integer and adding the groups' values up in Python is far cheaper
    than grouping them by seven columns and joining each match to its 发布机构 and
    目录栏目 values. Rows are written once and never changed; `signature` (a hash of
    every value and label) finds an existing set.
    """

    signature = models.CharField(max_length=40, unique=True)
    topic = models.CharField(max_length=120, blank=True)  # 主题分类
    genre = models.CharField(max_length=40, blank=True)  # 体裁
    validity = models.CharField(max_length=20, blank=True)  # 有效性
    content_kind = models.CharField(max_length=40, blank=True)
    year = models.SmallIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return self.signature


class FacetSetValue(models.Model):
    """A value of a multi-valued facet (发布机构, 目录栏目) in a facet set."""

    facet_set = models.ForeignKey(
        FacetSet, on_delete=models.CASCADE, related_name="values"
    )
    field = models.CharField(max_length=20)
    value = models.CharField(max_length=120)
    label = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["field", "value"], name="search_facetset_value"),
        ]

    def __str__(self) -> str:
        return f"{self.field}={self.value}"


class SearchEntry(models.Model):
    """What every match reads: kept narrow, so ranking a large result set is quick.

    What a hit displays lives in `EntryText`, read for the rows of one page.
    """

    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=120)
    facet_set = models.ForeignKey(FacetSet, on_delete=models.PROTECT, related_name="+")
    # folded title without spaces: an exact-phrase test with instr()/strpos()
    title_key = models.TextField(blank=True)
    doc_number_key = models.CharField(max_length=120, blank=True, db_index=True)
    written_date = models.DateField(null=True, blank=True)
    published_date = models.DateField(null=True, blank=True)
    boost = models.FloatField(default=1.0)
    indexed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key"], name="search_entry_kind_key"
            )
        ]
        indexes = [
            models.Index(fields=["-published_date"], name="search_entry_published"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"


class EntryText(models.Model):
    """What a hit shows: title, metadata and the body for snippets.

    On SQLite it also keeps the word streams as they were indexed: the FTS5 table
    stores no copy of its text, and removing a row means handing FTS5 the same
    tokens again (the bigram streams are made again from `title` and `body`; the
    word streams depend on the dictionary of the day).
    """

    entry = models.OneToOneField(
        SearchEntry, primary_key=True, on_delete=models.CASCADE, related_name="text"
    )
    title_words = models.TextField(blank=True)
    body_words = models.TextField(blank=True)
    exact_keys = models.TextField(blank=True)
    external_id = models.CharField(max_length=120, blank=True, db_index=True)
    title = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    doc_number = models.CharField(max_length=120, blank=True)
    index_number = models.CharField(max_length=80, blank=True)
    agency = models.CharField(max_length=500, blank=True)
    topic = models.CharField(max_length=120, blank=True)
    genre = models.CharField(max_length=40, blank=True)
    validity = models.CharField(max_length=20, blank=True)
    # last: SQLite reads a long value through its overflow pages
    body = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.title


class LexiconEntry(models.Model):
    """A dictionary word or a synonym group added by a platform administrator."""

    class Kind(models.TextChoices):
        WORD = "word", "词典词条"
        SYNONYM = "synonym", "同义词组"

    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    text = models.CharField(
        "内容",
        max_length=200,
        help_text="词条：一个词；同义词组：用空格或逗号分隔的若干个词，检索其一即匹配全部。",
    )
    note = models.CharField("说明", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "text"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "text"], name="search_lexicon_unique"
            )
        ]
        verbose_name = "检索词库条目"
        verbose_name_plural = "检索词库"

    def __str__(self) -> str:
        return self.text


class IndexState(models.Model):
    """One row: which lexicon the index was last rebuilt with, and when."""

    lexicon_version = models.CharField(max_length=100, blank=True)
    rebuilt_at = models.DateTimeField(null=True, blank=True)
    entries = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"index built {self.rebuilt_at}"


class Validity(models.TextChoices):
    """Labels of the validity codes content apps send (有效性)."""

    VALID = "valid", "有效"
    NOT_YET_EFFECTIVE = "not_yet_effective", "尚未生效"
    AMENDED = "amended", "已修改"
    REPEALED = "repealed", "已废止"
    EXPIRED = "expired", "失效"


class ContentKind(models.TextChoices):
    """Labels of content kinds (信息类型) the search facet shows."""

    GENERAL = "general", "政府信息"
    POLICY = "policy", "政策性文件"
    INTERPRETATION = "interpretation", "政策解读"
    DOCUMENT = "document", "政府信息"
    PASSAGE = "passage", "条款"
