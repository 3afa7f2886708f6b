"""依申请公开: applications, their clock events, consultations, fees, letters,
replies and remedies.

An `Application` is one case. Every change of status goes through
`gongkai.foi.actions`; `due_date` is a cache of `domain.foi_clock.compute()` over
the case's `ClockEvent`s, kept as a column only so overdue lists can be queried.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse

from gongkai.core.models import Agency, User
from gongkai.domain.foi_codes import (
    APPLICANT_TYPE_LABELS,
    RESULT_GROUP,
    RESULT_GROUP_LABELS,
    RESULT_LABELS,
    ApplicantType,
    ResultCode,
)

ApplicantTypeChoices = models.TextChoices(
    "ApplicantTypeChoices",
    [(t.name, (t.value, APPLICANT_TYPE_LABELS[t])) for t in ApplicantType],
)


def _result_label(code: ResultCode) -> str:
    """「不予公开：属于国家秘密」 from the report's group and row labels."""
    group = RESULT_GROUP_LABELS[RESULT_GROUP[code]][3:]
    if code in (ResultCode.GRANTED, ResultCode.PARTIAL):
        return group
    return f"{group}：{RESULT_LABELS[code].split('.', 1)[1]}"


ResultCodeChoices = models.TextChoices(
    "ResultCodeChoices", [(c.name, (c.value, _result_label(c))) for c in ResultCode]
)


class Application(models.Model):
    """One application (政府信息公开申请) or one Art. 41 correction request."""

    class Kind(models.TextChoices):
        DISCLOSURE = "disclosure", "政府信息公开申请"
        CORRECTION = "correction", "更正本人政府信息申请（第四十一条）"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "待确认"  # online, not yet confirmed (Art. 31)
        RECEIVED = "received", "办理中"
        AWAITING_SUPPLEMENT = "awaiting_supplement", "待补正"
        CONSULTING = "consulting", "征求意见中"
        AWAITING_FEE = "awaiting_fee", "待缴费"
        REPLIED = "replied", "已答复"
        DELIVERED = "delivered", "已送达"
        CLOSED = "closed", "已办结"

    OPEN_STATUSES = (
        Status.RECEIVED,
        Status.AWAITING_SUPPLEMENT,
        Status.CONSULTING,
        Status.AWAITING_FEE,
    )
    ANSWERED_STATUSES = (Status.REPLIED, Status.DELIVERED, Status.CLOSED)

    class Channel(models.TextChoices):
        """条例第三十一条 decides the receipt date by channel."""

        ONLINE = "online", "互联网渠道"
        IN_PERSON = "in_person", "当面提交"
        POST_SIGNED = "post_signed", "邮寄（需签收）"
        POST_UNSIGNED = "post_unsigned", "平常信函"
        FAX = "fax", "传真"
        ORAL = "oral", "口头提出（代为填写）"

    class IdType(models.TextChoices):
        RESIDENT_ID = "resident_id", "居民身份证"
        PASSPORT = "passport", "护照"
        HK_MACAO_TAIWAN = "hmt_permit", "港澳台居民居住证或通行证"
        CREDIT_CODE = "credit_code", "统一社会信用代码证"
        OTHER = "other", "其他有效证件"

    class Form(models.TextChoices):
        """条例第四十条: 信息的提供形式."""

        PAPER = "paper", "纸质文本"
        ELECTRONIC = "electronic", "电子文本"
        INSPECTION = "inspection", "查阅、抄录"

    class Route(models.TextChoices):
        """条例第二十九条第二款第三项: 获取信息的途径."""

        ONLINE = "online", "网上查看下载"
        EMAIL = "email", "电子邮件"
        POST = "post", "邮寄"
        PICKUP = "pickup", "当面领取"

    class CorrectionOutcome(models.TextChoices):
        """条例第四十一条: 予以更正 / 转送有权机关 / 告知向有权机关提出 / 不予更正."""

        CORRECTED = "corrected", "予以更正"
        FORWARDED = "forwarded", "转送有权更正的行政机关处理"
        REFERRED = "referred", "告知向有权机关提出"
        REJECTED = "rejected", "证据不足，不予更正"

    agency = models.ForeignKey(
        Agency,
        verbose_name="受理机关",
        on_delete=models.PROTECT,
        related_name="foi_cases",
    )
    kind = models.CharField(
        "申请类型", max_length=12, choices=Kind.choices, default=Kind.DISCLOSURE
    )
    status = models.CharField(
        "状态", max_length=24, choices=Status.choices, default=Status.SUBMITTED
    )
    tracking_number = models.CharField("申请编号", max_length=20, unique=True)
    access_code_hash = models.CharField(max_length=128)
    # The random key of the filled-in form; unique, so sending the same form twice
    # cannot make two cases (NULL for cases keyed in without one).
    submission_key = models.CharField(
        max_length=64, null=True, blank=True, unique=True, editable=False
    )

    # 申请人 (条例第二十九条第二款第一项). Personal data: staff of the agency only.
    applicant_type = models.CharField(
        "申请人类型", max_length=16, choices=ApplicantTypeChoices.choices
    )
    applicant_name = models.CharField("姓名或名称", max_length=200)
    id_type = models.CharField("证件类型", max_length=16, choices=IdType.choices)
    id_number = models.CharField("证件号码", max_length=40)
    legal_representative = models.CharField("法定代表人", max_length=60, blank=True)
    contact_person = models.CharField("联系人", max_length=60, blank=True)
    phone = models.CharField("联系电话", max_length=40)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=300, blank=True)
    postcode = models.CharField("邮政编码", max_length=10, blank=True)
    id_proof = models.FileField("身份证明", upload_to="foi/id/%Y/%m/", blank=True)
    id_proof_name = models.CharField(max_length=200, blank=True)
    id_proof_type = models.CharField(max_length=60, blank=True)
    applicant_key = models.CharField(
        max_length=64,
        db_index=True,
        editable=False,
        help_text="证件号码摘要，用于按月计件",
    )
    needs_assistance = models.BooleanField(
        "需要阅读或视听障碍协助（第四十三条）", default=False
    )

    # 所需信息 (第二十九条第二款第二项)
    info_title = models.CharField("所需信息名称", max_length=300)
    info_doc_number = models.CharField("文号", max_length=120, blank=True)
    info_description = models.TextField("特征性描述", blank=True)
    info_key = models.CharField(max_length=300, db_index=True, editable=False)
    form = models.CharField("提供形式", max_length=12, choices=Form.choices)
    route = models.CharField("获取途径", max_length=12, choices=Route.choices)
    proactive_proposal = models.TextField(
        "建议主动公开（第四十四条第二款）", blank=True
    )

    # 收到申请 (第三十一条)
    channel = models.CharField("提交方式", max_length=16, choices=Channel.choices)
    submitted_at = models.DateTimeField("提交时间")
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    received_date = models.DateField("收到申请之日", null=True, blank=True)
    registered_by = models.ForeignKey(
        User,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_to = models.ForeignKey(
        User,
        verbose_name="经办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="foi_assigned",
    )

    # The clock (cache of domain.foi_clock.compute over the events)
    due_date = models.DateField("答复期限", null=True, blank=True)
    due_provisional = models.BooleanField(default=False)
    clock_years = models.JSONField(default=list, blank=True)
    supplement_deadline = models.DateField("补正期限", null=True, blank=True)

    # Result (exactly one per answered case)
    result = models.CharField(
        "办理结果",
        max_length=32,
        choices=ResultCodeChoices.choices,
        blank=True,
        null=True,
    )
    correction_outcome = models.CharField(
        "更正处理结果", max_length=12, choices=CorrectionOutcome.choices, blank=True
    )
    replied_date = models.DateField("答复日期", null=True, blank=True)
    delivered_date = models.DateField("送达日期", null=True, blank=True)
    proposed_for_publication = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["status", "due_date"], name="foi_status_due"),
            # Open cases in deadline order, for the platform-wide overdue and
            # due-soon lists: the first page without sorting every open case, the
            # count from this index alone. The condition names the statuses that
            # are not open (every Status but OPEN_STATUSES, in Status order):
            # written that way, SQLite cannot serve the query from foi_status_due
            # instead, which it otherwise prefers without ANALYZE statistics, and
            # foi.queries.open_cases repeats it term for term, as SQLite needs.
            models.Index(
                fields=["due_date", "id"],
                condition=~Q(
                    status__in=["submitted", "replied", "delivered", "closed"]
                ),
                name="foi_open_due",
            ),
            models.Index(
                fields=["agency", "status", "due_date"], name="foi_agency_status_due"
            ),
            models.Index(
                fields=["agency", "received_date"], name="foi_agency_received"
            ),
            models.Index(fields=["agency", "info_key"], name="foi_agency_info"),
        ]
        constraints = [
            # One final result per answered case, none before (annual report C6).
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="disclosure",
                        status__in=["replied", "delivered", "closed"],
                        result__isnull=False,
                    )
                    | (
                        ~Q(
                            kind="disclosure",
                            status__in=["replied", "delivered", "closed"],
                        )
                        & Q(result__isnull=True)
                    )
                ),
                name="foi_result_iff_answered",
            ),
            models.CheckConstraint(
                condition=Q(status="submitted") | Q(received_date__isnull=False),
                name="foi_received_date_once_received",
            ),
        ]
        verbose_name = "依申请公开申请"
        verbose_name_plural = "依申请公开申请"

    def __str__(self) -> str:
        return f"{self.tracking_number} {self.info_title[:40]}"

    def get_absolute_url(self) -> str:
        return reverse("foi:staff-case", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def masked_name(self) -> str:
        name = self.applicant_name
        if self.applicant_type != ApplicantType.NATURAL_PERSON:
            return name
        return name[:1] + "*" * max(len(name) - 1, 1)

    @property
    def result_code(self) -> ResultCode | None:
        return ResultCode(self.result) if self.result else None


class ClockEvent(models.Model):
    """One entry of the case's clock ledger; `foi_clock.compute` replays them."""

    class Kind(models.TextChoices):
        RECEIVED = "received", "收到申请"
        SUPPLEMENT_REQUESTED = "supplement_requested", "补正告知"
        SUPPLEMENT_RECEIVED = "supplement_received", "收到补正"
        PAUSE_STARTED = "pause_started", "暂停计时"
        PAUSE_ENDED = "pause_ended", "恢复计时"
        EXTENDED = "extended", "延长答复期限"
        DEFERRED = "deferred", "确定延迟答复期限"
        CLOSED = "closed", "答复或办结"

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="clock_events"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    on = models.DateField()
    days = models.PositiveSmallIntegerField(null=True, blank=True)
    until = models.DateField(null=True, blank=True)
    key = models.CharField(max_length=40, blank=True)
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"


class TimelineEntry(models.Model):
    """What the applicant sees on the tracking page; no personal data."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "提交申请"
        RECEIVED = "received", "收到申请"
        SUPPLEMENT_REQUESTED = "supplement_requested", "告知补正"
        SUPPLEMENT_RECEIVED = "supplement_received", "收到补正材料"
        CONSULTATION = "consultation", "征求第三方或其他机关意见"
        CONSULTATION_DONE = "consultation_done", "征求意见结束"
        EXTENDED = "extended", "延长答复期限"
        REASON_REQUESTED = "reason_requested", "要求说明理由"
        DEFERRED = "deferred", "确定延迟答复期限"
        FEE_NOTICE = "fee_notice", "收费通知"
        FEE_PAID = "fee_paid", "已缴费"
        ANSWERED = "answered", "作出答复"
        DELIVERED = "delivered", "送达"
        CLOSED = "closed", "终止办理"
        DUE_RECOMPUTED = "due_recomputed", "工作日历调整，答复期限重算"

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="timeline"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    on = models.DateField()
    public_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()}"


class Supplement(models.Model):
    """补正告知 (第三十条) and the applicant's answer; one per application."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="supplement"
    )
    items = models.TextField("需要补正的事项")
    deadline = models.DateField("补正期限")
    requested_on = models.DateField()
    requested_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.TextField("补正内容", blank=True)
    answered_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"补正 {self.application_id}"


class Consultation(models.Model):
    """征求意见 of a third party (第三十二条) or another agency (第三十四条)."""

    class Party(models.TextChoices):
        THIRD_PARTY = "third_party", "第三方"
        AGENCY = "agency", "其他机关"

    class Opinion(models.TextChoices):
        PENDING = "", "尚未答复"
        CONSENT = "consent", "同意公开"
        OBJECT = "object", "不同意公开"
        SILENT = "silent", "逾期未提出意见"

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="consultations"
    )
    party = models.CharField("对象类型", max_length=12, choices=Party.choices)
    party_name = models.CharField("被征求意见方", max_length=200)
    party_address = models.CharField("联系地址", max_length=300, blank=True)
    matter = models.TextField("征求意见事项")
    sent_on = models.DateField("发出日期")
    reply_due = models.DateField("答复期限")
    opinion = models.CharField(
        max_length=12, choices=Opinion.choices, blank=True, default=""
    )
    opinion_text = models.TextField("意见内容", blank=True)
    replied_on = models.DateField(null=True, blank=True)
    # 第三十二条: 不公开可能对公共利益造成重大影响的 …… 书面告知第三方
    public_interest_override = models.BooleanField(default=False)
    letter = models.ForeignKey(
        "Letter", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["sent_on", "id"]

    def __str__(self) -> str:
        return f"征求意见 {self.party_name}"

    @property
    def is_open(self) -> bool:
        return self.replied_on is None

    @property
    def deemed_consent(self) -> bool:
        """第三十四条: 逾期未提出意见的视为同意公开 (other agencies only)."""
        return self.party == self.Party.AGENCY and self.opinion == self.Opinion.SILENT


class FeeNotice(models.Model):
    """收费通知 under 国办函〔2020〕109号; one basis only."""

    class Basis(models.TextChoices):
        PER_APPLICATION = "per_application", "按件计收"
        PER_PAGE = "per_page", "按量计收"

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="fee_notices"
    )
    basis = models.CharField("计收方式", max_length=16, choices=Basis.choices)
    quantity = models.PositiveIntegerField("件数或页数")
    amount = models.PositiveIntegerField("金额（元）")
    notified_on = models.DateField()
    pay_by = models.DateField("缴费期限")
    paid_on = models.DateField(null=True, blank=True)
    lapsed = models.BooleanField(default=False)

    class Meta:
        ordering = ["notified_on", "id"]

    def __str__(self) -> str:
        return f"{self.amount}元"


class Reply(models.Model):
    """The decision: drafted by the 经办人, signed by an approver (签发)."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="reply"
    )
    result = models.CharField(
        "办理结果", max_length=32, choices=ResultCodeChoices.choices
    )
    reasons = models.TextField("答复内容及理由", blank=True)
    provision = models.TextField("信息提供方式", blank=True)
    other_agency = models.CharField(
        "负责公开的机关及联系方式", max_length=300, blank=True
    )
    drafted_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    drafted_at = models.DateTimeField(auto_now=True)
    signed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_on = models.DateField(null=True, blank=True)
    letter = models.ForeignKey(
        "Letter", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"答复 {self.application_id}"


class Letter(models.Model):
    """An issued letter; its text is rendered from a versioned template and the
    frozen `context`, so a reprint years later reads the same."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", "登记回执"
        SUPPLEMENT = "supplement", "补正告知书"
        EXTENSION = "extension", "延期答复告知书"
        CONSULTATION = "consultation", "征求意见函"
        FEE = "fee", "收费通知书"
        REASON = "reason", "说明理由告知书"
        DEFERRAL = "deferral", "延迟答复告知书"
        REPLY = "reply", "答复书"

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="letters"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    number = models.CharField("文书编号", max_length=80)
    template = models.CharField(max_length=60)
    template_version = models.CharField(max_length=20)
    issued_on = models.DateField()
    context = models.JSONField(default=dict)
    to_applicant = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["issued_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["number"], name="foi_letter_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class LetterSequence(models.Model):
    """Last serial per agency, year and letter kind; locked while a number is taken."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    kind = models.CharField(max_length=16)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "kind"], name="foi_letter_seq_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}/{self.kind}: {self.last}"


class TrackingSequence(models.Model):
    year = models.PositiveIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class ReleasedFile(models.Model):
    """Information provided to the applicant with the reply."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="released_files"
    )
    file = models.FileField(upload_to="foi/released/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class Remedy(models.Model):
    """行政复议 or 行政诉讼 about the decision (annual report table 四)."""

    class Kind(models.TextChoices):
        REVIEW = "review", "行政复议"
        LITIGATION_DIRECT = "litigation_direct", "行政诉讼（未经复议直接起诉）"
        LITIGATION_AFTER_REVIEW = "litigation_after_review", "行政诉讼（复议后起诉）"

    class Outcome(models.TextChoices):
        UPHELD = "upheld", "结果维持"
        CORRECTED = "corrected", "结果纠正"
        OTHER = "other", "其他结果"
        PENDING = "pending", "尚未审结"

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="remedies"
    )
    kind = models.CharField("类型", max_length=24, choices=Kind.choices)
    body = models.CharField("复议机关或人民法院", max_length=200)
    case_number = models.CharField("案号", max_length=100, blank=True)
    filed_date = models.DateField("申请或立案日期")
    outcome = models.CharField(
        "结果", max_length=12, choices=Outcome.choices, default=Outcome.PENDING
    )
    decided_date = models.DateField("审结日期", null=True, blank=True)
    note = models.TextField("备注", blank=True)
    recorded_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["filed_date", "id"]
        indexes = [models.Index(fields=["filed_date"], name="foi_remedy_filed")]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="pending", decided_date__isnull=True)
                | (~Q(outcome="pending") & Q(decided_date__isnull=False)),
                name="foi_remedy_decided_iff_not_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_number}"


class AgencySettings(models.Model):
    """Per-agency letter details the core `Agency` does not hold."""

    agency = models.OneToOneField(
        Agency, on_delete=models.CASCADE, related_name="foi_settings"
    )
    letter_prefix = models.CharField(
        "文书代字",
        max_length=30,
        blank=True,
        help_text="例如“甲政依复”，答复书编号为 甲政依复〔2026〕12号；留空则用机关简称加“依申复”",
    )
    vertical_management = models.BooleanField(
        "实行垂直领导（海关、金融、外汇管理、税务、国家安全）",
        default=False,
        help_text="行政复议法第二十七条：向上一级主管部门申请行政复议",
    )
    review_body = models.CharField(
        "行政复议机关（覆盖自动推定）", max_length=200, blank=True
    )
    court = models.CharField("管辖人民法院", max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.agency} 依申请公开设置"


class LookupAttempt(models.Model):
    """Failed applicant look-ups, to slow down guessing of access codes."""

    tracking_number = models.CharField(max_length=20, db_index=True)
    client = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.tracking_number} {self.at}"


class Reminder(models.Model):
    """One deadline reminder sent; the unique key makes the command idempotent."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "即将到期"
        OVERDUE = "overdue", "已逾期"
        SUPPLEMENT_LAPSED = "supplement_lapsed", "补正期限已过"
        CONSULTATION_LAPSED = "consultation_lapsed", "征求意见期限已过"
        FEE_LAPSED = "fee_lapsed", "缴费期限已过"

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    due_date = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind", "due_date"], name="foi_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind} {self.due_date}"
