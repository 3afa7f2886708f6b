from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone

from gongkai.domain.annual_report import FEE_DECIMAL_PLACES
from gongkai.reports.models import FIRST_YEAR, AnnualReport


class StartForm(forms.Form):
    agency = forms.TypedChoiceField(label="机关", coerce=int)
    year = forms.IntegerField(label="年度", min_value=FIRST_YEAR)

    def __init__(self, *args, agencies=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.pk, a.name) for a in agencies]
        this_year = timezone.localdate().year
        self.fields["year"].validators.append(_not_after(this_year))
        self.fields["year"].initial = this_year - 1


def _not_after(year: int):  # type: ignore[no-untyped-def]
    def check(value: int) -> None:
        if value > year:
            raise forms.ValidationError("不能编写尚未开始年度的报告")

    return check


class ReportForm(forms.ModelForm):
    fees = forms.DecimalField(
        label=AnnualReport._meta.get_field("fees").verbose_name,
        min_value=Decimal(0),
        max_digits=16,
        decimal_places=FEE_DECIMAL_PLACES,
        help_text="单位：万元，可保留小数（最多四位），如 1.25 表示 12500 元",
    )

    class Meta:
        model = AnnualReport
        fields = [
            "overview",
            "licensing",
            "penalty",
            "coercion",
            "fees",
            "problems",
            "other_matters",
            "carry_over_note",
        ]
        widgets = {
            "overview": forms.Textarea(attrs={"rows": 14}),
            "problems": forms.Textarea(attrs={"rows": 8}),
            "other_matters": forms.Textarea(attrs={"rows": 6}),
            "carry_over_note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "overview": "可引用表格中的数字，如“本年新收政府信息公开申请52件”，报送前将与表格逐一核对",
        }


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="重新打开的理由", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
