"""政府信息公开工作年度报告 of one agency for one year.

The tables are never stored while the report is being written: they are derived
from FOI cases and published records each time. On submission the built tables are
frozen in `frozen_tables`, and the published record shows exactly those figures.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from gongkai.core.models import Agency, User
from gongkai.publishing.models import Document

# 国办公开办函〔2021〕30号 applies to the reports on 2021 and later years.
FIRST_YEAR = 2021


class AnnualReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "编写中"
        SUBMITTED = "submitted", "已报送审查发布"

    agency = models.ForeignKey(
        Agency,
        verbose_name="机关",
        on_delete=models.PROTECT,
        related_name="annual_reports",
    )
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField(
        "状态", max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    # Narrative sections 一, 五 and 六; 二, 三 and 四 are the tables.
    overview = models.TextField("一、总体情况", blank=True)
    problems = models.TextField("五、存在的主要问题及改进情况", blank=True)
    other_matters = models.TextField("六、其他需要报告的事项", blank=True)
    # Table 二 figures the platform does not hold (条例第二十条第（五）（六）（八）项).
    licensing = models.PositiveIntegerField("行政许可本年处理决定数量", default=0)
    penalty = models.PositiveIntegerField("行政处罚本年处理决定数量", default=0)
    coercion = models.PositiveIntegerField("行政强制本年处理决定数量", default=0)
    fees = models.DecimalField(
        "行政事业性收费本年收费金额（万元）",
        max_digits=16,
        decimal_places=4,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    carry_over_note = models.TextField(
        "上年结转差异说明",
        blank=True,
        help_text="本年“上年结转”与上年已公开报告“结转下年度”不一致时，说明原因；"
        "说明将列入“六、其他需要报告的事项”",
    )
    frozen_tables = models.JSONField("报送时的表格数据", null=True, blank=True)
    document = models.OneToOneField(
        Document,
        verbose_name="公开记录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "agency__position", "agency_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year"], name="one_annual_report_per_agency_year"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR), name="annual_report_2021_format"
            ),
            models.CheckConstraint(
                condition=Q(fees__gte=0), name="annual_report_fees_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(frozen_tables__isnull=False),
                name="submitted_report_has_frozen_tables",
            ),
        ]
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = "政府信息公开工作年度报告"

    def __str__(self) -> str:
        return f"{self.agency.name}{self.year}年政府信息公开工作年度报告"

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", args=[self.pk])

    @property
    def title(self) -> str:
        return str(self)

    @property
    def is_published(self) -> bool:
        return (
            self.document is not None
            and self.document.status == Document.Status.PUBLISHED
        )

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT
