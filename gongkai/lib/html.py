"""Rich text: sanitised HTML for bodies, and plain text for search and snippets."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "sub",
    "sup",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "caption",
    "blockquote",
    "a",
    "img",
    "figure",
    "figcaption",
    "hr",
    "div",
    "span",
    "pre",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}


def sanitize_html(value: str) -> str:
    """Keep document structure, drop scripts, handlers, styles and foreign schemes."""
    if not value:
        return ""
    value = value.replace("\x00", "")
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def text_to_html(text: str) -> str:
    """Plain text (one paragraph per line) as safe HTML paragraphs."""
    paragraphs = [line.strip() for line in (text or "").splitlines()]
    out = []
    for p in paragraphs:
        if not p:
            continue
        if p.startswith("## "):
            out.append(f"<h2>{html.escape(p[3:].strip())}</h2>")
        elif p.startswith("### "):
            out.append(f"<h3>{html.escape(p[4:].strip())}</h3>")
        else:
            out.append(f"<p>{html.escape(p)}</p>")
    return "\n".join(out)


_BLOCK = {
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "table",
    "caption",
    "pre",
    "hr",
    "figure",
    "figcaption",
}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append("\t")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(value: str) -> str:
    if not value:
        return ""
    parser = _TextExtractor()
    parser.feed(value)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t\u3000]+\n", "\n", text)
    return re.sub(r"\n{2,}", "\n", text).strip()
