"""The demo agency tree and one staff account per role."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.db import transaction

from gongkai.core.models import Agency, Membership, Role, User

L = Agency.Level
K = Agency.Kind

# (slug, name, short name, code, level, kind, parent slug, GB/T 2260 region code)
TREE = [
    (
        "gwyb",
        "国务院办公厅",
        "国办",
        "000014349",
        L.STATE_COUNCIL_DEPARTMENT,
        K.DEPARTMENT,
        None,
        "100000",
    ),
    (
        "gdxwcbgdzj",
        "国家新闻出版广电总局",
        "新闻出版广电总局",
        "000019191",
        L.STATE_COUNCIL_DEPARTMENT,
        K.DEPARTMENT,
        None,
        "100000",
    ),
    (
        "xinjiang",
        "新疆维吾尔自治区人民政府",
        "自治区政府",
        "11650000010175012P",
        L.PROVINCE,
        K.GOVERNMENT,
        None,
        "650000",
    ),
    (
        "kezhou",
        "克孜勒苏柯尔克孜自治州人民政府",
        "克州政府",
        "11653000010202371K",
        L.CITY,
        K.GOVERNMENT,
        "xinjiang",
        "653000",
    ),
    (
        "wuqia",
        "乌恰县人民政府",
        "乌恰县政府",
        "WQX001",
        L.COUNTY,
        K.GOVERNMENT,
        "kezhou",
        "653024",
    ),
    (
        "wuqia-jyj",
        "乌恰县教育局",
        "县教育局",
        "WQX010",
        L.COUNTY,
        K.DEPARTMENT,
        "wuqia",
        "653024",
    ),
    (
        "wuqia-czj",
        "乌恰县财政局",
        "县财政局",
        "WQX011",
        L.COUNTY,
        K.DEPARTMENT,
        "wuqia",
        "653024",
    ),
    (
        "wuqia-wqz",
        "乌恰镇人民政府",
        "乌恰镇",
        "WQX101",
        L.TOWNSHIP,
        K.GOVERNMENT,
        "wuqia",
        "653024100",
    ),
    (
        "liaoning",
        "辽宁省人民政府",
        "辽宁省政府",
        "11210000000015557L",
        L.PROVINCE,
        K.GOVERNMENT,
        None,
        "210000",
    ),
    (
        "dalian",
        "大连市人民政府",
        "大连市政府",
        "11210200001262419Q",
        L.CITY,
        K.GOVERNMENT,
        "liaoning",
        "210200",
    ),
]

DEMO_AGENCY = "wuqia"

GUIDE = """<h2>一、主动公开</h2>
<p>（一）公开范围：本机关依照《中华人民共和国政府信息公开条例》第十九条、第二十条、第二十一条的规定，主动公开机构职能、规范性文件、规划计划、财政预决算、行政许可和行政处罚等政府信息。</p>
<p>（二）公开方式：主要通过本平台“政府信息公开”专栏公开，并通过政府公报、新闻发布会、政务新媒体等渠道同步发布。</p>
<p>（三）公开时限：属于主动公开范围的政府信息，自该政府信息形成或者变更之日起20个工作日内予以公开。</p>
<h2>二、依申请公开</h2>
<p>公民、法人或者其他组织可以通过本平台“依申请公开”栏目在线提交申请，也可以当面、邮寄或传真提交书面申请；书写确有困难的，可以口头提出，由工作人员代为填写。</p>
<p>本机关收到申请，能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内予以答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过20个工作日。</p>
<p>依申请提供政府信息，不收取费用；申请人申请公开政府信息的数量、频次明显超过合理范围的，可以依照《政府信息公开信息处理费管理办法》收取信息处理费。</p>
<h2>三、监督和救济</h2>
<p>公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼。</p>"""


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role_label: str
    agency: str


def load_agencies() -> dict[str, Agency]:
    agencies: dict[str, Agency] = {}
    for position, (slug, name, short, code, level, kind, parent, region) in enumerate(
        TREE
    ):
        agency, _ = Agency.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "short_name": short,
                "code": code,
                "level": level,
                "kind": kind,
                "parent": agencies.get(parent) if parent else None,
                "region_code": region,
                "position": position,
                "office_name": f"{name}办公室",
                "office_address": "",
                "office_hours": "工作日 9:30—13:30，15:30—19:30（北京时间）"
                if region.startswith("65")
                else "工作日 8:30—12:00，13:30—17:00",
                "office_phone": "0908-5921234" if region.startswith("653024") else "",
                "guide_html": GUIDE,
            },
        )
        agencies[slug] = agency
    wuqia = agencies[DEMO_AGENCY]
    wuqia.office_address = "新疆维吾尔自治区克孜勒苏柯尔克孜自治州乌恰县迎宾路1号"
    wuqia.office_postcode = "845450"
    wuqia.office_fax = "0908-5921235"
    wuqia.office_email = "gk@wuqia.example.gov.cn"
    wuqia.index_template = "{org_code}-{year}-{seq:06d}"
    wuqia.show_publish_statement = True
    wuqia.save()
    return agencies


ROLE_ACCOUNTS = [
    ("drafter", Role.DRAFTER, "起草人"),
    ("reviewer", Role.REVIEWER, "保密审查员"),
    ("approver", Role.APPROVER, "审核签发人"),
    ("agencyadmin", Role.AGENCY_ADMIN, "机关管理员"),
]


@transaction.atomic
def load_accounts(agency: Agency) -> list[DemoAccount]:
    """One account per role in the demo agency plus a platform admin.

    Passwords are new on every run and printed, so a demo never ships a known one.
    """
    accounts: list[DemoAccount] = []
    for username, role, label in ROLE_ACCOUNTS:
        user, _ = User.objects.get_or_create(
            username=username, defaults={"display_name": label}
        )
        password = secrets.token_urlsafe(9)
        user.set_password(password)
        user.save()
        Membership.objects.get_or_create(user=user, agency=agency, role=role)
        accounts.append(DemoAccount(username, password, label, agency.name))
    admin, _ = User.objects.get_or_create(
        username="admin", defaults={"display_name": "平台管理员"}
    )
    password = secrets.token_urlsafe(9)
    admin.set_password(password)
    admin.is_platform_admin = admin.is_staff = admin.is_superuser = True
    admin.save()
    accounts.append(DemoAccount("admin", password, "平台管理员", "全部机关"))
    return accounts
