"""Shared fixtures: personas in two agencies and a headless Chromium page.

Personas (healthchecks style): `drafter_a`, `reviewer_a`, `approver_a`, `admin_a` work
in agency A; `drafter_b` works in agency B and must never see A's drafts.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator

import pytest

from gongkai.core.models import Agency, Membership, Role, User

PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _fast_hasher_and_media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


# Rows that data migrations seed into every database. Transactional tests (live server,
# threads) end with a flush that empties them, so they are put back before each such test.
SEEDED = [
    ("gongkai.workdays.migrations.0002_seed_2004_2026", "workdays.CalendarYear"),
    (
        "gongkai.publishing.migrations.0003_seed_topic_categories",
        "publishing.TopicCategory",
    ),
]


@pytest.fixture(autouse=True)
def _reseed_after_flush(request):  # type: ignore[no-untyped-def]
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    for module, label in SEEDED:
        if not apps.get_model(label).objects.exists():
            importlib.import_module(module).seed(apps, None)


def make_agency(name: str, code: str, **kw) -> Agency:  # type: ignore[no-untyped-def]
    kw.setdefault("level", Agency.Level.COUNTY)
    kw.setdefault("slug", code.lower())
    kw.setdefault("office_name", f"{name}办公室")
    return Agency.objects.create(name=name, code=code, **kw)


def make_user(username: str, agency: Agency | None, *roles: str, **kw) -> User:  # type: ignore[no-untyped-def]
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        display_name=kw.pop("display_name", username),
        **kw,
    )
    for role in roles:
        Membership.objects.create(user=user, agency=agency, role=role)
    return user


@pytest.fixture
def agency_a(db) -> Agency:  # type: ignore[no-untyped-def]
    return make_agency("甲县人民政府", "11A000001")


@pytest.fixture
def agency_b(db) -> Agency:  # type: ignore[no-untyped-def]
    return make_agency("乙县人民政府", "11B000002")


@pytest.fixture
def drafter_a(agency_a) -> User:  # type: ignore[no-untyped-def]
    return make_user("drafter_a", agency_a, Role.DRAFTER)


@pytest.fixture
def reviewer_a(agency_a) -> User:  # type: ignore[no-untyped-def]
    return make_user("reviewer_a", agency_a, Role.REVIEWER)


@pytest.fixture
def approver_a(agency_a) -> User:  # type: ignore[no-untyped-def]
    return make_user("approver_a", agency_a, Role.APPROVER)


@pytest.fixture
def admin_a(agency_a) -> User:  # type: ignore[no-untyped-def]
    return make_user("admin_a", agency_a, Role.AGENCY_ADMIN)


@pytest.fixture
def drafter_b(agency_b) -> User:  # type: ignore[no-untyped-def]
    return make_user("drafter_b", agency_b, Role.DRAFTER, Role.REVIEWER, Role.APPROVER)


@pytest.fixture
def platform_admin(db) -> User:  # type: ignore[no-untyped-def]
    return make_user(
        "platform_admin", None, is_platform_admin=True, is_staff=True, is_superuser=True
    )


CHROMIUM = os.environ.get("GONGKAI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A Chromium page; `page.base_url` is the live server's address."""
    context = browser.new_context(locale="zh-CN", base_url=live_server.url)
    pg = context.new_page()
    pg.base_url = live_server.url
    yield pg
    context.close()
