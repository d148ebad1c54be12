"""Complaint texts by vectorised template filling: opener + body + request (+ masked-data bait).

Templates name their slots (``{xq}``, ``{dur}``…); at import every template is compiled to
positional fields so one ``str.format(*row)`` call fills a record (about a microsecond). Slot
values are drawn in bulk with numpy from street-aware pools, so texts differ in places, times,
amounts and names and a text model cannot memorise a handful of strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from demo.taxonomy import APPEAL_TYPES
from demo.templates_city import CITY_TEXTS
from demo.templates_people import ASKS, OPENERS, PEOPLE_TEXTS, TYPE_BODIES
from demo.themes import SITE_KINDS, THEME_TEXTS

# fmt: off
SLOTS = ("qu", "jd", "sq", "xq", "addr", "lh", "dur", "sdur", "t", "road", "shop", "food", "wy", "co",
         "edu", "travel", "agency", "amt", "fee", "num", "ppl", "plat", "item", "hosp", "school",
         "kg", "bus", "park", "site", "temp", "floor", "age", "month", "topic", "unit", "who", "tail")
_SLOT_INDEX = {name: i for i, name in enumerate(SLOTS)}
_FIELD = re.compile(r"\{(\w+)\}")
TYPE_ONLY = ("咨询", "建议", "表扬")  # types whose body is type-driven, not category-driven

_POOLS: dict[str, tuple[str, ...]] = {
    "dur": ("三天", "一个星期", "半个多月", "两个多月", "十来天", "快一个月", "好几天", "一年多",
            "四五天", "二十多天", "三个多月", "半年多"),
    "sdur": ("三天", "一个星期", "十来天", "好几天", "四五天", "两天", "一个多星期", "五六天"),
    "t": ("晚上十点以后", "凌晨一两点", "早上五点多", "中午午休的时候", "晚上八点到十一点",
          "夜里十二点左右", "凌晨四点多", "晚上十一点多", "傍晚六七点", "一大早六点多"),
    "amt": ("两千多元", "3800元", "五千元", "1.2万元", "六百多元", "八千多元", "两万元", "4500元",
            "九百八十元", "三万多元", "1680元", "2999元", "七千元"),
    "fee": ("2.8", "3.2", "1.95", "4.5", "2.2", "3.6", "5.8", "2.5", "1.6"),
    "num": ("二十多户", "十几户", "三十多户", "整栋楼的住户", "一百多户", "好几户", "整个单元的住户",
            "五六户"),
    "ppl": ("二十多名", "十几名", "三十多名", "五六名", "四十多名", "八九名"),
    "plat": ("某电商平台", "某外卖平台", "某二手交易平台", "某直播平台", "某团购平台", "某购物APP",
             "某旅游平台"),
    "item": ("羽绒服", "手机", "冰箱", "奶粉", "家具", "空调", "电动车", "保健品", "笔记本电脑",
             "运动鞋", "扫地机器人", "床垫", "化妆品", "儿童玩具"),
    "temp": ("14度", "15度左右", "16度", "十二三度", "不到15度", "16、17度", "13度", "十五六度"),
    "floor": ("一层", "二层", "一二层", "低层", "顶层"),
    "age": ("七十多岁", "八十多岁", "九十多岁", "年过七旬", "八十岁以上", "行动不便"),
    "month": ("两个月", "三个月", "半年", "四个多月", "一年多", "五个月"),
}
_BRANDS = ("恒达", "鸿运", "金诚", "华宇", "盛世", "长城", "中实", "嘉禾", "万通", "瑞祥", "安居",
           "京诚", "宏远", "佳和", "银达", "泰和", "博瑞", "新创", "联众", "德润")
_SHOP_BRANDS = ("老王", "金鼎", "好邻居", "鑫鑫", "兴隆", "顺发", "天天", "红星", "佳佳", "惠民",
                "万家", "福来", "老北京", "湘味", "老成都", "西北", "川味", "东北")
_KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "shop": (_SHOP_BRANDS, ("超市", "便利店", "水果店", "理发店", "美容院", "洗车行", "五金店",
                            "服装店", "手机店", "母婴店", "KTV", "健身房", "洗浴中心", "棋牌室")),
    "food": (_SHOP_BRANDS, ("烧烤店", "饭馆", "火锅店", "麻辣烫店", "快餐店", "小吃店", "面馆",
                            "川菜馆", "涮肉馆", "饺子馆")),
    "wy": (_BRANDS, ("物业", "物业公司", "物业管理有限公司", "物业服务中心")),
    "co": (_BRANDS, ("科技有限公司", "商贸有限公司", "建筑劳务有限公司", "文化传媒有限公司",
                     "餐饮管理有限公司", "装饰工程有限公司", "物流有限公司", "保洁服务公司")),
    "edu": (_BRANDS, ("教育", "培训学校", "艺术培训中心", "体育培训中心", "英语培训机构")),
    "travel": (_BRANDS, ("国际旅行社", "旅行社", "旅游公司")),
    "agency": (_BRANDS, ("房地产经纪有限公司", "地产", "房产中介", "置业")),
}
#: Street-stem variants: (prefix kind, suffix); prefix 0 = street stem, 1 = district, 2 = none.
_PLACES: dict[str, tuple[tuple[int, str], ...]] = {
    "road": tuple((0, s) for s in ("路", "大街", "南路", "北路", "东路", "西路", "中路", "辅路",
                                   "南街", "北街", "西大街")),
    "hosp": ((0, "社区卫生服务中心"), (1, "中医医院"), (1, "妇幼保健院"), (1, "第二医院"),
             (2, "附近一家三甲医院"), (2, "附近的二级医院"), (0, "社区卫生服务站")),
    "school": ((0, "中心小学"), (0, "第一小学"), (0, "中学"), (1, "实验学校"), (0, "第二小学"),
               (2, "附近一所小学")),
    "kg": ((0, "幼儿园"), (0, "第二幼儿园"), (2, "小区配套幼儿园"), (2, "附近一家民办幼儿园")),
    "park": ((0, "公园"), (0, "城市休闲公园"), (0, "体育公园"), (0, "口袋公园"),
             (2, "小区旁边的街心公园"), (0, "滨河公园")),
    "site": tuple((0, s) for s in SITE_KINDS),
}
_BUS = np.array([f"{k}路" for k in range(1, 1000)], dtype=object)
_BUILDING = np.array([f"{k}号楼" for k in range(1, 41)], dtype=object)
_UNIT = np.array([f"{k}单元" for k in range(1, 7)], dtype=object)
_ROOM = np.array([f"{f}{r:02d}室" for f in range(1, 19) for r in range(1, 5)], dtype=object)
_TAIL = np.array([f"{k:04d}" for k in range(10_000)], dtype=object)
_HOUSE = np.array([f"{k}号" for k in range(1, 301)], dtype=object)
_MOBILE_PREFIX = np.array(["130", "131", "132", "133", "135", "136", "137", "138", "139", "150",
                           "151", "152", "153", "155", "156", "157", "158", "159", "166", "176",
                           "177", "178", "180", "181", "182", "183", "185", "186", "187", "188",
                           "189", "191", "198", "199"], dtype=object)
_PII_PHRASES = {
    1: ("联系电话：{}。", "来电人留的联系方式是{}，请回电。", "请拨打{}与来电人联系。"),
    2: ("联系电话：{}。", "可拨打{}联系来电人单位。"),
    3: ("来电人身份证号：{}。", "来电人提供的身份证号码为{}。"),
}
_ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
_ID_CHECK = "10X98765432"
# fmt: on


def _compile(template: str) -> str:
    """``{xq}`` → ``{3}``; an unknown slot name is a bug in the template table."""
    return _FIELD.sub(lambda m: "{" + str(_SLOT_INDEX[m.group(1)]) + "}", template)


@dataclass(frozen=True)
class TemplateBank:
    """Flat compiled bodies and topics with per-key ranges."""

    keys: tuple[str, ...]
    bodies: tuple[str, ...]
    body_start: np.ndarray
    body_count: np.ndarray
    topics: np.ndarray
    topic_start: np.ndarray
    topic_count: np.ndarray
    self_opening: np.ndarray  # per body: it already starts with its subject (来电人…)

    def key(self, name: str) -> int:
        return self.keys.index(name)


def template_bank() -> TemplateBank:
    """Every text key: categories, planted themes and the type-driven ``@咨询`` style keys."""
    table = {**CITY_TEXTS, **PEOPLE_TEXTS}
    entries = [(k, b, t) for k, (b, t) in table.items()]
    entries += [(k, b, ("相关问题",)) for k, b in THEME_TEXTS.items()]
    entries += [(f"@{k}", b, ("相关问题",)) for k, b in TYPE_BODIES.items()]
    bodies: list[str] = []
    topics: list[str] = []
    bs, bc, ts, tc = [], [], [], []
    for _, body, topic in entries:
        bs.append(len(bodies))
        bc.append(len(body))
        bodies.extend(_compile(b) for b in body)
        ts.append(len(topics))
        tc.append(len(topic))
        topics.extend(topic)
    return TemplateBank(
        keys=tuple(e[0] for e in entries),
        bodies=tuple(bodies),
        body_start=np.array(bs),
        body_count=np.array(bc),
        topics=np.array(topics, dtype=object),
        topic_start=np.array(ts),
        topic_count=np.array(tc),
        self_opening=np.array([b.startswith(("来电", "市民", _compile("{co}"))) for b in bodies]),
    )


def text_key(bank: TemplateBank, l1: str, l2: str, l3: str, topic_key: str) -> int:
    """Template key of a category row: level 3 when it has its own texts, else its topic key."""
    for name in (l3, topic_key, l2, l1):
        if name in bank.keys:
            return bank.key(name)
    return bank.key("DEFAULT")


def _pick(rng: np.random.Generator, pool: tuple[str, ...] | np.ndarray, n: int) -> np.ndarray:
    arr = pool if isinstance(pool, np.ndarray) else np.array(pool, dtype=object)
    return arr[rng.integers(0, len(arr), n)]


def _place(rng: np.random.Generator, name: str, stem: np.ndarray, qu: np.ndarray) -> np.ndarray:
    variants = _PLACES[name]
    idx = rng.integers(0, len(variants), len(stem))
    out = np.empty(len(stem), dtype=object)
    for j, (prefix, suffix) in enumerate(variants):
        m = idx == j
        base = stem[m] if prefix == 0 else (qu[m] if prefix == 1 else "")
        out[m] = base + suffix
    return out


def addresses(
    rng: np.random.Generator, place: np.ndarray, rural: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(detailed address, building) per record: 望京西里3号楼2单元602室 or 张各庄村58号."""
    n = len(place)
    building = _BUILDING[np.minimum(rng.geometric(0.09, n), 40) - 1]
    unit = _UNIT[rng.integers(0, 6, n)]
    room = np.where(rng.random(n) < 0.5, _ROOM[rng.integers(0, len(_ROOM), n)], "")
    urban = place + building + unit + room
    village = place + _HOUSE[rng.integers(0, 300, n)]
    return np.where(rural, village, urban), np.where(rural, "", building)


def _who(
    rng: np.random.Generator, qu: np.ndarray, jd: np.ndarray, sq: np.ndarray, xq: np.ndarray
) -> np.ndarray:
    """Who is calling, as a clause: 住在朝阳区望京街道 / 家住望京西里 / 是张各庄村居民."""
    forms = (
        ("住在", qu, jd),
        ("家住", xq, ""),
        ("是", sq, "居民"),
        ("在", jd, "附近工作"),
        ("目前住在", qu, ""),
        ("是外地来京人员，现住", xq, ""),
        ("家住", qu, jd + xq),
        ("是", xq, "的老住户"),
    )
    idx = rng.integers(0, len(forms), len(qu))
    out = np.empty(len(qu), dtype=object)
    for j, (head, middle, tail) in enumerate(forms):
        m = idx == j
        out[m] = head + middle[m] + (tail if isinstance(tail, str) else tail[m])
    return out


def slot_values(
    rng: np.random.Generator,
    *,
    qu: np.ndarray,
    jd: np.ndarray,
    sq: np.ndarray,
    xq: np.ndarray,
    addr: np.ndarray,
    lh: np.ndarray,
    stem: np.ndarray,
    topic: np.ndarray,
    unit: np.ndarray,
    site: np.ndarray | None = None,
) -> list[list]:
    """All slot columns for ``n`` records, as lists in ``SLOTS`` order."""
    n = len(qu)
    cols: dict[str, np.ndarray] = {
        "qu": qu,
        "jd": jd,
        "sq": sq,
        "xq": xq,
        "addr": addr,
        "lh": lh,
        "topic": topic,
        "unit": unit,
    }
    for name, pool in _POOLS.items():
        cols[name] = _pick(rng, pool, n)
    for name, (brands, kinds) in _KINDS.items():
        cols[name] = _pick(rng, brands, n) + _pick(rng, kinds, n)
    for name in _PLACES:
        cols[name] = _place(rng, name, stem, qu)
    if site is not None:
        cols["site"] = np.where(site != "", site, cols["site"])
    cols["bus"] = _BUS[np.minimum(rng.zipf(1.6, n), 999) - 1]
    cols["who"] = _who(rng, qu, jd, sq, xq)
    cols["tail"] = _TAIL[rng.integers(0, 10_000, n)]
    return [cols[s].tolist() for s in SLOTS]


def _flat(table: dict[str, tuple[str, ...]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    flat, start, count = [], [], []
    for t in APPEAL_TYPES:
        start.append(len(flat))
        count.append(len(table[t]))
        flat.extend(table[t])
    return np.array(flat, dtype=object), np.array(start), np.array(count)


_OPEN = _flat(OPENERS)
_ASK = _flat(ASKS)


def _choose(rng: np.random.Generator, start: np.ndarray, count: np.ndarray, key: np.ndarray) -> np.ndarray:
    return start[key] + (rng.random(len(key)) * count[key]).astype(np.int64)


def contents(
    rng: np.random.Generator, bank: TemplateBank, body_key: np.ndarray, appeal: np.ndarray, slots: list[list]
) -> np.ndarray:
    """Full complaint texts: an opener and a request that suit the appeal type around a body."""
    tids = _choose(rng, bank.body_start, bank.body_count, body_key)
    tmpl = bank.bodies
    body = np.array(
        [tmpl[t].format(*row) for t, row in zip(tids.tolist(), zip(*slots, strict=True), strict=True)],
        dtype=object,
    )
    opener = _OPEN[0][_choose(rng, _OPEN[1], _OPEN[2], appeal)]
    opener = np.where(bank.self_opening[tids], "", opener)
    ask = _ASK[0][_choose(rng, _ASK[1], _ASK[2], appeal)]
    return opener + body + ask


def topic_phrases(rng: np.random.Generator, bank: TemplateBank, key: np.ndarray) -> np.ndarray:
    return bank.topics[_choose(rng, bank.topic_start, bank.topic_count, key)]


def mobile_numbers(rng: np.random.Generator, n: int) -> np.ndarray:
    """11-digit Chinese mobile numbers such as 13812345678."""
    prefix = _MOBILE_PREFIX[rng.integers(0, len(_MOBILE_PREFIX), n)].tolist()
    tail = rng.integers(0, 100_000_000, n).tolist()
    return np.array([f"{p}{d:08d}" for p, d in zip(prefix, tail, strict=True)], dtype=object)


def id_number(rng: np.random.Generator) -> str:
    """An 18-character resident ID with a valid ISO 7064 check character (e.g. 110105198807151234)."""
    region = str(110100 + int(rng.choice([1, 2, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19])))
    born = np.datetime64("1950-01-01") + np.timedelta64(int(rng.integers(0, 19_000)), "D")
    body = region + str(born).replace("-", "") + f"{int(rng.integers(0, 1000)):03d}"
    check = _ID_CHECK[int(np.dot(_ID_WEIGHTS, [int(c) for c in body]) % 11)]
    return body + check


def add_private_data(
    rng: np.random.Generator, content: np.ndarray, caller: np.ndarray, eligible: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Append a phone number (~1%) or an ID number (~0.3%) to some texts, to exercise masking.

    Returns the texts and a code per record: 0 none, 1 mobile, 2 landline, 3 ID number.
    """
    u = rng.random(len(content))
    kind = np.zeros(len(content), dtype=np.int8)
    kind[u < 0.013] = 2
    kind[u < 0.01] = 1
    kind[u < 0.003] = 3
    kind[~eligible] = 0
    out = content.copy()
    for i in np.flatnonzero(kind):
        k = int(kind[i])
        if k == 1:
            value = str(caller[i])
        elif k == 2:
            value = f"010-{int(rng.choice([5, 6, 8]))}{int(rng.integers(0, 10_000_000)):07d}"
        else:
            value = id_number(rng)
        phrases = _PII_PHRASES[k]
        out[i] = out[i] + phrases[int(rng.integers(0, len(phrases)))].format(value)
    return out, kind
