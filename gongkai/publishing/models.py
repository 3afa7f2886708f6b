"""政府信息 records, their revisions, the 主动公开目录 and 主题分类.

A `Document` is the stable identity of one piece of government information and
holds the copy the public sees. Every change is drafted on a `Revision`, which goes
through 起草 → 保密审查 → 审核签发 and, when approved, is copied onto the document
(先审查后公开). A published document stays public while its next revision is under
review.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse

from gongkai.core.models import Agency, User


class TopicCategory(models.Model):
    """主题分类, two levels; the State Council classes are the default list."""

    code = models.CharField("编码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=60)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = "主题分类"
        verbose_name_plural = "主题分类"

    def __str__(self) -> str:
        return f"{self.parent.name}\\{self.name}" if self.parent_id else self.name


class Genre(models.TextChoices):
    """体裁/文种: the 15 公文种类 of the 党政机关公文处理工作条例 plus legal forms."""

    DECISION = "决议", "决议"
    RESOLUTION = "决定", "决定"
    ORDER = "命令（令）", "命令（令）"
    BULLETIN = "公报", "公报"
    ANNOUNCEMENT = "公告", "公告"
    NOTICE_PUBLIC = "通告", "通告"
    OPINION = "意见", "意见"
    NOTICE = "通知", "通知"
    CIRCULAR = "通报", "通报"
    REPORT = "报告", "报告"
    REQUEST = "请示", "请示"
    REPLY = "批复", "批复"
    MOTION = "议案", "议案"
    LETTER = "函", "函"
    MINUTES = "纪要", "纪要"
    CONSTITUTION = "宪法", "宪法"
    LAW = "法律", "法律"
    ADMIN_REGULATION = "行政法规", "行政法规"
    LOCAL_REGULATION = "地方性法规", "地方性法规"
    DEPARTMENT_RULE = "部门规章", "部门规章"
    LOCAL_RULE = "地方政府规章", "地方政府规章"
    JUDICIAL_INTERPRETATION = "司法解释", "司法解释"
    NORMATIVE = "行政规范性文件", "行政规范性文件"
    PLAN = "规划计划", "规划计划"
    INTERPRETATION = "政策解读", "政策解读"
    ANNUAL_REPORT = "工作年报", "工作年报"
    CASE = "案例", "案例"
    NEWS = "工作动态", "工作动态"
    OTHER = "其他", "其他"


class Disclosure(models.TextChoices):
    PROACTIVE = "proactive", "主动公开"
    ON_REQUEST = "on_request", "依申请公开"
    WITHHELD = "withheld", "不予公开"


class Validity(models.TextChoices):
    """有效性 of a normative document; empty where it does not apply."""

    NOT_APPLICABLE = "", "—"
    NOT_YET_EFFECTIVE = "not_yet_effective", "尚未生效"
    VALID = "valid", "有效"
    AMENDED = "amended", "已修改"
    REPEALED = "repealed", "已废止"
    EXPIRED = "expired", "失效"


class DocumentKind(models.TextChoices):
    GENERAL = "general", "政府信息"
    POLICY = "policy", "政策性文件"
    INTERPRETATION = "interpretation", "政策解读"


class CatalogueNode(models.Model):
    """A column of an agency's 主动公开目录 (or a 基层标准目录 item)."""

    class Kind(models.TextChoices):
        GUIDE = "guide", "政府信息公开指南"
        SYSTEM = "system", "政府信息公开制度"
        STATUTORY = "statutory", "法定主动公开内容"
        ANNUAL_REPORT = "annual_report", "政府信息公开年报"
        STANDARD_DOMAIN = "standard_domain", "基层政务公开标准目录"
        OTHER = "other", "其他"

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="catalogue_nodes"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    slug = models.SlugField("标识", max_length=80)
    name = models.CharField("栏目名称", max_length=100)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    position = models.PositiveIntegerField("排序", default=0)
    description = models.TextField("说明", blank=True)
    # Columns of the 基层政务公开标准目录 row schema; blank for ordinary columns.
    basis = models.TextField("公开依据", blank=True)
    time_limit = models.CharField("公开时限", max_length=200, blank=True)
    channels = models.CharField("公开渠道和载体", max_length=300, blank=True)
    audience = models.CharField("公开对象", max_length=60, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "slug"], name="unique_catalogue_slug_per_agency"
            )
        ]
        verbose_name = "目录栏目"
        verbose_name_plural = "目录栏目"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portal:catalogue", args=[self.agency.slug, self.slug])


class Metadata(models.Model):
    """The fields a revision proposes and a published document shows."""

    title = models.CharField("标题", max_length=500)
    kind = models.CharField(
        "信息类型",
        max_length=20,
        choices=DocumentKind.choices,
        default=DocumentKind.GENERAL,
    )
    topic = models.ForeignKey(
        TopicCategory,
        verbose_name="主题分类",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="%(class)ss",
    )
    genre = models.CharField(
        "体裁", max_length=20, choices=Genre.choices, default=Genre.OTHER
    )
    doc_number = models.CharField("文号", max_length=120, blank=True)
    doc_number_normalized = models.CharField(
        max_length=120, blank=True, db_index=True, editable=False
    )
    written_date = models.DateField("成文日期", null=True, blank=True)
    formed_date = models.DateField(
        "信息形成或变更日期",
        null=True,
        blank=True,
        help_text="条例第二十六条：自该信息形成或者变更之日起20个工作日内予以公开",
    )
    keywords = models.CharField("主题词", max_length=300, blank=True)
    source = models.CharField("来源", max_length=200, blank=True)
    body_html = models.TextField("正文", blank=True)
    disclosure = models.CharField(
        "公开属性",
        max_length=16,
        choices=Disclosure.choices,
        default=Disclosure.PROACTIVE,
    )
    disclosure_reason = models.TextField("不主动公开理由", blank=True)
    is_normative = models.BooleanField("规范性文件（标注有效性）", default=False)
    effective_date = models.DateField("施行日期", null=True, blank=True)
    expiry_date = models.DateField("失效日期", null=True, blank=True)
    declared_validity = models.CharField(
        "来源标注的有效性",
        max_length=20,
        choices=Validity.choices,
        blank=True,
        help_text="导入时来源标注的有效性；日期和修改、废止关系优先",
    )
    media_url = models.URLField("音视频链接", blank=True)
    # 政策解读的问答: [{"q": "...", "a": "..."}], shown as 问/答 pairs on the page.
    qa = models.JSONField("问答", default=list, blank=True)
    issuing_agencies = models.ManyToManyField(
        Agency, verbose_name="发布机构", related_name="issued_%(class)ss", blank=True
    )
    catalogue_nodes = models.ManyToManyField(
        CatalogueNode, verbose_name="目录栏目", related_name="%(class)ss", blank=True
    )

    METADATA_FIELDS = (
        "title",
        "kind",
        "topic",
        "genre",
        "doc_number",
        "doc_number_normalized",
        "written_date",
        "formed_date",
        "keywords",
        "source",
        "body_html",
        "disclosure",
        "disclosure_reason",
        "is_normative",
        "effective_date",
        "expiry_date",
        "declared_validity",
        "media_url",
        "qa",
    )
    METADATA_M2M = ("issuing_agencies", "catalogue_nodes")

    class Meta:
        abstract = True


class Document(Metadata):
    """One piece of government information (政府信息) and its public copy."""

    class Status(models.TextChoices):
        DRAFT = "draft", "未发布"
        PUBLISHED = "published", "已发布"
        WITHDRAWN = "withdrawn", "已撤回"

    agency = models.ForeignKey(
        Agency,
        verbose_name="主办机关",
        on_delete=models.PROTECT,
        related_name="documents",
    )
    status = models.CharField(
        "状态", max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    external_id = models.CharField(
        "外部标识", max_length=120, unique=True, null=True, blank=True
    )
    index_number = models.CharField(
        "索引号", max_length=80, unique=True, null=True, blank=True
    )
    interprets = models.ForeignKey(
        "self",
        verbose_name="所解读的政策文件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interpretations",
    )
    live_revision = models.OneToOneField(
        "Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    validity = models.CharField(
        "有效性", max_length=20, choices=Validity.choices, blank=True, default=""
    )
    published_at = models.DateTimeField(
        "发布日期", null=True, blank=True, db_index=True
    )
    updated_at = models.DateTimeField("更新时间", null=True, blank=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdrawn_reason = models.TextField("撤回理由", blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "disclosure", "-published_at"]),
            models.Index(fields=["agency", "status"]),
        ]
        verbose_name = "政府信息"
        verbose_name_plural = "政府信息"

    def __str__(self) -> str:
        return self.title or f"#{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("portal:document", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.disclosure == Disclosure.PROACTIVE
        )


class Revision(Metadata):
    """A proposed version of a document, reviewed before it goes live."""

    class Status(models.TextChoices):
        DRAFT = "draft", "起草"
        IN_REVIEW = "in_review", "保密审查"
        IN_APPROVAL = "in_approval", "审核签发"
        RETURNED = "returned", "已退回"
        PUBLISHED = "published", "已发布"
        SUPERSEDED = "superseded", "已被替代"
        DISCARDED = "discarded", "已作废"

    OPEN_STATUSES = (
        Status.DRAFT,
        Status.IN_REVIEW,
        Status.IN_APPROVAL,
        Status.RETURNED,
    )

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField("版本号")
    status = models.CharField(
        "状态", max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    change_note = models.CharField("修改说明", max_length=300, blank=True)
    returned_reason = models.TextField("退回理由", blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField("保密审查意见", blank=True)
    approved_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="unique_revision_number"
            ),
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(
                    status__in=["draft", "in_review", "in_approval", "returned"]
                ),
                name="one_open_revision_per_document",
            ),
        ]
        verbose_name = "版本"
        verbose_name_plural = "版本"

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"

    @property
    def agency(self) -> Agency:
        return self.document.agency


class DocumentRelation(models.Model):
    """`source` amends or repeals `target`; the change is shown on the target's page."""

    class Kind(models.TextChoices):
        AMENDS = "amends", "修改"
        REPEALS = "repeals", "废止"

    source = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="outgoing_relations"
    )
    target = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="incoming_relations"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    effective_date = models.DateField("生效日期", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "kind"], name="unique_document_relation"
            ),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="relation_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display()} {self.target}"


class Attachment(models.Model):
    """A file of one revision; a new revision carries its attachments forward."""

    class Kind(models.TextChoices):
        ATTACHMENT = "attachment", "附件"
        DIAGRAM = "diagram", "图解"

    revision = models.ForeignKey(
        Revision, on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(
        max_length=12, choices=Kind.choices, default=Kind.ATTACHMENT
    )
    file = models.FileField(upload_to="attachments/%Y/%m/")
    original_name = models.CharField("文件名", max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class IndexSequence(models.Model):
    """Last serial used in 索引号 per agency and year; locked when a number is taken."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="unique_index_seq")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last}"
