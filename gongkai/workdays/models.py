"""The working-day calendar (工作日历) as data.

`CalendarEntry` rows record the days that differ from a plain Monday–Friday week, at
three layers: national (the State Council notice), regional (matched by GB/T 2260
prefix, e.g. 民族自治地方的节日, 《全国年节及纪念日放假办法》第四条) and one agency
(closures). `CalendarYear` says which years' official notices are loaded; for other
years deadlines are provisional. `CalendarRevision` changes with every write so each
process can tell that its cached calendars are stale.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class CalendarEntry(models.Model):
    """One day off, make-up workday (调休上班) or closure, at one layer."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "放假"
        MAKEUP_WORKDAY = "makeup_workday", "调休上班"
        CLOSURE = "closure", "停止办公"

    class Scope(models.TextChoices):
        NATIONAL = "national", "全国"
        REGIONAL = "regional", "地区"
        AGENCY = "agency", "本机关"

    class Source(models.TextChoices):
        SEED = "seed", "初始数据（chinesecalendar）"
        NOTICE = "notice", "国务院办公厅通知"
        CSV = "csv", "CSV 文件"
        MANUAL = "manual", "人工录入"

    date = models.DateField("日期", db_index=True)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    scope = models.CharField("范围", max_length=12, choices=Scope.choices)
    region_code = models.CharField(
        "行政区划代码前缀",
        max_length=12,
        blank=True,
        help_text="GB/T 2260，省级填2位、地级填4位，例如 54（西藏自治区）",
    )
    agency = models.ForeignKey(
        "core.Agency",
        verbose_name="机关",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_entries",
    )
    name = models.CharField("名称", max_length=60, blank=True)
    reason = models.TextField("依据或理由", blank=True)
    source = models.CharField(
        "来源", max_length=10, choices=Source.choices, default=Source.MANUAL
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        ordering = ["date", "scope", "region_code", "agency_id"]
        verbose_name = "日历条目"
        verbose_name_plural = "日历条目"
        constraints = [
            models.UniqueConstraint(
                fields=["date"],
                condition=Q(scope="national"),
                name="workdays_one_national_entry_per_day",
            ),
            models.UniqueConstraint(
                fields=["date", "region_code"],
                condition=Q(scope="regional"),
                name="workdays_one_regional_entry_per_day",
            ),
            models.UniqueConstraint(
                fields=["date", "agency"],
                condition=Q(scope="agency"),
                name="workdays_one_agency_entry_per_day",
            ),
            models.CheckConstraint(
                condition=(
                    Q(scope="national", region_code="", agency__isnull=True)
                    & ~Q(kind="closure")
                )
                | (Q(scope="regional", agency__isnull=True) & ~Q(region_code=""))
                | Q(scope="agency", region_code="", agency__isnull=False),
                name="workdays_entry_layer_fields",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["holiday", "makeup_workday", "closure"]),
                name="workdays_entry_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}（{self.layer_label}）"

    @property
    def layer_label(self) -> str:
        if self.scope == self.Scope.AGENCY and self.agency_id:
            return str(self.agency)
        if self.scope == self.Scope.REGIONAL:
            return f"地区 {self.region_code}"
        return self.get_scope_display()


class CalendarYear(models.Model):
    """A year whose official holiday schedule is loaded (国务院办公厅通知)."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    source = models.CharField(
        "来源", max_length=10, choices=CalendarEntry.Source.choices
    )
    title = models.CharField("文件", max_length=200, blank=True)
    text = models.TextField("原文", blank=True)
    loaded_at = models.DateTimeField("载入时间")
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="载入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = "已载入年度"
        verbose_name_plural = "已载入年度"

    def __str__(self) -> str:
        return f"{self.year}年工作日历"


class CalendarRevision(models.Model):
    """A single row whose token changes with every calendar write.

    A random token, not a counter: after a rolled-back transaction a counter would
    repeat a value that another process may have cached with different contents.
    """

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "日历版本"
        verbose_name_plural = "日历版本"

    def __str__(self) -> str:
        return self.token


class DayStatus(models.TextChoices):
    """Display labels for `gongkai.domain.workdays.DayKind`."""

    WORKDAY = "workday", "工作日"
    WEEKEND = "weekend", "休息日"
    HOLIDAY = "holiday", "节假日"
    MAKEUP_WORKDAY = "makeup_workday", "调休上班"
    CLOSURE = "closure", "停止办公"
