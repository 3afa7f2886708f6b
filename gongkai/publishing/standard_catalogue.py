"""The standard columns of a 政府信息公开 platform, seeded for every agency.

First-level columns follow 国办公开办函〔2019〕61号 (统一名称、统一格式): 政府信息公开指南,
政府信息公开制度, 法定主动公开内容, 政府信息公开年报. 法定主动公开内容 is divided by
the fifteen items of 《中华人民共和国政府信息公开条例》第二十条 (and 第二十一条 for
city, county and township governments). County and township bodies also get the 26
domains of the 基层政务公开标准目录 (国办发〔2019〕54号), with the row-schema columns
公开依据, 公开时限, 公开渠道和载体, 公开对象.

Plain data: `publishing.actions.seed_catalogue` writes it; agencies edit it afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

REGULATION = "《中华人民共和国政府信息公开条例》"
# 条例第二十六条：“属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个
# 工作日内及时公开。”
DEFAULT_TIME_LIMIT = "信息形成或者变更之日起20个工作日内"
DEFAULT_CHANNELS = "政府网站、政务新媒体、政务公开栏、政府信息公开查阅点"
DEFAULT_AUDIENCE = "全社会"


@dataclass(frozen=True)
class Column:
    slug: str
    name: str
    kind: str  # CatalogueNode.Kind value
    description: str = ""
    basis: str = ""
    children: tuple[Column, ...] = ()


# 条例第二十条：行政机关应当依照本条例第十九条的规定，主动公开本行政机关的下列政府信息：
ARTICLE_20 = (
    ("rules", "法规文件", "（一）行政法规、规章和规范性文件"),
    (
        "functions",
        "机构职能",
        "（二）机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名",
    ),
    ("plans", "规划信息", "（三）国民经济和社会发展规划、专项规划、区域规划及相关政策"),
    ("statistics", "统计信息", "（四）国民经济和社会发展统计信息"),
    (
        "licensing",
        "行政许可和对外管理服务",
        "（五）办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果",
    ),
    (
        "enforcement",
        "行政处罚和行政强制",
        "（六）实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
    ),
    ("budget", "财政预算决算", "（七）财政预算、决算信息"),
    ("fees", "行政事业性收费", "（八）行政事业性收费项目及其依据、标准"),
    ("procurement", "政府集中采购", "（九）政府集中采购项目的目录、标准及实施情况"),
    ("major-projects", "重大建设项目", "（十）重大建设项目的批准和实施情况"),
    (
        "livelihood",
        "扶贫、教育、医疗、社会保障、促进就业",
        "（十一）扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
    ),
    (
        "emergencies",
        "突发公共事件应对",
        "（十二）突发公共事件的应急预案、预警信息及应对情况",
    ),
    (
        "inspections",
        "监督检查",
        "（十三）环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况",
    ),
    (
        "civil-service",
        "公务员招考",
        "（十四）公务员招考的职位、名额、报考条件等事项以及录用结果",
    ),
    (
        "other-statutory",
        "其他法定公开信息",
        "（十五）法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息",
    ),
)

# 条例第二十一条 (设区的市级、县级人民政府及其部门; 乡（镇）人民政府).
ARTICLE_21_LOCAL = (
    "local-affairs",
    "市政建设和公共服务",
    "第二十一条：涉及市政建设、公共服务、公益事业、土地征收、房屋征收、治安管理、"
    "社会救助等方面的政府信息",
)
ARTICLE_21_TOWNSHIP = (
    "rural-affairs",
    "农业农村和基层事务",
    "第二十一条：贯彻落实农业农村政策、农田水利工程建设运营、农村土地承包经营权流转、"
    "宅基地使用情况审核、土地征收、房屋征收、筹资筹劳、社会救助等方面的政府信息",
)

# 基层政务公开标准目录: the 26 domains of the 国务院部门 标准指引 (国办发〔2019〕54号),
# under the names counties publish them today, with the main legal basis of each.
STANDARD_DOMAINS = (
    (
        "natural-resources",
        "自然资源（城乡规划）",
        "《中华人民共和国城乡规划法》《中华人民共和国土地管理法》",
    ),
    (
        "major-construction",
        "重大建设项目",
        "《国务院办公厅关于推进重大建设项目批准和实施领域政府信息公开的意见》",
    ),
    (
        "public-resources-trading",
        "公共资源交易",
        "《中华人民共和国招标投标法》《中华人民共和国政府采购法》",
    ),
    (
        "fiscal-budget",
        "财政预决算",
        "《中华人民共和国预算法》《中华人民共和国预算法实施条例》",
    ),
    ("work-safety", "安全生产", "《中华人民共和国安全生产法》"),
    ("tax", "税收管理", "《中华人民共和国税收征收管理法》"),
    (
        "land-acquisition",
        "征地补偿",
        "《中华人民共和国土地管理法》《中华人民共和国土地管理法实施条例》",
    ),
    (
        "housing-expropriation",
        "国有土地上房屋征收与补偿",
        "《国有土地上房屋征收与补偿条例》",
    ),
    ("rural-housing", "农村危房改造", REGULATION),
    ("rural-revitalisation", "乡村振兴（扶贫）", "《中华人民共和国乡村振兴促进法》"),
    ("compulsory-education", "义务教育", "《中华人民共和国义务教育法》"),
    ("health", "卫生健康", "《中华人民共和国基本医疗卫生与健康促进法》"),
    ("environment", "生态环境", "《中华人民共和国环境保护法》"),
    ("employment", "就业", "《中华人民共和国就业促进法》"),
    ("social-assistance", "社会救助", "《社会救助暂行办法》"),
    ("elderly-care", "养老服务", "《中华人民共和国老年人权益保障法》"),
    ("household-registration", "户籍管理", "《中华人民共和国户口登记条例》"),
    ("farm-subsidies", "涉农补贴", "《中华人民共和国农业法》"),
    (
        "food-drug",
        "食品药品监管",
        "《中华人民共和国食品安全法》《中华人民共和国药品管理法》",
    ),
    ("urban-enforcement", "城市综合执法", "《中华人民共和国行政处罚法》"),
    ("public-culture", "公共文化服务", "《中华人民共和国公共文化服务保障法》"),
    ("public-legal-services", "公共法律服务", "《中华人民共和国法律援助法》"),
    ("affordable-housing", "保障性住房", REGULATION),
    ("municipal-services", "市政服务", REGULATION),
    ("disaster-relief", "救灾", "《自然灾害救助条例》"),
    ("social-insurance", "社会保险", "《中华人民共和国社会保险法》"),
)


def standard_columns(level: str) -> tuple[Column, ...]:
    """The columns an agency of `level` (core Agency.Level value) starts with."""
    statutory = [
        Column(f"statutory-{slug}", name, "statutory", description=text)
        for slug, name, text in ARTICLE_20
    ]
    if level in ("city", "county", "township"):
        statutory.append(
            Column(
                f"statutory-{ARTICLE_21_LOCAL[0]}",
                ARTICLE_21_LOCAL[1],
                "statutory",
                description=ARTICLE_21_LOCAL[2],
            )
        )
    if level == "township":
        statutory.append(
            Column(
                f"statutory-{ARTICLE_21_TOWNSHIP[0]}",
                ARTICLE_21_TOWNSHIP[1],
                "statutory",
                description=ARTICLE_21_TOWNSHIP[2],
            )
        )
    columns = [
        Column("guide", "政府信息公开指南", "guide"),
        Column("system", "政府信息公开制度", "system"),
        Column(
            "statutory",
            "法定主动公开内容",
            "statutory",
            description="《中华人民共和国政府信息公开条例》第二十条、第二十一条规定的主动公开内容",
            children=tuple(statutory),
        ),
        Column("annual-report", "政府信息公开年报", "annual_report"),
    ]
    if level in ("county", "township"):
        columns.append(
            Column(
                "standard",
                "基层政务公开标准目录",
                "standard_domain",
                description="国办发〔2019〕54号：全面推进基层政务公开标准化规范化",
                children=tuple(
                    Column(
                        f"std-{slug}",
                        name,
                        "standard_domain",
                        basis=f"{REGULATION}{basis}" if basis != REGULATION else basis,
                    )
                    for slug, name, basis in STANDARD_DOMAINS
                ),
            )
        )
    return tuple(columns)
