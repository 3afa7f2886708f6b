"""大字版 and 高对比度 without JavaScript; the 404, 410 and 500 pages."""

from __future__ import annotations

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_large_text_link_sets_a_cookie_and_returns_to_the_page(client):
    html = client.get("/xxgk/").content.decode()
    assert 'href="/display/?large_text=1&amp;next=/xxgk/"' in html
    response = client.get("/display/", {"large_text": "1", "next": "/xxgk/"})
    assert response.status_code == 302 and response["Location"] == "/xxgk/"
    cookie = response.cookies["gk_large_text"]
    assert cookie.value == "1" and cookie["samesite"] == "Lax"
    assert cookie["max-age"] >= 30 * 24 * 3600
    page = client.get("/xxgk/").content.decode()
    assert '<html lang="zh-CN" class="large-text">' in page
    assert "标准字号" in page
    off = client.get("/display/", {"large_text": "0", "next": "/xxgk/"})
    assert off.cookies["gk_large_text"].value == ""
    assert "large-text" not in client.get("/xxgk/").content.decode()


def test_high_contrast_mode(client):
    client.get("/display/", {"contrast": "1", "next": "/"})
    html = client.get("/").content.decode()
    assert "high-contrast" in html and "标准配色" in html


def test_next_keeps_the_query_string(client):
    html = client.get("/documents/", {"year": "2024", "page": "2"}).content.decode()
    assert "next=/documents/%3Fyear%3D2024%26page%3D2" in html
    response = client.get(
        "/display/", {"large_text": "1", "next": "/documents/?year=2024&page=2"}
    )
    assert response["Location"] == "/documents/?year=2024&page=2"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""]
)
def test_display_never_redirects_off_site(client, target):
    response = client.get("/display/", {"large_text": "1", "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize("params", [{}, {"large_text": "2"}, {"contrast": "yes"}])
def test_bad_display_parameters_get_a_clear_400(client, params):
    response = client.get("/display/", params)
    assert response.status_code == 400
    assert "显示设置参数有误" in response.content.decode()
    assert "gk_large_text" not in response.cookies


def test_404_page_is_friendly_and_in_chinese(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html and 'href="/foi/"' in html
    assert '<html lang="zh-CN"' in html


def _boom(request):  # type: ignore[no-untyped-def]
    raise RuntimeError("boom")


urlpatterns = [
    __import__("django.urls", fromlist=["path"]).path("boom/", _boom),
]
handler500 = "gongkai.portal.views.server_error"


@override_settings(ROOT_URLCONF=__name__)
def test_500_page_renders_without_the_database(client, django_assert_num_queries):
    client.raise_request_exception = False
    with django_assert_num_queries(0):
        response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "系统暂时无法处理您的请求" in html
    assert '<html lang="zh-CN">' in html and "site.css" in html
