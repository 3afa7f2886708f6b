from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse


class Agency(models.Model):
    """A government body (行政机关) or one of its departments."""

    class Level(models.TextChoices):
        # 全国人大、最高人民法院、中共中央 etc.: national, but not State Council departments.
        NATIONAL = "national", "中央国家机关"
        STATE_COUNCIL_DEPARTMENT = "state_council_dept", "国务院部门"
        PROVINCE = "province", "省级"
        CITY = "city", "市级"
        COUNTY = "county", "县级"
        TOWNSHIP = "township", "乡镇（街道）"

    class Kind(models.TextChoices):
        GOVERNMENT = "government", "人民政府"
        DEPARTMENT = "department", "政府部门"
        OTHER = "other", "其他机关"

    name = models.CharField("机关名称", max_length=200, unique=True)
    short_name = models.CharField("简称", max_length=60, blank=True)
    slug = models.SlugField("网址标识", max_length=60, unique=True)
    code = models.CharField(
        "机构代码",
        max_length=40,
        unique=True,
        help_text="组织机构代码或统一社会信用代码，用于索引号",
    )
    level = models.CharField("层级", max_length=24, choices=Level.choices)
    kind = models.CharField(
        "类型", max_length=16, choices=Kind.choices, default=Kind.GOVERNMENT
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    region_code = models.CharField(
        "行政区划代码", max_length=12, blank=True, help_text="GB/T 2260"
    )
    position = models.PositiveIntegerField("排序", default=0)
    index_template = models.CharField(
        "索引号模板",
        max_length=80,
        default="{org_code}/{year}-{seq:05d}",
        help_text="可用 {org_code} {year} {seq}，例如 {org_code}/{year}-{seq:05d}",
    )
    show_publish_statement = models.BooleanField(
        "正文后标注“此件公开发布”", default=False
    )
    # 政府信息公开工作机构 (条例第四条)
    office_name = models.CharField("信息公开工作机构", max_length=200, blank=True)
    office_address = models.CharField("办公地址", max_length=300, blank=True)
    office_hours = models.CharField("办公时间", max_length=200, blank=True)
    office_phone = models.CharField("联系电话", max_length=60, blank=True)
    office_fax = models.CharField("传真", max_length=60, blank=True)
    office_email = models.EmailField("电子邮箱", blank=True)
    office_postcode = models.CharField("邮政编码", max_length=10, blank=True)
    guide_html = models.TextField("政府信息公开指南", blank=True)
    guide_updated = models.DateField("指南更新日期", null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "机关"
        verbose_name_plural = "机关"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portal:agency", args=[self.slug])

    def ancestors(self) -> list[Agency]:
        chain: list[Agency] = []
        node = self.parent
        while node is not None and len(chain) < 20:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    @property
    def is_grassroots(self) -> bool:
        """County and township bodies publish the 基层政务公开标准目录."""
        return self.level in (self.Level.COUNTY, self.Level.TOWNSHIP)


class Role(models.TextChoices):
    DRAFTER = "drafter", "起草"
    REVIEWER = "reviewer", "保密审查"
    APPROVER = "approver", "审核签发"
    AGENCY_ADMIN = "agency_admin", "机关管理员"


class User(AbstractUser):
    display_name = models.CharField("姓名", max_length=60, blank=True)
    is_platform_admin = models.BooleanField("平台管理员", default=False)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username

    def roles_in(self, agency: Agency | int) -> set[str]:
        agency_id = agency if isinstance(agency, int) else agency.pk
        cache = getattr(self, "_role_cache", None)
        if cache is None:
            cache = {}
            for m in self.memberships.all():
                cache.setdefault(m.agency_id, set()).add(m.role)
            self._role_cache = cache
        return set(cache.get(agency_id, set()))

    def has_role(self, agency: Agency | int, *roles: str) -> bool:
        return bool(self.roles_in(agency) & set(roles))


class Membership(models.Model):
    """A staff member's role in one agency; roles never reach other agencies."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("角色", max_length=20, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"], name="unique_membership_role"
            )
        ]
        verbose_name = "岗位"
        verbose_name_plural = "岗位"

    def __str__(self) -> str:
        return f"{self.user} · {self.agency} · {self.get_role_display()}"


class AuditEvent(models.Model):
    """Who did what to which record, when, from which state to which, and why."""

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject_type = models.CharField(max_length=60)
    subject_id = models.CharField(max_length=64)
    subject_label = models.CharField(max_length=300, blank=True)
    action = models.CharField("操作", max_length=60)
    from_state = models.CharField("原状态", max_length=40, blank=True)
    to_state = models.CharField("新状态", max_length=40, blank=True)
    reason = models.TextField("理由", blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "at"])]
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.subject_label}"


class Notification(models.Model):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.CharField(max_length=500)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.message
