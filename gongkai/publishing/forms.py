"""Staff forms for records, review decisions, links and the 主动公开目录.

Forms only parse and check input; every change is made by `publishing.actions`.
A form that fails leaves the database as it was.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone

from gongkai.core.models import Agency
from gongkai.domain.docnumber import parse_doc_number
from gongkai.domain.validity import check_dates
from gongkai.lib.html import sanitize_html, text_to_html
from gongkai.lib.uploads import check_upload
from gongkai.publishing.models import (
    Attachment,
    CatalogueNode,
    Disclosure,
    DocumentKind,
    DocumentRelation,
    Genre,
    Revision,
)
from gongkai.publishing.queries import topic_choices


class DateWidget(forms.DateInput):
    """The browser's own date picker; it only accepts ISO dates as its value."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class AccessibleForm(forms.Form):
    """Marks invalid fields with aria-invalid and points aria-describedby at the
    field's help text and error message (WCAG 2.1 3.3.1, 3.3.2)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}_help"

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            attrs = self.fields[name].widget.attrs
            ids = [f"id_{name}_error"]
            if self.fields[name].help_text:
                ids.append(f"id_{name}_help")
            attrs["aria-describedby"] = " ".join(ids)
            attrs["aria-invalid"] = "true"


_OPENING = "〔[【(（［{〖"
_CLOSING = "〕]】)）］}〗"
_PAIRS = dict(zip(_CLOSING, _OPENING, strict=True))


def check_doc_number(text: str) -> str:
    """Raise ValidationError for a broken 文号; return a warning for an unusual one.

    Refused: markup, unbalanced or crossed brackets, no digit at all (people type
    "无" where there is no number; the field should then stay empty). Accepted with a
    warning: anything else that is not `机关代字〔年份〕序号号` or a 令号, since local
    numbering varies (e.g. `阳府办函〔2021〕9号`, `××政规〔2020〕2号`, `公告2020年第3号`).
    """
    if not text:
        return ""
    if "<" in text or ">" in text:
        raise ValidationError("文号不能包含尖括号或 HTML 标记。")
    stack: list[str] = []
    for ch in text:
        if ch in _OPENING:
            stack.append(ch)
        elif ch in _CLOSING and (not stack or stack.pop() != _PAIRS[ch]):
            raise ValidationError(
                "文号中的括号不成对，请按“国办发〔2020〕17号”的格式填写。"
            )
    if stack:
        raise ValidationError(
            "文号中的括号不成对，请按“国办发〔2020〕17号”的格式填写。"
        )
    if not re.search(r"[0-9０-９一二三四五六七八九十〇零]", text):
        raise ValidationError("文号中没有序号；没有文号的文件请将此栏留空。")
    parsed = parse_doc_number(text)
    if parsed is None:
        return (
            f"文号“{text}”不是常见的“机关代字〔年份〕序号号”或“令号”格式，"
            "已按原样保存，请核对。"
        )
    this_year = timezone.localdate().year
    if parsed.year is not None and not 1949 <= parsed.year <= this_year + 1:
        return f"文号“{text}”中的年份 {parsed.year} 不在合理范围内，请核对。"
    return ""


_UNSAFE = re.compile(
    r"<\s*(script|iframe|object|embed|style|form|input|link|meta)\b|\son\w+\s*=|javascript:",
    re.IGNORECASE,
)
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
_TITLE_MARKUP = re.compile(r"<\s*[a-zA-Z!/?]|&#?[a-zA-Z0-9]+;")


def body_to_html(body: str) -> tuple[str, str]:
    """Sanitised HTML for a body typed as HTML or as plain text, and a warning
    when unsafe content was removed."""
    body = (body or "").replace("\r\n", "\n")
    if not body.strip():
        return "", ""
    warning = ""
    if _UNSAFE.search(body):
        warning = "正文中的脚本、表单或事件属性等不安全内容已被移除。"
    if _TAG.search(body):
        return sanitize_html(body), warning
    return text_to_html(body), warning


def parse_qa(text: str) -> list[dict[str, str]]:
    """问答 typed as alternating “问：…” and “答：…” paragraphs."""
    pairs: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for raw in (text or "").replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            continue
        m = re.match(r"^(问|答|Q|A)\s*[：:]\s*(.*)$", line, re.IGNORECASE)
        if m and m.group(1).upper() in ("问", "Q"):
            if current is not None and not current["a"]:
                raise ValidationError(f"问题“{current['q'][:30]}”没有对应的回答。")
            current = {"q": m.group(2), "a": ""}
            pairs.append(current)
        elif m:
            if current is None:
                raise ValidationError("每个回答前须先写问题（以“问：”开头）。")
            current["a"] = (current["a"] + "\n" + m.group(2)).strip()
        elif current is not None:
            key = "a" if current["a"] else "q"
            current[key] = (current[key] + "\n" + line).strip()
        else:
            raise ValidationError("问答须以“问：”开头，每个问题后写“答：”。")
    if current is not None and not current["a"]:
        raise ValidationError(f"问题“{current['q'][:30]}”没有对应的回答。")
    if _TITLE_MARKUP.search(" ".join(p["q"] + p["a"] for p in pairs)):
        raise ValidationError("问答只能是纯文本，不能包含 HTML 标记。")
    return pairs


def qa_to_text(qa: list[dict[str, str]]) -> str:
    return "\n".join(f"问：{p['q']}\n答：{p['a']}" for p in qa or [])


class CatalogueChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: CatalogueNode) -> str:
        return f"{obj.parent.name} › {obj.name}" if obj.parent_id else obj.name


class DocumentForm(AccessibleForm):
    """The full 政府信息 metadata (portal.md §4.3) for a draft or a revision."""

    title = forms.CharField(label="标题", max_length=500)
    kind = forms.ChoiceField(
        label="信息类型",
        choices=[
            (DocumentKind.GENERAL, DocumentKind.GENERAL.label),
            (DocumentKind.POLICY, DocumentKind.POLICY.label),
        ],
        help_text="政策性文件须同步起草政策解读，与解读一并签发、同步发布（谁起草谁解读）。",
    )
    topic = forms.TypedChoiceField(
        label="主题分类", coerce=int, required=False, empty_value=None
    )
    genre = forms.ChoiceField(label="体裁（文种）", choices=Genre.choices)
    doc_number = forms.CharField(
        label="文号",
        max_length=120,
        required=False,
        help_text="按印发时填写，例如“国办发〔2020〕17号”或“国务院令第711号”；没有文号请留空。",
    )
    issuing_agencies = forms.ModelMultipleChoiceField(
        label="发布机构",
        queryset=Agency.objects.all(),
        required=False,
        help_text="联合发文可选择多个机关（按住 Ctrl 键多选）；不选则为本机关。",
    )
    written_date = forms.DateField(
        label="成文日期", required=False, widget=DateWidget()
    )
    formed_date = forms.DateField(
        label="信息形成或变更日期",
        required=False,
        widget=DateWidget(),
        help_text="条例第二十六条：主动公开的信息应自形成或者变更之日起20个工作日内公开。",
    )
    keywords = forms.CharField(label="主题词", max_length=300, required=False)
    source = forms.CharField(label="来源", max_length=200, required=False)
    body_html = forms.CharField(
        label="正文",
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text="可直接粘贴纯文本（每行一段）或 HTML；脚本等不安全内容会被移除。",
    )
    disclosure = forms.ChoiceField(
        label="公开属性", choices=Disclosure.choices, widget=forms.RadioSelect
    )
    disclosure_reason = forms.CharField(
        label="不主动公开的理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="选择“依申请公开”或“不予公开”时必填，并写明依据（如条例第十四条、第十五条、第十六条）。",
    )
    is_normative = forms.BooleanField(label="规范性文件（标注有效性）", required=False)
    effective_date = forms.DateField(
        label="施行日期", required=False, widget=DateWidget()
    )
    expiry_date = forms.DateField(label="失效日期", required=False, widget=DateWidget())
    catalogue_nodes = CatalogueChoiceField(
        label="目录栏目",
        queryset=CatalogueNode.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    media_url = forms.URLField(
        label="音视频链接",
        required=False,
        assume_scheme="https",
        help_text="音频或视频解读的网址（可选）。",
    )
    attachment = forms.FileField(
        label="上传附件",
        required=False,
        help_text="PDF、DOCX、XLSX 或图片，单个文件不超过 20 MB。",
    )
    attachment_kind = forms.ChoiceField(
        label="附件类型", choices=Attachment.Kind.choices, required=False
    )

    def __init__(
        self,
        *args: Any,
        agency: Agency,
        interpretation: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.agency = agency
        self.interpretation = interpretation
        self.warnings: list[str] = []
        self.fields["topic"].choices = [("", "—— 请选择 ——"), *topic_choices()]
        self.fields["catalogue_nodes"].queryset = (
            CatalogueNode.objects.filter(agency=agency)
            .select_related("parent")
            .order_by(
                F("parent__position").asc(nulls_first=True),
                "parent_id",
                "position",
                "pk",
            )
        )
        if interpretation:
            del self.fields["kind"]
            self.fields["qa"] = forms.CharField(
                label="问答",
                required=False,
                widget=forms.Textarea(attrs={"rows": 8}),
                help_text="每个问题以“问：”开头，下一段以“答：”开头回答。",
            )
            self.fields["attachment_kind"].initial = Attachment.Kind.DIAGRAM
            self.fields[
                "attachment"
            ].help_text = "图解请上传 JPG 或 PNG 图片；其他材料可上传 PDF、DOCX、XLSX。"
        else:
            self.fields.pop("media_url")

    def clean_title(self) -> str:
        title = re.sub(r"\s+", " ", self.cleaned_data["title"]).strip()
        if _TITLE_MARKUP.search(title):
            raise ValidationError(
                "标题只能是纯文本，不能包含 HTML 标记、脚本或字符实体，请删除尖括号中的内容。"
            )
        if not title:
            raise ValidationError("标题不能为空。")
        return title

    def clean_doc_number(self) -> str:
        value = self.cleaned_data["doc_number"].strip()
        warning = check_doc_number(value)
        if warning:
            self.warnings.append(warning)
        return value

    def clean_topic(self) -> int | None:
        from gongkai.publishing.models import TopicCategory

        pk = self.cleaned_data["topic"]
        if pk is not None and not TopicCategory.objects.filter(pk=pk).exists():
            raise ValidationError("请选择有效的主题分类。")
        return pk

    def clean_body_html(self) -> str:
        html, warning = body_to_html(self.cleaned_data["body_html"])
        if warning:
            self.warnings.append(warning)
        return html

    def clean_qa(self) -> list[dict[str, str]]:
        return parse_qa(self.cleaned_data.get("qa", ""))

    def clean_attachment(self) -> Any:
        upload = self.cleaned_data.get("attachment")
        if upload:
            check_upload(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        today = timezone.localdate()
        messages = {
            "effective_date": "施行日期不能早于成文日期。",
            "expiry_date": "失效日期须晚于成文日期和施行日期。",
        }
        for name in check_dates(
            data.get("written_date"),
            data.get("effective_date"),
            data.get("expiry_date"),
        ):
            self.add_error(name, messages[name])
        for name, label in (
            ("written_date", "成文日期"),
            ("formed_date", "信息形成或变更日期"),
        ):
            value = data.get(name)
            if value and value > today:
                self.add_error(name, f"{label}不能晚于今天。")
        if data.get("disclosure") == Disclosure.PROACTIVE and not data.get(
            "formed_date"
        ):
            self.add_error(
                "formed_date",
                "主动公开的信息须填写信息形成或变更日期，用于计算20个工作日的公开期限。",
            )
        if (
            data.get("disclosure") in (Disclosure.ON_REQUEST, Disclosure.WITHHELD)
            and not (data.get("disclosure_reason") or "").strip()
        ):
            self.add_error(
                "disclosure_reason", "依申请公开或不予公开的信息必须填写理由。"
            )
        if data.get("is_normative") and not data.get("effective_date"):
            self.add_error("effective_date", "规范性文件须填写施行日期。")
        if (data.get("effective_date") or data.get("expiry_date")) and not data.get(
            "is_normative"
        ):
            self.warnings.append(
                "填写了施行或失效日期但未勾选“规范性文件”，页面不会显示有效性。"
            )
        if data.get("attachment") and not data.get("attachment_kind"):
            data["attachment_kind"] = Attachment.Kind.ATTACHMENT
        upload = data.get("attachment")
        if (
            upload
            and data.get("attachment_kind") == Attachment.Kind.DIAGRAM
            and not check_upload(upload).content_type.startswith("image/")
        ):
            self.add_error("attachment", "图解须为图片文件（JPG、PNG、GIF 或 WEBP）。")
        return data

    def metadata(self) -> dict[str, Any]:
        """Keyword arguments for `create_document` / `update_draft`."""
        d = self.cleaned_data
        fields: dict[str, Any] = {
            "title": d["title"],
            "topic_id": d.get("topic"),
            "genre": d["genre"],
            "doc_number": d["doc_number"],
            "issuing_agencies": list(d["issuing_agencies"]) or [self.agency],
            "written_date": d.get("written_date"),
            "formed_date": d.get("formed_date"),
            "keywords": d["keywords"],
            "source": d["source"],
            "body_html": d["body_html"],
            "disclosure": d["disclosure"],
            "disclosure_reason": d["disclosure_reason"].strip()
            if d["disclosure"] != Disclosure.PROACTIVE
            else "",
            "is_normative": d["is_normative"],
            "effective_date": d.get("effective_date"),
            "expiry_date": d.get("expiry_date"),
            "catalogue_nodes": list(d["catalogue_nodes"]),
        }
        if self.interpretation:
            fields["media_url"] = d.get("media_url", "")
            fields["qa"] = d.get("qa", [])
        else:
            fields["kind"] = d["kind"]
        return fields

    def attachments(self) -> list[tuple[Any, str]]:
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return []
        return [(upload, self.cleaned_data.get("attachment_kind") or "attachment")]

    @classmethod
    def initial_from(cls, source: Revision) -> dict[str, Any]:
        return {
            "title": source.title,
            "kind": source.kind,
            "topic": source.topic_id,
            "genre": source.genre,
            "doc_number": source.doc_number,
            "issuing_agencies": list(source.issuing_agencies.all()),
            "written_date": source.written_date,
            "formed_date": source.formed_date,
            "keywords": source.keywords,
            "source": source.source,
            "body_html": source.body_html,
            "disclosure": source.disclosure,
            "disclosure_reason": source.disclosure_reason,
            "is_normative": source.is_normative,
            "effective_date": source.effective_date,
            "expiry_date": source.expiry_date,
            "catalogue_nodes": list(source.catalogue_nodes.all()),
            "media_url": source.media_url,
            "qa": qa_to_text(source.qa),
        }


class AttachmentForm(AccessibleForm):
    file = forms.FileField(
        label="选择文件", help_text="PDF、DOCX、XLSX 或图片，单个文件不超过 20 MB。"
    )
    kind = forms.ChoiceField(label="附件类型", choices=Attachment.Kind.choices)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        check_upload(upload)
        return upload


class ReasonForm(AccessibleForm):
    reason = forms.CharField(
        label="理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError("请填写理由。")
        return reason


class DecisionForm(AccessibleForm):
    """保密审查 or 审核签发: pass (with an optional note) or 退回 (reason required)."""

    decision = forms.ChoiceField(
        label="处理意见",
        widget=forms.RadioSelect,
        choices=[("pass", "同意"), ("return", "退回修改")],
    )
    note = forms.CharField(
        label="意见或退回理由",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="退回时必填，起草人会看到此理由。",
    )

    def __init__(self, *args: Any, accept_label: str = "同意", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [
            ("pass", accept_label),
            ("return", "退回修改"),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("note") or "").strip():
            self.add_error("note", "退回时必须填写理由。")
        return data


class RevisionStartForm(AccessibleForm):
    change_note = forms.CharField(
        label="修改说明",
        max_length=300,
        help_text="简要说明本次修订的内容，例如“更正附件表格中的错误数据”。",
    )


class LinkSearchForm(forms.Form):
    q = forms.CharField(label="查找文件（标题、文号或索引号）", max_length=200)


class RelationForm(AccessibleForm):
    kind = forms.ChoiceField(
        label="关系",
        choices=DocumentRelation.Kind.choices,
        widget=forms.RadioSelect,
    )
    target = forms.TypedChoiceField(label="被修改或废止的文件", coerce=int)
    effective_date = forms.DateField(
        label="生效日期",
        required=False,
        widget=DateWidget(),
        help_text="修改或废止自何日起生效；不填则以本文件发布日期为准。",
    )

    def __init__(self, *args: Any, targets: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [
            (d.pk, f"{d.title}（{d.doc_number or '无文号'}，{d.index_number or ''}）")
            for d in targets
        ]
        self.fields["target"].widget = forms.RadioSelect(
            choices=self.fields["target"].choices
        )


class CatalogueNodeForm(AccessibleForm):
    name = forms.CharField(label="栏目名称", max_length=100)
    description = forms.CharField(
        label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    basis = forms.CharField(
        label="公开依据", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    time_limit = forms.CharField(label="公开时限", max_length=200, required=False)
    channels = forms.CharField(label="公开渠道和载体", max_length=300, required=False)
    audience = forms.CharField(label="公开对象", max_length=60, required=False)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if _TITLE_MARKUP.search(name):
            raise ValidationError("栏目名称只能是纯文本。")
        return name


class NewCatalogueNodeForm(CatalogueNodeForm):
    parent = forms.TypedChoiceField(
        label="上级栏目", coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        nodes = CatalogueNode.objects.filter(agency=agency).select_related("parent")
        self.nodes = {n.pk: n for n in nodes}
        self.fields["parent"].choices = [("", "（作为一级栏目）")] + [
            (n.pk, f"{n.parent.name} › {n.name}" if n.parent_id else n.name)
            for n in nodes
        ]
        self.order_fields(["parent", "name"])

    def clean_parent(self) -> CatalogueNode | None:
        pk = self.cleaned_data["parent"]
        return self.nodes[pk] if pk is not None else None
