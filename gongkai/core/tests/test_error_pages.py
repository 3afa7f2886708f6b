from django.test import Client


def test_csrf_failure_page_is_friendly(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/staff/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "页面已过期" in page and 'lang="zh-CN"' in page


def test_forbidden_and_bad_request_templates_render(client, db):
    from django.template.loader import render_to_string

    assert "无权访问" in render_to_string("403.html")
    assert "请求无法处理" in render_to_string("400.html")
