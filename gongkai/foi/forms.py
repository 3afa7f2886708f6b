"""Forms of the applicant site and the staff console. Validation messages are in
Chinese and name the field; nothing typed is lost on error (except files)."""

from __future__ import annotations

import re
import secrets
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone

from gongkai.core.models import Agency, User
from gongkai.domain.foi_codes import ApplicantType
from gongkai.foi.actions import APPLICANT_FIELDS, ID_PROOF_MAX_BYTES
from gongkai.foi.models import (
    Application,
    Consultation,
    FeeNotice,
    Remedy,
    ResultCodeChoices,
)
from gongkai.lib.uploads import ID_PROOF_TYPES, check_upload

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_PHONE = re.compile(r"^[0-9+\-（）() ]{7,20}$")


def valid_resident_id(value: str) -> bool:
    """GB 11643 18-digit citizen number with its ISO 7064 check digit."""
    value = value.strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", value):
        return False
    total = sum(int(d) * w for d, w in zip(value[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == value[17]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kw: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kw)


class TelInput(forms.TextInput):
    input_type = "tel"


# Dates typed by staff stay within a plausible range: a mistyped year (0202, 20255)
# gets a message instead of reaching the working-day arithmetic.
EARLIEST = date(2000, 1, 1)
LATEST = date(2099, 12, 31)


class DateField(forms.DateField):
    """A date between 2000 and 2099; `past=True` also refuses dates after today
    (for things that have already happened: receipt, dispatch, delivery)."""

    widget = DateInput

    def __init__(self, *args: Any, past: bool = False, **kwargs: Any) -> None:
        self.past = past
        kwargs.setdefault(
            "error_messages",
            {"invalid": "请按“年-月-日”填写有效日期，例如 2026-03-05。"},
        )
        super().__init__(*args, **kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value in self.empty_values:
            return
        if not EARLIEST <= value <= LATEST:
            raise ValidationError("请填写2000年至2099年之间的日期。")
        if self.past and value > timezone.localdate():
            raise ValidationError("该日期不能晚于今天。")


def _required_messages(form: forms.BaseForm) -> None:
    """「请填写姓名或名称。」 instead of Django's 「这个字段是必填项。」."""
    for field in form.fields.values():
        label = str(field.label or "此项")
        verb = (
            "请选择"
            if isinstance(field, (forms.ChoiceField, forms.ModelChoiceField))
            or isinstance(field.widget, forms.CheckboxInput)
            else "请上传"
            if isinstance(field, forms.FileField)
            else "请填写"
        )
        field.error_messages["required"] = f"{verb}{label}。"
        if isinstance(field, forms.CharField) and field.max_length:
            field.error_messages["max_length"] = (
                f"{label}最多 {field.max_length} 个字（已填写 %(show_value)d 个）。"
            )


class ChineseMessagesMixin:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        _required_messages(self)  # type: ignore[arg-type]


def new_submission_key() -> str:
    return secrets.token_urlsafe(24)


_SUBMISSION_KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def agency_choices() -> list[tuple[int, str]]:
    """Agencies as an indented tree (depth shown with full-width spaces)."""
    agencies = list(Agency.objects.order_by("position", "id"))
    children: dict[int | None, list[Agency]] = {}
    for a in agencies:
        children.setdefault(a.parent_id, []).append(a)
    out: list[tuple[int, str]] = []

    def walk(parent: int | None, depth: int) -> None:
        for a in children.get(parent, []):
            out.append((a.pk, "　" * depth + a.name))
            walk(a.pk, depth + 1)

    walk(None, 0)
    return out


class ApplicationForm(forms.ModelForm):
    """政府信息公开申请表 (条例第二十九条)."""

    agency = forms.TypedChoiceField(label="向哪个机关申请", coerce=int)
    id_proof_upload = forms.FileField(
        label="身份证明",
        required=True,
        help_text="身份证、营业执照等证件的扫描件或照片，PDF、JPEG 或 PNG，不超过 10 MB。",
    )
    # One key per filled-in form: sending the same form twice (a double click, a
    # reload of the POST) finds the first application instead of making a second.
    submission = forms.CharField(widget=forms.HiddenInput, required=False)

    # The ID proof upload sits with the identity fields, before the request itself.
    field_order = [
        "agency",
        *APPLICANT_FIELDS[: APPLICANT_FIELDS.index("needs_assistance")],
        "id_proof_upload",
        *APPLICANT_FIELDS[APPLICANT_FIELDS.index("needs_assistance") :],
    ]

    class Meta:
        model = Application
        fields = list(APPLICANT_FIELDS)
        widgets = {
            "applicant_type": forms.RadioSelect,
            "form": forms.RadioSelect,
            "route": forms.RadioSelect,
            "info_description": forms.Textarea(attrs={"rows": 4}),
            "proactive_proposal": forms.Textarea(attrs={"rows": 2}),
            "phone": TelInput,
        }
        help_texts = {
            "info_title": "例如“2025年度部门预算”。名称不确切也可以，请尽量写清楚。",
            "info_doc_number": "知道文号的请填写，例如 甲政发〔2025〕3号。",
            "info_description": "文号和特征性描述至少填写一项：信息的内容、形成时间、制作机关等，便于查找。",
            "proactive_proposal": "如认为该信息应当主动公开，可在此提出建议（条例第四十四条第二款）。",
            "legal_representative": "法人或者其他组织填写。",
            "contact_person": "法人或者其他组织填写，必填。",
            "id_number": "自然人填写所选证件的号码；法人或者其他组织填写统一社会信用代码。",
            "phone": "受理机关需要与您确认申请时使用。",
            "email": "选择通过电子邮件获取信息时必填。",
            "address": "选择邮寄获取信息时必填。",
        }

    def __init__(self, *args: Any, agencies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission", new_submission_key())
        choices = (
            [(a.pk, a.name) for a in agencies]
            if agencies is not None
            else agency_choices()
        )
        self.fields["agency"].choices = [("", "请选择受理机关"), *choices]
        self.fields["applicant_type"].choices = [
            c for c in self.fields["applicant_type"].choices if c[0]
        ]
        self.fields["id_type"].choices = [
            ("", "请选择证件类型"),
            *(c for c in self.fields["id_type"].choices if c[0]),
        ]
        for name in ("form", "route"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]
        self.fields["info_description"].max_length = 5000
        self.fields["proactive_proposal"].max_length = 2000
        for name in ("info_description", "proactive_proposal"):
            self.fields[name].widget.attrs["maxlength"] = self.fields[name].max_length
            self.fields[name].validators.append(
                MaxLengthValidator(self.fields[name].max_length)
            )
        # WCAG 1.3.5: personal fields say what they hold, so browsers can fill them.
        autocomplete = {
            "applicant_name": "name",
            "id_number": "off",
            "legal_representative": "off",
            "contact_person": "name",
            "phone": "tel",
            "email": "email",
            "address": "street-address",
            "postcode": "postal-code",
        }
        for name, value in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value
        self.fields["postcode"].widget.attrs["inputmode"] = "numeric"
        _required_messages(self)
        self.fields["agency"].error_messages["required"] = "请选择受理机关。"
        self.fields["agency"].error_messages["invalid_choice"] = (
            "所选机关不存在，请重新选择。"
        )

    def clean_submission(self) -> str:
        key = self.cleaned_data.get("submission") or ""
        return key if _SUBMISSION_KEY.match(key) else ""

    def clean_id_proof_upload(self) -> Any:
        upload = self.cleaned_data.get("id_proof_upload")
        if upload:
            check_upload(upload, allowed=ID_PROOF_TYPES, max_bytes=ID_PROOF_MAX_BYTES)
        return upload

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if not _PHONE.match(phone):
            raise ValidationError("请填写有效的联系电话（7至20位数字）。")
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("applicant_type")
        id_type = data.get("id_type")
        number = (data.get("id_number") or "").strip()
        if (
            id_type == Application.IdType.RESIDENT_ID
            and number
            and not valid_resident_id(number)
        ):
            self.add_error("id_number", "居民身份证号码应为18位，且校验位正确。")
        if kind and kind != ApplicantType.NATURAL_PERSON:
            if id_type == Application.IdType.RESIDENT_ID:
                self.add_error(
                    "id_type", "法人或其他组织请选择统一社会信用代码证或其他有效证件。"
                )
            if not (data.get("contact_person") or "").strip():
                self.add_error("contact_person", "法人或其他组织请填写联系人。")
        if (
            not (data.get("info_doc_number") or "").strip()
            and not (data.get("info_description") or "").strip()
        ):
            self.add_error(
                "info_description", "请填写文号或特征性描述，便于查找所需信息。"
            )
        route = data.get("route")
        if route == Application.Route.EMAIL and not data.get("email"):
            self.add_error("email", "选择电子邮件获取时，请填写电子邮箱。")
        if route == Application.Route.POST and not (data.get("address") or "").strip():
            self.add_error("address", "选择邮寄获取时，请填写通信地址。")
        return data


class RegisterForm(ApplicationForm):
    """Staff intake of applications not made online (第二十九条、第三十一条)."""

    kind = forms.ChoiceField(label="申请类型", choices=Application.Kind.choices)
    channel = forms.ChoiceField(
        label="提交方式",
        choices=[
            c for c in Application.Channel.choices if c[0] != Application.Channel.ONLINE
        ],
        widget=forms.RadioSelect,
    )
    received_on = DateField(
        label="收到申请之日",
        past=True,
        help_text="条例第三十一条：当面提交的为提交之日；邮寄需签收的为签收之日；平常信函为与申请人确认之日；传真为双方确认之日。",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["id_proof_upload"].required = False
        self.fields[
            "id_proof_upload"
        ].help_text = "窗口提交的可现场扫描；PDF、JPEG 或 PNG，不超过 10 MB。"
        self.fields["phone"].help_text = ""
        self.order_fields(["agency", "kind", "channel", "received_on"])
        self.fields["agency"].label = "受理机关"
        _required_messages(self)
        self.fields["agency"].error_messages["required"] = "请选择受理机关。"


def _text(label: str, rows: int = 2, max_length: int = 2000, **kw: Any) -> Any:
    return forms.CharField(
        label=label,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kw,
    )


class StaffForm(ChineseMessagesMixin, forms.Form):
    pass


class ConfirmForm(StaffForm):
    on = DateField(
        label="确认收到之日",
        past=True,
        help_text="与申请人确认收到申请的日期；答复期限自次日起计算。",
    )


class SupplementForm(StaffForm):
    items = _text("需要补正的事项", rows=3)
    deadline = DateField(label="补正期限", help_text="给申请人补正的合理期限。")


class SupplementAnswerForm(StaffForm):
    answer = _text(
        "补正内容",
        rows=5,
        max_length=5000,
        help_text="请用文字说明补正的内容，最多5000字。需要提交证件或纸质材料的，请按补正告知书写明的方式提交。",
    )


class ConsultationForm(StaffForm):
    party = forms.ChoiceField(label="对象类型", choices=Consultation.Party.choices)
    party_name = forms.CharField(label="被征求意见方", max_length=200)
    party_address = forms.CharField(label="联系地址", max_length=300, required=False)
    matter = _text("征求意见事项")
    sent_on = DateField(label="发函日期", past=True)


class ConsultationReplyForm(StaffForm):
    consultation = forms.IntegerField(widget=forms.HiddenInput)
    opinion = forms.ChoiceField(
        label="意见",
        choices=[c for c in Consultation.Opinion.choices if c[0]],
    )
    text = _text("意见内容", required=False)
    on = DateField(label="收到意见或期满之日", past=True)
    public_interest_override = forms.BooleanField(
        label="不公开可能对公共利益造成重大影响，决定公开并书面告知第三方（第三十二条）",
        required=False,
    )


class ExtensionForm(StaffForm):
    days = forms.IntegerField(
        label="延长工作日数",
        min_value=1,
        max_value=20,
        initial=20,
        error_messages={
            "min_value": "延长期限应为1至20个工作日。",
            "max_value": "延长期限应为1至20个工作日。",
            "invalid": "请填写1至20之间的整数。",
        },
    )
    reason = _text("延期理由")


class ReasonForm(StaffForm):
    note = _text("需要说明的事项")


class DeferForm(StaffForm):
    until = DateField(label="延迟答复期限")
    reason = _text("理由")


class FeeForm(StaffForm):
    basis = forms.ChoiceField(label="计收方式", choices=FeeNotice.Basis.choices)
    pages = forms.IntegerField(
        label="页数（按量计收时填写）",
        min_value=0,
        max_value=100000,
        required=False,
        initial=0,
    )
    count = forms.IntegerField(
        label="件数（按件计收；一事一申请拆分的件数）",
        min_value=1,
        max_value=1000,
        initial=1,
    )


class FeeNoticeForm(StaffForm):
    notice = forms.IntegerField(widget=forms.HiddenInput)
    on = DateField(label="缴费日期", past=True, required=False)


class DraftReplyForm(StaffForm):
    result = forms.ChoiceField(
        label="答复类型",
        choices=[("", "请选择")]
        + [
            c
            for c in ResultCodeChoices.choices
            if c[0] not in ("other_no_supplement", "other_fee_unpaid")
        ],
    )
    reasons = _text(
        "答复内容及理由",
        rows=4,
        max_length=5000,
        required=False,
        help_text="不予公开、部分公开的须写明理由和依据（条例第三十六条第三项）。",
    )
    provision = _text(
        "信息提供方式（第四十条）",
        required=False,
        help_text="予以公开、部分公开的必填。例如：随本答复书附送电子文本；或告知查阅地点与时间。",
    )
    other_agency = forms.CharField(
        label="负责公开的机关及联系方式（第三十六条第五项）",
        max_length=300,
        required=False,
    )


class DeliverForm(StaffForm):
    on = DateField(label="送达日期", past=True)
    method = forms.CharField(
        label="送达方式",
        max_length=100,
        initial="网上送达",
        help_text="例如：网上送达、邮寄送达（附邮件号）、当面领取。",
    )


class WithdrawForm(StaffForm):
    reason = _text(
        "撤回情况", help_text="申请人撤回的方式和日期，例如“申请人来电撤回”。"
    )


class CorrectionForm(StaffForm):
    outcome = forms.ChoiceField(
        label="处理结果", choices=Application.CorrectionOutcome.choices
    )
    note = _text("说明")


class RemedyForm(StaffForm):
    kind = forms.ChoiceField(label="类型", choices=Remedy.Kind.choices)
    body = forms.CharField(label="复议机关或人民法院", max_length=200)
    filed_date = DateField(label="申请或立案日期", past=True)
    case_number = forms.CharField(label="案号", max_length=100, required=False)


class RemedyDecisionForm(StaffForm):
    remedy = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label="结果", choices=Remedy.Outcome.choices)
    decided_date = DateField(label="审结日期", past=True, required=False)
    note = forms.CharField(label="备注", max_length=2000, required=False)


class ReleaseFileForm(StaffForm):
    file = forms.FileField(
        label="提供的信息文件",
        help_text="PDF、Word（DOCX）、Excel（XLSX）或图片，不超过 20 MB；申请人可在查询页下载。",
    )


class AssignForm(ChineseMessagesMixin, forms.Form):
    to = forms.ModelChoiceField(
        label="经办人", queryset=User.objects.none(), empty_label="请选择经办人"
    )

    def __init__(self, *args: Any, agency: Agency | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if agency is not None:
            self.fields["to"].queryset = User.objects.filter(
                memberships__agency=agency
            ).distinct()


class TrackForm(ChineseMessagesMixin, forms.Form):
    tracking_number = forms.CharField(
        label="申请编号",
        max_length=20,
        help_text="例如 YSQ-2026-000123，提交申请后页面显示，窗口登记的见登记回执。",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    access_code = forms.CharField(
        label="查询码",
        max_length=20,
        help_text="10位字母和数字，提交申请时只显示一次；不区分大小写。",
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )


class ProposeForm(ChineseMessagesMixin, forms.Form):
    case_ids = forms.CharField(widget=forms.HiddenInput)
    title = forms.CharField(label="拟主动公开的信息标题", max_length=300)

    def clean_case_ids(self) -> list[int]:
        try:
            return [int(x) for x in self.cleaned_data["case_ids"].split(",") if x]
        except ValueError:
            raise ValidationError("所选申请无效。") from None


def today_initial() -> dict[str, date]:
    return {"on": timezone.localdate()}


class CaseLookupForm(ChineseMessagesMixin, forms.Form):
    """Staff home: open a case by its number (an applicant on the phone)."""

    q = forms.CharField(label="申请编号", max_length=20)
