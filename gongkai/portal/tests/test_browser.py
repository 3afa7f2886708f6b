"""In Chromium: axe-core finds no serious or critical problem on the main pages,
the skip link is the first Tab stop, and 大字版 works with JavaScript turned off."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.urls import reverse

AXE = Path(__file__).parent / "vendor" / "axe.min.js"

# Live-server tests end with a flush; gongkai/conftest.py puts the seeded rows back.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _axe(page) -> list[dict]:  # type: ignore[no-untyped-def]
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
            }));
        }"""
    )
    return result


def _serious(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def _main_pages(corpus) -> list[tuple[str, str, int]]:  # type: ignore[no-untyped-def]
    slug = corpus.agency.slug
    return [
        ("home", "/", 200),
        ("agency column", reverse("portal:agency", args=[slug]), 200),
        ("guide", reverse("portal:agency-guide", args=[slug]), 200),
        ("catalogue list", corpus.rules.get_absolute_url(), 200),
        (
            "standard catalogue",
            reverse("portal:catalogue", args=[slug, "standard"]),
            200,
        ),
        ("documents with filters", reverse("portal:documents") + "?year=abc", 200),
        ("document", corpus.policy.get_absolute_url(), 200),
        ("repealed document", corpus.repealed.get_absolute_url(), 200),
        ("interpretation", corpus.interpretation.get_absolute_url(), 200),
        ("withdrawn (410)", corpus.withdrawn.get_absolute_url(), 410),
        ("not found (404)", "/no/such/page/", 404),
        ("topics", reverse("portal:topics"), 200),
        ("search", "/search/?q=营商环境", 200),
        ("staff login", "/staff/login/", 200),
    ]


def _check_pages(page, corpus, label: str) -> None:  # type: ignore[no-untyped-def]
    problems = {}
    for name, url, status in _main_pages(corpus):
        response = page.goto(page.base_url + url)
        assert response.status == status, f"{name}: {response.status}"
        found = _serious(_axe(page))
        if found:
            problems[name] = found
    assert not problems, f"{label}:\n" + json.dumps(
        problems, ensure_ascii=False, indent=1
    )


def test_axe_finds_no_serious_violations(page, corpus):
    _check_pages(page, corpus, "standard mode")


def test_axe_finds_no_serious_violations_in_large_text_and_high_contrast(page, corpus):
    page.context.add_cookies(
        [
            {"name": "gk_large_text", "value": "1", "url": page.base_url},
            {"name": "gk_contrast", "value": "1", "url": page.base_url},
        ]
    )
    page.goto(page.base_url + "/")
    assert (
        page.evaluate("document.documentElement.className")
        == "large-text high-contrast"
    )
    _check_pages(page, corpus, "large text + high contrast")


def test_axe_on_a_narrow_mobile_viewport(page, corpus):
    page.set_viewport_size({"width": 320, "height": 700})
    for url in ("/", corpus.policy.get_absolute_url(), corpus.rules.get_absolute_url()):
        page.goto(page.base_url + url)
        assert not _serious(_axe(page)), url
        # Reflow (WCAG 1.4.10): no horizontal scrolling at 320 CSS pixels.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{url} is {width}px wide"


def test_tab_reaches_the_skip_link_first_and_it_moves_focus_to_main(page, corpus):
    page.goto(page.base_url + corpus.policy.get_absolute_url())
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "[document.activeElement.className, document.activeElement.textContent]"
    )
    assert focused == ["skip-link", "跳到主要内容"]
    # The focused skip link is visible on screen with a focus outline.
    box = page.locator(".skip-link").bounding_box()
    assert box and box["y"] >= 0 and box["height"] > 10
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # The next Tab stop is inside the main content, past header and navigation.
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')")


def test_every_link_and_control_in_the_header_is_reachable_by_keyboard(page, corpus):
    page.goto(page.base_url + "/")
    reached = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.add(
            page.evaluate(
                "document.activeElement.getAttribute('href') || document.activeElement.id"
            )
        )
    assert {"/xxgk/", "/foi/", "/search/", "site-search-q", "hero-q"} <= reached
    assert any(h and h.startswith("/display/?large_text=1") for h in reached)


def test_large_text_mode_works_without_javascript(browser, live_server, corpus):
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    try:
        page = context.new_page()
        url = live_server.url + corpus.policy.get_absolute_url()
        page.goto(url)
        assert page.locator("html").get_attribute("class") is None
        page.get_by_role("link", name="大字版").click()
        assert page.url == url
        assert page.locator("html").get_attribute("class") == "large-text"
        assert page.get_by_role("link", name="标准字号").is_visible()
        page.get_by_role("link", name="标准字号").click()
        assert page.url == url
        assert page.locator("html").get_attribute("class") is None
    finally:
        context.close()


def test_large_text_mode_enlarges_the_text(page, corpus):
    page.goto(page.base_url + "/")
    before = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    page.get_by_role("link", name="大字版").click()
    after = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert after >= before * 1.2
