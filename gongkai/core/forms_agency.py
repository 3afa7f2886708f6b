"""Forms for agencies and staff accounts; changes go through core.actions_agency."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from gongkai.core.actions_agency import AGENCY_ADMIN_FIELDS, PLATFORM_FIELDS
from gongkai.core.models import Agency, Role, User
from gongkai.domain.index_number import IndexTemplateError, validate_template


class AccessibleFormMixin:
    """aria-invalid and aria-describedby for help text and errors (WCAG 3.3.1)."""

    def _describe(self) -> None:
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}_help"

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:  # type: ignore[attr-defined]
                field = self.fields[name]  # type: ignore[attr-defined]
                ids = [f"id_{name}_error"]
                if field.help_text:
                    ids.append(f"id_{name}_help")
                field.widget.attrs["aria-describedby"] = " ".join(ids)
                field.widget.attrs["aria-invalid"] = "true"


class AgencyForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Agency
        fields = PLATFORM_FIELDS
        widgets = {
            "guide_html": forms.Textarea(attrs={"rows": 16}),
        }
        help_texts = {
            "guide_html": "政府信息公开指南：信息分类、编排体系、获取方式，信息公开工作机构的名称、办公地址、办公时间、联系电话、传真号码、互联网联系方式等（条例第二十二条）。可填写 HTML，不安全内容会被移除。",
            "slug": "用于公开页面网址，只能使用英文字母、数字和连字符。",
        }

    def __init__(self, *args: Any, platform: bool, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if not platform:
            for name in list(self.fields):
                if name not in AGENCY_ADMIN_FIELDS:
                    del self.fields[name]
        elif "parent" in self.fields and self.instance.pk:
            self.fields["parent"].queryset = Agency.objects.exclude(pk=self.instance.pk)
        self._describe()

    def clean_index_template(self) -> str:
        value = self.cleaned_data["index_template"].strip()
        try:
            validate_template(value)
        except IndexTemplateError as exc:
            raise ValidationError(str(exc)) from None
        return value

    def clean_guide_html(self) -> str:
        from gongkai.lib.html import sanitize_html, text_to_html

        value = self.cleaned_data["guide_html"]
        if value.strip() and "<" not in value:
            return text_to_html(value)
        return sanitize_html(value)

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields}


class StaffAccountForm(AccessibleFormMixin, forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    display_name = forms.CharField(label="姓名", max_length=60)
    email = forms.EmailField(label="电子邮箱", required=False)
    password = forms.CharField(
        label="初始密码",
        widget=forms.PasswordInput(render_value=False),
        help_text="至少 8 位，请通过安全渠道告知本人并提醒其登录后修改。",
    )
    roles = forms.MultipleChoiceField(
        label="岗位", choices=Role.choices, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self._describe()

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError("该用户名已被使用。")
        return username


class GrantRoleForm(AccessibleFormMixin, forms.Form):
    user = forms.ModelChoiceField(
        label="已有账号", queryset=User.objects.filter(is_active=True)
    )
    role = forms.ChoiceField(label="岗位", choices=Role.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self._describe()
