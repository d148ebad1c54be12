"""How each complaint category behaves in the demo: volume share, season, type mix, units, difficulty.

Rows of ``analytics.vocabulary.categories()`` map to a *topic key* (their level-3 name when the
table knows it, else level 2, else level 1). A key carries the behaviour and names the text
templates, so a category added to the vocabulary later still gets a sensible default.
Weights follow the 2020 top-10 volumes (domain.md §2.2) without 疫情防控.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analytics import vocabulary as vocab

S = "S"  # the street office of the record's street
APPEAL_TYPES: tuple[str, ...] = tuple(t.value for t in vocab.AppealType)

#: Appeal-type mixes over 咨询 求助 投诉 举报 建议 表扬.
TYPE_MIX = {
    "complaint": (0.05, 0.26, 0.58, 0.05, 0.05, 0.01),
    "help": (0.10, 0.62, 0.20, 0.02, 0.04, 0.02),
    "consult": (0.55, 0.25, 0.10, 0.02, 0.06, 0.02),
    "report": (0.05, 0.14, 0.42, 0.33, 0.05, 0.01),
    "mixed": (0.12, 0.40, 0.35, 0.05, 0.05, 0.03),
}
TYPE_PROFILES = tuple(TYPE_MIX)


@dataclass(frozen=True)
class Topic:
    weight: float  # relative background volume of the key
    season: str = "flat"  # a timeline seasonal profile
    types: str = "mixed"  # a TYPE_MIX profile
    units: tuple[tuple[str, float], ...] = ((S, 1.0),)  # S, "D:<unit>" (district unit) or a name
    difficulty: float = 0.0  # logit shift of the resolution rate
    close_days: float = 2.5  # median days from call to closure
    urgent: bool = False  # 水电气热: respond within the hour
    hours: str = "default"  # intraday profile
    area: tuple[float, float, float] = (1.0, 1.0, 1.0)  # affinity for core / urban / rural streets


_HOUSING = ((S, 0.6), ("D:住房城乡建设委", 0.25), ("市住房城乡建设委", 0.15))
_MARKET = (("D:市场监管局", 0.55), ("市市场监管局", 0.3), (S, 0.15))
_NOISE = ((S, 0.5), ("D:生态环境局", 0.2), ("D:城管执法局", 0.2), ("市生态环境局", 0.1))
_AIR = ((S, 0.45), ("D:生态环境局", 0.3), ("市生态环境局", 0.15), ("D:城管执法局", 0.1))
_CITY = ((S, 0.65), ("D:城市管理委", 0.2), ("市城市管理委", 0.15))
_TRAFFIC = ((S, 0.35), ("市公安局公安交通管理局", 0.35), ("市交通委", 0.3))
_HEALTH = (("市卫生健康委", 0.45), ("D:卫生健康委", 0.45), ("市医保局", 0.1))
_LABOUR = (("D:人力社保局", 0.55), ("市人力资源社会保障局", 0.35), (S, 0.1))
_SCHOOL = (("D:教委", 0.6), ("市教委", 0.4))
_BUSINESS = (
    ("市发展改革委", 0.2),
    ("市经济和信息化局", 0.3),
    ("市商务局", 0.2),
    ("市政务服务和数据管理局", 0.3),
)

TOPICS: dict[str, Topic] = {
    # 市场管理
    "网络交易": Topic(20, "shopping", "complaint", _MARKET, close_days=4),
    "市场秩序": Topic(12, types="complaint", units=_MARKET),
    "无照经营": Topic(9, types="report", units=((S, 0.5), ("D:市场监管局", 0.3), ("D:城管执法局", 0.2))),
    "占道经营": Topic(
        9, "outdoor", "report", ((S, 0.7), ("D:城管执法局", 0.3)), close_days=1.5, hours="evening"
    ),
    "预付式消费": Topic(
        8, types="complaint", units=(*_MARKET, ("市商务局", 0.2)), difficulty=-0.9, close_days=6
    ),
    "体育行业预付式消费": Topic(
        4, types="complaint", units=(*_MARKET, ("市体育局", 0.3)), difficulty=-0.8, close_days=6
    ),
    "网络消费纠纷": Topic(10, "shopping", "complaint", _MARKET, difficulty=-0.3, close_days=5),
    "旅行社管理": Topic(3, "travel", "complaint", (("市文化和旅游局", 1.0),), close_days=5),
    # 公共服务 (供暖 belongs to the planted seasonal theme)
    "供暖": Topic(
        0,
        "flat",
        "help",
        ((S, 0.3), ("北京热力集团", 0.5), ("市城市管理委", 0.2)),
        difficulty=-0.5,
        close_days=1.5,
        urgent=True,
    ),
    "公交": Topic(12, types="mixed", units=(("北京公交集团", 0.6), ("市交通委", 0.4)), close_days=4),
    "供水供电": Topic(
        14,
        "summer",
        "help",
        (("北京市自来水集团", 0.4), ("国网北京市电力公司", 0.4), (S, 0.2)),
        close_days=1,
        urgent=True,
    ),
    "公园管理": Topic(6, "outdoor", "mixed", (("市园林绿化局", 0.5), (S, 0.5))),
    "快递服务": Topic(10, "shopping", "complaint", (("市邮政管理局", 0.8), (S, 0.2)), close_days=2),
    "体育健身设施": Topic(5, "outdoor", "mixed", (("市体育局", 0.5), (S, 0.5)), close_days=5),
    # 住房
    "房产中介": Topic(
        6, types="complaint", units=_HOUSING, difficulty=-0.3, close_days=4, area=(1.2, 1.2, 0.4)
    ),
    "小区配套": Topic(7, types="mixed", units=_HOUSING, difficulty=-0.4, close_days=5),
    "物业管理": Topic(
        22, types="complaint", units=_HOUSING, difficulty=-0.9, close_days=5, area=(1.2, 1.2, 0.5)
    ),
    "规范物业收费": Topic(
        6, types="complaint", units=_HOUSING, difficulty=-1.1, close_days=6, area=(1.2, 1.2, 0.4)
    ),
    "房产证办理": Topic(
        3,
        types="consult",
        units=(("市规划自然资源委", 0.7), ("D:住房城乡建设委", 0.3)),
        difficulty=-1.2,
        close_days=10,
    ),
    "老楼加装电梯": Topic(
        4, types="help", units=_HOUSING, difficulty=-1.0, close_days=9, area=(1.8, 1.2, 0.1)
    ),
    "住宅电梯安全": Topic(
        4,
        types="help",
        units=(("市市场监管局", 0.4), (S, 0.6)),
        close_days=2,
        urgent=True,
        area=(1.3, 1.2, 0.2),
    ),
    "住宅楼内下水管道堵塞": Topic(6, types="help", units=_HOUSING, close_days=1.5, area=(1.4, 1.1, 0.4)),
    "老旧小区改造": Topic(
        4, types="mixed", units=_HOUSING, difficulty=-0.6, close_days=8, area=(1.8, 1.1, 0.3)
    ),
    "房屋漏雨": Topic(4, "rain", "help", _HOUSING, difficulty=-0.4, close_days=3),
    "新建住宅质量": Topic(
        3, types="complaint", units=_HOUSING, difficulty=-0.8, close_days=8, area=(0.3, 1.2, 1.0)
    ),
    # 医疗卫生
    "医疗护理": Topic(10, types="complaint", units=_HEALTH, close_days=4),
    "就医流程": Topic(14, types="consult", units=_HEALTH, difficulty=0.3, close_days=3),
    "医疗秩序": Topic(6, types="report", units=(*_HEALTH, ("市公安局", 0.2)), close_days=4),
    "基层医疗资源": Topic(6, types="mixed", units=_HEALTH, difficulty=-0.4, close_days=5),
    # 城乡建设
    "施工管理": Topic(22, types="complaint", units=(*_HOUSING, ("D:城管执法局", 0.3)), close_days=3),
    "违法建设": Topic(
        20,
        types="report",
        units=((S, 0.7), ("D:城管执法局", 0.2), ("市规划自然资源委", 0.1)),
        difficulty=-0.8,
        close_days=9,
        area=(0.8, 1.0, 1.5),
    ),
    "农村道路": Topic(
        8,
        types="help",
        units=((S, 0.8), ("D:交通局", 0.2)),
        difficulty=-0.4,
        close_days=8,
        area=(0.0, 0.2, 4.0),
    ),
    # 交通管理
    "停车管理": Topic(
        14, types="complaint", units=_TRAFFIC, difficulty=-0.7, close_days=3, area=(1.5, 1.2, 0.5)
    ),
    "违法停车": Topic(
        12, types="report", units=_TRAFFIC, difficulty=-0.6, close_days=1.5, area=(1.5, 1.2, 0.5)
    ),
    "交通设施": Topic(
        8, types="mixed", units=(("市交通委", 0.5), ("市公安局公安交通管理局", 0.5)), close_days=5
    ),
    "校园周边交通": Topic(4, "school", "complaint", _TRAFFIC, close_days=3),
    "非机动车管理": Topic(5, types="report", units=_TRAFFIC, close_days=3),
    "新能源汽车充电": Topic(
        4,
        types="help",
        units=((S, 0.5), ("市城市管理委", 0.3), ("国网北京市电力公司", 0.2)),
        difficulty=-0.6,
        close_days=6,
    ),
    # 社会秩序
    "经济纠纷": Topic(
        22,
        types="help",
        units=((S, 0.6), ("市公安局", 0.2), ("D:司法局", 0.2)),
        difficulty=-0.5,
        close_days=6,
    ),
    "户籍管理": Topic(14, types="consult", units=(("市公安局", 1.0),), difficulty=0.6, close_days=2),
    "文明养犬": Topic(9, "outdoor", "complaint", ((S, 0.6), ("市公安局", 0.4)), close_days=2),
    # 劳动和社会保障
    "薪酬纠纷": Topic(8, "wages", "help", _LABOUR, difficulty=-0.7, close_days=7),
    "拖欠工资": Topic(12, "wages", "help", _LABOUR, difficulty=-0.9, close_days=8),
    "社会保险": Topic(10, types="consult", units=(*_LABOUR, ("市医保局", 0.3)), difficulty=0.4),
    "就业": Topic(6, types="consult", units=_LABOUR, difficulty=0.3),
    # 教育
    "社会办学": Topic(12, types="complaint", units=_SCHOOL, difficulty=-0.5, close_days=6),
    "入学升学": Topic(15, "school", "consult", _SCHOOL, difficulty=0.2, close_days=3),
    "学前教育": Topic(8, "school", "mixed", _SCHOOL, close_days=4),
    # 生态环境
    "社会生活噪声": Topic(7, "noise", "complaint", _NOISE, hours="evening"),
    "公共场所噪声(广场舞等)": Topic(4, "noise", "complaint", _NOISE, hours="evening"),
    "商业经营噪声": Topic(5, "noise", "complaint", _NOISE, difficulty=-0.3, hours="evening"),
    "施工噪声": Topic(6, "noise", "complaint", (*_NOISE, ("D:住房城乡建设委", 0.2)), hours="evening"),
    "装修噪声": Topic(5, "noise", "complaint", _NOISE),
    "扬尘": Topic(3, "dust", "report", _AIR),
    "异味": Topic(3, "summer", "complaint", _AIR),
    "餐饮油烟": Topic(4, "summer", "complaint", _AIR),
    "机动车尾气": Topic(1, types="report", units=_AIR),
    "水": Topic(1, "summer", "report", (("市水务局", 0.5), ("D:生态环境局", 0.5)), close_days=5),
    "固体废物": Topic(1, types="report", units=_AIR),
    "辐射及其他": Topic(1.5, types="complaint", units=(*_AIR, ("市通信管理局", 0.2)), close_days=5),
    # 城市管理
    "垃圾清运": Topic(12, "summer", "help", _CITY, close_days=1.2),
    "垃圾分类": Topic(8, types="mixed", units=_CITY),
    "城市道路积水": Topic(
        2,
        "rain",
        "help",
        (("北京排水集团", 0.5), ("市水务局", 0.2), (S, 0.3)),
        close_days=1,
        urgent=True,
        area=(1.2, 1.2, 0.3),
    ),
    "小区内部积水": Topic(
        1.5, "rain", "help", ((S, 0.8), ("北京排水集团", 0.2)), close_days=1.5, urgent=True
    ),
    "农村道路积水": Topic(0.8, "rain", "help", ((S, 1.0),), close_days=2, urgent=True, area=(0.0, 0.1, 4.0)),
    "雨水设施": Topic(3, "rain", "help", (("北京排水集团", 0.5), ("市水务局", 0.2), (S, 0.3)), close_days=4),
    "电动自行车充电": Topic(
        8, types="help", units=((S, 0.8), ("市消防救援总队", 0.2)), difficulty=-0.5, close_days=6
    ),
    # 民政养老, 企业服务, 疫情防控
    "居家养老": Topic(10, types="help", units=(("市民政局", 0.4), ("D:民政局", 0.3), (S, 0.3)), close_days=5),
    "政策咨询": Topic(6, types="consult", units=_BUSINESS, difficulty=0.4, close_days=3),
    "援企稳岗": Topic(3, types="consult", units=_LABOUR, difficulty=0.2, close_days=4),
    "复工复产": Topic(1, types="consult", units=_BUSINESS, difficulty=0.2, close_days=3),
    "疫情防控": Topic(
        1, types="consult", units=(("市卫生健康委", 0.5), ("市疾控中心", 0.3), (S, 0.2)), close_days=1
    ),
}
DEFAULT_TOPIC = Topic(1.0)


def topic_key(l1: str, l2: str, l3: str) -> str:
    """The behaviour/template key of a category row (level 3, else 2, else 1, else the default)."""
    for name in (l3, l2, l1):
        if name and name in TOPICS:
            return name
    return l1 or "DEFAULT"


def topic(key: str) -> Topic:
    return TOPICS.get(key, DEFAULT_TOPIC)


@dataclass(frozen=True)
class CategoryTable:
    """Arrays over category rows, in ``vocabulary.categories()`` order."""

    rows: tuple[tuple[str, str, str], ...]
    keys: tuple[str, ...]
    weight: np.ndarray  # background share at scale 1 (rows sharing a key split its weight)
    season: tuple[str, ...]
    type_profile: np.ndarray  # index into TYPE_PROFILES
    difficulty: np.ndarray
    close_days: np.ndarray
    urgent: np.ndarray
    hours: tuple[str, ...]
    area: np.ndarray  # rows × 3 street-class affinity

    def index(self, l1: str, l2: str, l3: str = "") -> int:
        return self.rows.index((l1, l2, l3))


def category_table() -> CategoryTable:
    """Behaviour arrays for every category row (pure, no seed)."""
    rows = vocab.categories()
    keys = tuple(topic_key(*r) for r in rows)
    shares = {k: keys.count(k) for k in set(keys)}
    topics = [topic(k) for k in keys]
    return CategoryTable(
        rows=rows,
        keys=keys,
        weight=np.array([t.weight / shares[k] for t, k in zip(topics, keys, strict=True)]),
        season=tuple(t.season for t in topics),
        type_profile=np.array([TYPE_PROFILES.index(t.types) for t in topics], dtype=np.int8),
        difficulty=np.array([t.difficulty for t in topics]),
        close_days=np.array([t.close_days for t in topics]),
        urgent=np.array([t.urgent for t in topics]),
        hours=tuple(t.hours for t in topics),
        area=np.array([t.area for t in topics]),
    )
