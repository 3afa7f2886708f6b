"""Agency tree, agency details, 公开指南 and staff accounts through the staff pages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.conftest import PASSWORD
from gongkai.core.audit import events_for
from gongkai.core.models import Agency, Membership, Role, User
from gongkai.publishing.models import CatalogueNode

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def agency_data(**overrides):
    data = {
        "name": "丙镇人民政府",
        "slug": "bing",
        "code": "11C000003",
        "level": Agency.Level.TOWNSHIP,
        "kind": Agency.Kind.GOVERNMENT,
        "parent": "",
        "region_code": "",
        "position": 0,
        "short_name": "丙镇",
        "index_template": "{org_code}/{year}-{seq:05d}",
        "office_name": "丙镇党政办",
        "office_address": "",
        "office_hours": "",
        "office_phone": "",
        "office_fax": "",
        "office_email": "",
        "office_postcode": "",
        "guide_html": "",
    }
    data.update(overrides)
    return data


def test_platform_admin_creates_an_agency_with_its_standard_catalogue(
    platform_admin, agency_a
):
    response = login(platform_admin).post(
        reverse("core:agency-create"), agency_data(parent=agency_a.pk)
    )
    agency = Agency.objects.get(code="11C000003")
    assert response.status_code == 302
    assert agency.parent == agency_a
    assert CatalogueNode.objects.filter(
        agency=agency, slug="std-social-assistance"
    ).exists()
    assert CatalogueNode.objects.filter(
        agency=agency, slug="statutory-rural-affairs"
    ).exists()
    assert events_for(agency).filter(action="core.agency_created").exists()


def test_bad_index_template_is_refused_and_nothing_is_created(platform_admin):
    response = login(platform_admin).post(
        reverse("core:agency-create"), agency_data(index_template="{org_code}/{year}")
    )
    assert response.status_code == 200
    assert "必须包含 {seq}" in response.content.decode()
    assert not Agency.objects.filter(code="11C000003").exists()


def test_agency_admin_edits_contact_details_and_guide_of_own_agency(agency_a, admin_a):
    data = agency_data(
        office_phone="0991-1234567",
        guide_html='<h2>一、公开范围</h2><script>x()</script><p onclick="y()">内容</p>',
        index_template="{org_code}-{year}-{seq:04d}",
    )
    response = login(admin_a).post(
        reverse("core:agency-edit", args=[agency_a.pk]), data
    )
    assert response.status_code == 302
    agency_a.refresh_from_db()
    assert agency_a.office_phone == "0991-1234567"
    assert agency_a.index_template == "{org_code}-{year}-{seq:04d}"
    assert "<script" not in agency_a.guide_html and "onclick" not in agency_a.guide_html
    assert "公开范围" in agency_a.guide_html
    assert agency_a.guide_updated is not None
    # Structure stays with platform admins: the name field is not even offered.
    assert agency_a.name == "甲县人民政府"


def test_agency_admin_cannot_rename_or_move_their_agency(agency_a, agency_b, admin_a):
    login(admin_a).post(
        reverse("core:agency-edit", args=[agency_a.pk]),
        agency_data(name="改名", code="X", parent=agency_b.pk),
    )
    agency_a.refresh_from_db()
    assert (agency_a.name, agency_a.code, agency_a.parent) == (
        "甲县人民政府",
        "11A000001",
        None,
    )


def test_platform_admin_cannot_make_an_agency_its_own_ancestor(
    platform_admin, agency_a, agency_b
):
    agency_b.parent = agency_a
    agency_b.save()
    data = agency_data(
        name=agency_a.name, slug=agency_a.slug, code=agency_a.code, parent=agency_b.pk
    )
    response = login(platform_admin).post(
        reverse("core:agency-edit", args=[agency_a.pk]), data
    )
    assert "上级机关不能是本机关或其下级机关" in response.content.decode()
    agency_a.refresh_from_db()
    assert agency_a.parent is None


@pytest.mark.parametrize("name", ["core:agency-edit", "core:agency-staff"])
def test_agency_b_staff_cannot_open_agency_a_admin_pages(name, agency_a, drafter_b):
    assert login(drafter_b).get(reverse(name, args=[agency_a.pk])).status_code == 404


def test_agency_b_staff_cannot_change_agency_a(agency_a, drafter_b):
    response = login(drafter_b).post(
        reverse("core:agency-edit", args=[agency_a.pk]), agency_data(office_phone="1")
    )
    assert response.status_code == 404
    agency_a.refresh_from_db()
    assert agency_a.office_phone == ""


def test_agency_list_shows_only_own_agencies_to_agency_admins(
    agency_a, agency_b, admin_a, platform_admin
):
    page = login(admin_a).get(reverse("core:agency-list")).content.decode()
    assert "甲县人民政府" in page and "乙县人民政府" not in page
    page = login(platform_admin).get(reverse("core:agency-list")).content.decode()
    assert "甲县人民政府" in page and "乙县人民政府" in page


def test_only_platform_admins_create_staff_accounts(agency_a, admin_a, platform_admin):
    url = reverse("core:agency-staff", args=[agency_a.pk])
    data = {
        "new-username": "zhang",
        "new-display_name": "张三",
        "new-email": "",
        "new-password": "a-long-enough-pass-42",
        "new-roles": [Role.DRAFTER, Role.REVIEWER],
    }
    assert login(admin_a).post(url, data).status_code == 404
    assert not User.objects.filter(username="zhang").exists()
    response = login(platform_admin).post(url, data)
    assert response.status_code == 302
    user = User.objects.get(username="zhang")
    assert user.roles_in(agency_a) == {Role.DRAFTER, Role.REVIEWER}
    assert Client().login(username="zhang", password="a-long-enough-pass-42")


def test_weak_password_or_taken_username_is_refused(
    agency_a, platform_admin, drafter_a
):
    url = reverse("core:agency-staff", args=[agency_a.pk])
    base = {"new-display_name": "李四", "new-roles": [Role.DRAFTER]}
    response = login(platform_admin).post(
        url, {**base, "new-username": "lisi", "new-password": "123"}
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="lisi").exists()
    response = login(platform_admin).post(
        url, {**base, "new-username": "drafter_a", "new-password": "a-long-pass-42"}
    )
    assert "该用户名已被使用" in response.content.decode()


def test_platform_admin_grants_and_revokes_roles(
    agency_a, agency_b, platform_admin, drafter_b
):
    url = reverse("core:agency-staff", args=[agency_a.pk])
    login(platform_admin).post(
        url, {"grant-user": drafter_b.pk, "grant-role": Role.REVIEWER}
    )
    membership = Membership.objects.get(user=drafter_b, agency=agency_a)
    login(platform_admin).post(
        reverse("core:membership-revoke", args=[agency_a.pk, membership.pk])
    )
    assert not Membership.objects.filter(user=drafter_b, agency=agency_a).exists()
    assert drafter_b.memberships.filter(agency=agency_b).count() == 3


def test_platform_admin_disables_an_account(agency_a, platform_admin, drafter_a):
    login(platform_admin).post(
        reverse("core:account-active", args=[agency_a.pk, drafter_a.pk]),
        {"active": "0"},
    )
    drafter_a.refresh_from_db()
    assert not drafter_a.is_active
