"""The whole workflow in a real browser: 起草 → 保密审查 → 审核签发 → public page."""

from __future__ import annotations

import pytest

from gongkai.conftest import PASSWORD
from gongkai.publishing.models import Document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, user) -> None:
    page.context.clear_cookies()
    page.goto("/staff/login/")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/staff/")


def test_draft_review_approve_and_read_it_on_the_public_site(
    page, agency_a, drafter_a, reviewer_a, approver_a
):
    log_in(page, drafter_a)
    page.goto("/staff/publishing/documents/new/")
    page.get_by_label("标题").fill("关于开展2024年防汛检查的通知")
    page.get_by_label("文号").fill("甲政办发〔2024〕12号")
    page.get_by_label("成文日期").fill("2024-06-01")
    page.get_by_label("正文", exact=True).fill("各乡镇：\n请做好防汛检查工作。")
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_text("草稿已保存").wait_for()

    # A bad edit first: an unbalanced 文号 is refused with a summary at the top.
    page.get_by_role("link", name="编辑").click()
    page.get_by_label("文号").fill("甲政办发〔2024〕12号〕")
    page.get_by_role("button", name="保存草稿").click()
    summary = page.locator(".error-summary")
    assert "括号不成对" in summary.inner_text()
    assert page.get_by_label("文号").get_attribute("aria-invalid") == "true"
    page.get_by_label("文号").fill("甲政办发〔2024〕12号")
    page.get_by_role("button", name="保存并提交保密审查").click()
    page.get_by_text("已提交保密审查").wait_for()

    log_in(page, reviewer_a)
    page.goto("/staff/publishing/")
    page.get_by_role("link", name="关于开展2024年防汛检查的通知").click()
    page.get_by_label("保密审查通过，报送审核签发").check()
    page.get_by_role("button", name="提交").click()
    page.get_by_text("保密审查通过，已报送审核签发").wait_for()

    log_in(page, approver_a)
    page.goto("/staff/publishing/")
    page.get_by_role("link", name="关于开展2024年防汛检查的通知").click()
    page.get_by_label("同意签发并发布").check()
    page.get_by_role("button", name="提交").click()
    page.get_by_text("已签发并发布").wait_for()

    doc = Document.objects.get(title="关于开展2024年防汛检查的通知")
    assert doc.status == Document.Status.PUBLISHED
    assert doc.index_number
    page.get_by_role("link", name="查看公开页面").click()
    assert page.url.endswith(doc.get_absolute_url())
    body = page.content()
    assert "关于开展2024年防汛检查的通知" in body
    assert doc.index_number in body
    assert "请做好防汛检查工作。" in body
