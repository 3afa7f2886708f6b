from __future__ import annotations

from django import forms
from django.db.models import QuerySet

from gongkai.core.models import Agency
from gongkai.domain.workdays import normalize_region_code
from gongkai.workdays import notices
from gongkai.workdays.models import CalendarEntry

EDIT_ERRORS = {
    "duplicate": "该范围内这一天已有条目，请修改原条目。",
    "national_closure": "“停止办公”只能针对地区或机关，不能设为全国。",
    "bad_region": "行政区划代码应为2至12位数字（GB/T 2260）。",
    "agency_required": "请选择机关。",
    "reason_required": "请填写依据或理由。",
    "bad_kind": "类型无效。",
    "bad_scope": "范围无效。",
}

MIN_YEAR, MAX_YEAR = 2000, 2100


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def _check_year(value) -> None:  # type: ignore[no-untyped-def]
    if value and not MIN_YEAR <= value.year <= MAX_YEAR:
        raise forms.ValidationError(f"日期应在{MIN_YEAR}年至{MAX_YEAR}年之间。")


class EntryForm(forms.Form):
    """A new entry. Agency admins get closures of their own agencies only."""

    date = forms.DateField(label="日期", widget=DateInput(), validators=[_check_year])
    kind = forms.ChoiceField(label="类型", choices=CalendarEntry.Kind.choices)
    scope = forms.ChoiceField(label="范围", choices=CalendarEntry.Scope.choices)
    region_code = forms.CharField(
        label="行政区划代码",
        required=False,
        max_length=12,
        help_text="范围为“地区”时填写，例如 54（西藏自治区）或 6523（昌吉回族自治州）",
    )
    agency = forms.ModelChoiceField(
        label="机关",
        queryset=Agency.objects.none(),
        required=False,
        help_text="范围为“本机关”时选择",
    )
    name = forms.CharField(label="名称", required=False, max_length=60)
    reason = forms.CharField(
        label="依据或理由",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="例如文件名称和文号，或停止办公的原因",
    )

    def __init__(
        self, *args, agencies: QuerySet[Agency], platform_admin: bool, **kwargs
    ) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.platform_admin = platform_admin
        self.fields["agency"].queryset = agencies
        if not platform_admin:
            self.fields["kind"].choices = [
                (CalendarEntry.Kind.CLOSURE, CalendarEntry.Kind.CLOSURE.label)
            ]
            self.fields["scope"].choices = [
                (CalendarEntry.Scope.AGENCY, CalendarEntry.Scope.AGENCY.label)
            ]
            self.fields["agency"].required = True
            del self.fields["region_code"]

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        scope = data.get("scope")
        if scope == CalendarEntry.Scope.REGIONAL:
            try:
                data["region_code"] = normalize_region_code(data.get("region_code", ""))
            except ValueError:
                self.add_error("region_code", EDIT_ERRORS["bad_region"])
        if scope == CalendarEntry.Scope.AGENCY and not data.get("agency"):
            self.add_error("agency", EDIT_ERRORS["agency_required"])
        if (
            scope == CalendarEntry.Scope.NATIONAL
            and data.get("kind") == CalendarEntry.Kind.CLOSURE
        ):
            self.add_error("kind", EDIT_ERRORS["national_closure"])
        return data


class EntryEditForm(forms.Form):
    date = forms.DateField(label="日期", widget=DateInput(), validators=[_check_year])
    kind = forms.ChoiceField(label="类型", choices=CalendarEntry.Kind.choices)
    name = forms.CharField(label="名称", required=False, max_length=60)
    reason = forms.CharField(
        label="修改理由",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def __init__(
        self, *args, entry: CalendarEntry, platform_admin: bool, **kwargs
    ) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if not platform_admin or entry.scope != CalendarEntry.Scope.NATIONAL:
            choices = list(CalendarEntry.Kind.choices)
            if entry.scope == CalendarEntry.Scope.NATIONAL:
                choices = [c for c in choices if c[0] != CalendarEntry.Kind.CLOSURE]
            if not platform_admin:
                choices = [c for c in choices if c[0] == CalendarEntry.Kind.CLOSURE]
            self.fields["kind"].choices = choices
        else:
            self.fields["kind"].choices = [
                c
                for c in CalendarEntry.Kind.choices
                if c[0] != CalendarEntry.Kind.CLOSURE
            ]


class DeleteForm(forms.Form):
    reason = forms.CharField(
        label="删除理由", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class UploadForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=MIN_YEAR, max_value=MAX_YEAR)
    file = forms.FileField(
        label="文件",
        help_text="国务院办公厅通知正文（.txt，UTF-8 或 GBK）或 CSV（date,kind,name）",
    )
    format = forms.ChoiceField(
        label="格式",
        choices=[
            (notices.FORMAT_AUTO, "自动识别"),
            (notices.FORMAT_NOTICE, "通知正文"),
            (notices.FORMAT_CSV, "CSV"),
        ],
        initial=notices.FORMAT_AUTO,
    )
    title = forms.CharField(
        label="文件标题或文号",
        required=False,
        max_length=200,
        help_text="例如 国办发明电〔2024〕12号",
    )


class ConfirmLoadForm(forms.Form):
    """The second step: the text the admin has seen in the preview."""

    year = forms.IntegerField(
        min_value=MIN_YEAR, max_value=MAX_YEAR, widget=forms.HiddenInput
    )
    text = forms.CharField(
        label="原文",
        widget=forms.Textarea(attrs={"readonly": True, "rows": 12}),
        max_length=notices.MAX_BYTES,
    )
    format = forms.ChoiceField(
        choices=[(f, f) for f in notices.FORMATS], widget=forms.HiddenInput
    )
    title = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    filename = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
