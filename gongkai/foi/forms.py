"""Forms of the applicant site and the staff console. Validation messages are in
Chinese and name the field; nothing typed is lost on error (except files)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai.core.models import Agency, User
from gongkai.domain.foi_codes import ApplicantType
from gongkai.foi.actions import ID_PROOF_MAX_BYTES
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

    class Meta:
        model = Application
        fields = [
            "applicant_type",
            "applicant_name",
            "id_type",
            "id_number",
            "legal_representative",
            "contact_person",
            "phone",
            "email",
            "address",
            "postcode",
            "needs_assistance",
            "info_title",
            "info_doc_number",
            "info_description",
            "form",
            "route",
            "proactive_proposal",
        ]
        widgets = {
            "applicant_type": forms.RadioSelect,
            "form": forms.RadioSelect,
            "route": forms.RadioSelect,
            "info_description": forms.Textarea(attrs={"rows": 4}),
            "proactive_proposal": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "info_title": "所需政府信息的名称。",
            "info_doc_number": "如知道文号请填写，例如 甲政发〔2025〕3号。",
            "info_description": "没有名称或文号时，请描述信息的内容、形成时间、制作机关等特征。",
            "proactive_proposal": "如认为该信息应当主动公开，可在此提出建议（第四十四条第二款）。",
            "legal_representative": "法人或其他组织填写。",
            "contact_person": "法人或其他组织填写。",
        }

    def __init__(self, *args: Any, agencies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = (
            [(a.pk, a.name) for a in agencies]
            if agencies is not None
            else agency_choices()
        )
        self.fields["agency"].choices = [("", "请选择机关"), *choices]
        self.fields["applicant_type"].choices = [
            c for c in self.fields["applicant_type"].choices if c[0]
        ]
        for name in ("form", "route"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]
        autocomplete = {
            "applicant_name": "name",
            "phone": "tel",
            "email": "email",
            "address": "street-address",
            "postcode": "postal-code",
        }
        for name, value in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value

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
    received_on = forms.DateField(
        label="收到申请之日",
        widget=DateInput(),
        help_text="当面提交为提交之日；邮寄需签收的为签收之日；平常信函为与申请人确认之日；传真为双方确认之日。",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["id_proof_upload"].required = False
        self.fields["id_proof_upload"].help_text = "可稍后补充；窗口提交的可现场扫描。"


class ConfirmForm(forms.Form):
    on = forms.DateField(label="确认收到之日", widget=DateInput())


class SupplementForm(forms.Form):
    items = forms.CharField(
        label="需要补正的事项", widget=forms.Textarea(attrs={"rows": 3})
    )
    deadline = forms.DateField(label="补正期限", widget=DateInput())


class SupplementAnswerForm(forms.Form):
    answer = forms.CharField(
        label="补正内容",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )


class ConsultationForm(forms.Form):
    party = forms.ChoiceField(label="对象类型", choices=Consultation.Party.choices)
    party_name = forms.CharField(label="被征求意见方", max_length=200)
    party_address = forms.CharField(label="联系地址", max_length=300, required=False)
    matter = forms.CharField(
        label="征求意见事项", widget=forms.Textarea(attrs={"rows": 2})
    )
    sent_on = forms.DateField(label="发函日期", widget=DateInput())


class ConsultationReplyForm(forms.Form):
    consultation = forms.IntegerField(widget=forms.HiddenInput)
    opinion = forms.ChoiceField(
        label="意见",
        choices=[c for c in Consultation.Opinion.choices if c[0]],
    )
    text = forms.CharField(
        label="意见内容", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    on = forms.DateField(label="收到意见或期满之日", widget=DateInput())
    public_interest_override = forms.BooleanField(
        label="不公开可能对公共利益造成重大影响，决定公开并书面告知第三方（第三十二条）",
        required=False,
    )


class ExtensionForm(forms.Form):
    days = forms.IntegerField(
        label="延长工作日数", min_value=1, max_value=20, initial=20
    )
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    note = forms.CharField(
        label="需要说明的事项", widget=forms.Textarea(attrs={"rows": 2})
    )


class DeferForm(forms.Form):
    until = forms.DateField(label="延迟答复期限", widget=DateInput())
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}))


class FeeForm(forms.Form):
    basis = forms.ChoiceField(label="计收方式", choices=FeeNotice.Basis.choices)
    pages = forms.IntegerField(
        label="页数（按量）", min_value=0, required=False, initial=0
    )
    count = forms.IntegerField(
        label="件数（按件，一事一申请拆分）", min_value=1, initial=1
    )


class FeeNoticeForm(forms.Form):
    notice = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label="日期", widget=DateInput(), required=False)


class DraftReplyForm(forms.Form):
    result = forms.ChoiceField(
        label="答复类型",
        choices=[("", "请选择")]
        + [
            c
            for c in ResultCodeChoices.choices
            if c[0] not in ("other_no_supplement", "other_fee_unpaid")
        ],
    )
    reasons = forms.CharField(
        label="答复内容及理由", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    provision = forms.CharField(
        label="信息提供方式（第四十条）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="例如：随本答复书附送电子文本；或告知查阅地点与时间。",
    )
    other_agency = forms.CharField(
        label="负责公开的机关及联系方式（第三十六条第五项）",
        max_length=300,
        required=False,
    )


class DeliverForm(forms.Form):
    on = forms.DateField(label="送达日期", widget=DateInput())
    method = forms.CharField(label="送达方式", max_length=100, initial="网上送达")


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤回情况", widget=forms.Textarea(attrs={"rows": 2}))


class CorrectionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="处理结果", choices=Application.CorrectionOutcome.choices
    )
    note = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 2}))


class RemedyForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=Remedy.Kind.choices)
    body = forms.CharField(label="复议机关或人民法院", max_length=200)
    filed_date = forms.DateField(label="申请或立案日期", widget=DateInput())
    case_number = forms.CharField(label="案号", max_length=100, required=False)


class RemedyDecisionForm(forms.Form):
    remedy = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label="结果", choices=Remedy.Outcome.choices)
    decided_date = forms.DateField(label="审结日期", widget=DateInput(), required=False)
    note = forms.CharField(label="备注", required=False)


class ReleaseFileForm(forms.Form):
    file = forms.FileField(
        label="提供的信息文件", help_text="PDF、Word、Excel 或图片。"
    )


class AssignForm(forms.Form):
    to = forms.ModelChoiceField(label="经办人", queryset=User.objects.none())

    def __init__(self, *args: Any, agency: Agency | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if agency is not None:
            self.fields["to"].queryset = User.objects.filter(
                memberships__agency=agency
            ).distinct()


class TrackForm(forms.Form):
    tracking_number = forms.CharField(
        label="申请编号", max_length=20, help_text="例如 YSQ-2026-000123"
    )
    access_code = forms.CharField(
        label="查询码", max_length=20, widget=forms.PasswordInput
    )


class ProposeForm(forms.Form):
    case_ids = forms.CharField(widget=forms.HiddenInput)
    title = forms.CharField(label="拟主动公开的信息标题", max_length=300)

    def clean_case_ids(self) -> list[int]:
        try:
            return [int(x) for x in self.cleaned_data["case_ids"].split(",") if x]
        except ValueError:
            raise ValidationError("所选申请无效。") from None


def today_initial() -> dict[str, date]:
    return {"on": timezone.localdate()}
