"""The hotline dictionary: domain words rjieba must keep whole, and words a theme must ignore.

Domain words come from the reference lists (districts, streets, category names) plus facility
and problem words that jieba's general dictionary splits (电动自行车 → 电动/自行车), so a theme
can say "飞线充电" rather than two vague halves. Place names are segmented whole but are not
theme words: a theme is *what* is wrong, hotspots say *where*.
"""

from __future__ import annotations

import re
from functools import cache

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from analytics import vocabulary as vocab

#: Frequency given to dictionary words: high enough to beat jieba's split of common compounds.
DOMAIN_FREQ = 200_000

#: Facility and problem words that jieba's general dictionary cuts apart or does not know.
FACILITY_WORDS: tuple[str, ...] = (
    "电动自行车", "电动车", "电瓶车", "飞线充电", "私拉电线", "私拉乱接", "插线板", "充电桩", "充电设施",
    "集中充电", "新能源汽车", "新能源车", "加装电梯", "老楼", "老旧小区", "物业费", "物业收费", "物业公司",
    "停车费", "停车位", "车位", "消防通道", "违法停车", "违章停车", "快递驿站", "快递柜", "外卖",
    "共享单车", "网约车", "渣土车", "夜间施工", "施工噪音", "噪音扰民", "广场舞", "餐饮油烟", "油烟",
    "油烟净化", "烟道", "垃圾站", "垃圾转运", "垃圾清运", "垃圾分类", "厨余垃圾", "化粪池", "下水管道",
    "下水道", "返水", "暖气", "供暖", "供热", "室温", "跑冒滴漏", "停水", "停电", "跳闸", "自来水",
    "燃气", "房产证", "不动产权证", "回迁房", "公租房", "群租", "拖欠工资", "欠薪", "讨薪", "农民工",
    "预付卡", "会员卡", "退费", "跑路", "养老金", "社保", "医保", "异地就医", "挂号", "号贩子",
    "幼儿园", "学位", "入学", "校外培训", "占道经营", "无照经营", "违法建设", "私搭乱建", "漏雨",
    "积水", "路灯", "信号灯", "红绿灯", "公交车", "公交站", "遛狗", "养犬", "拴绳", "犬只",
    "扬尘", "异味", "臭味", "装修噪音", "直播间", "网购", "旅行社", "电梯故障", "困人", "占道", "堆放",
)

#: Hotline boilerplate and function words that say nothing about the problem.
CHINESE_STOP_WORDS: frozenset[str] = frozenset((
    "来电", "来电人", "市民", "居民", "业主", "反映", "反应", "称", "表示", "要求", "希望", "请求", "请",
    "恳请", "麻烦", "帮忙", "帮助", "相关", "相关部门", "部门", "有关部门", "尽快", "及时", "处理",
    "解决", "核实", "核查", "督促", "整改", "答复", "给予", "回复", "反馈", "诉求", "咨询", "投诉",
    "举报", "求助", "建议", "表扬", "感谢", "问题", "情况", "事情", "存在", "进行", "导致", "造成",
    "影响", "认为", "觉得", "知道", "不知道", "了解", "询问", "想", "想要", "需要", "可以", "能够",
    "能否", "是否", "应该", "必须", "已经", "已", "一直", "还", "也", "都", "就", "又", "再", "才", "仍",
    "仍然", "依然", "没有", "没", "不", "无", "未", "非常", "特别", "十分", "很", "太", "比较", "更",
    "最", "多次", "多", "少", "很多", "许多", "一些", "一个", "这个", "那个", "这些", "那些", "这样",
    "那样", "这种", "那种", "什么", "怎么", "如何", "为什么", "哪些", "哪个", "谁", "我们", "你们",
    "他们", "她们", "自己", "本人", "大家", "其", "该", "此", "与", "和", "及", "以及", "或", "或者",
    "但", "但是", "而", "而且", "并", "并且", "因为", "所以", "如果", "虽然", "由于", "因此", "然后",
    "同时", "之后", "以后", "以前", "之前", "目前", "现在", "现", "今天", "昨天", "最近", "近期", "时候",
    "期间", "当时", "每天", "每次", "天", "年", "月", "日", "号", "时", "个", "次", "位", "名", "人",
    "家", "户", "的", "了", "着", "过", "是", "在", "有", "被", "把", "让", "给", "对", "从", "向", "到",
    "于", "为", "以", "将", "等", "等等", "上", "下", "里", "内", "外", "中", "前", "后", "后来", "左右",
    "附近", "周边", "旁边", "一带", "地方", "地区", "方面", "工作", "人员", "工作人员", "单位", "负责",
    "负责人", "联系", "电话", "不是", "就是", "只是", "还是", "而是", "真的", "到底", "一下", "一点",
    "一定", "这么", "那么", "多少", "哪里", "那里", "这里", "怎样", "为何", "何时", "应当", "应该",
    "可能", "已经", "本来", "其实", "确实", "根本", "完全", "总是", "经常", "一般", "一起", "所有",
    "任何", "各种", "其他", "其它", "另外", "还有", "以上", "以下", "之间", "不能", "不会", "不要",
    "不用", "不得", "没法", "无法", "只能", "只好", "得到", "出现", "发生", "通过", "作为", "对于",
    "关于", "按照", "根据", "为了", "以及", "并且", "由此", "所谓", "这是", "那是", "有些", "有点",
    "中华人民共和国", "国家", "我国", "我市", "我省", "本人", "我们", "咱们", "他们", "她们", "它们",
    "人们", "大家", "各位", "同志", "先生", "女士", "街道", "社区", "生活", "严重", "正常", "影响",
    "不便", "方便", "希望能", "能够", "很大", "很多", "非常", "特别", "一趟", "一次", "两次", "几次",
    "多年", "今年", "去年", "明年", "发展", "建设", "加快", "推动", "推进", "加强", "提高", "完善",
    "实施", "落实", "开展", "促进", "实现", "进一步", "积极", "有效", "申请", "资料", "咨询", "报告",
    "请示", "回复", "联系电话", "电话", "手机", "手机号", "号码", "座机", "联系方式", "身份证",
    "身份证号", "你好", "您好", "请问", "尊敬", "领导", "书记", "市长", "局长", "主任", "谢谢", "感谢您",
    "此致", "敬礼", "网友", "政府", "有关", "单位", "相关单位", "百姓", "老百姓", "诉求人", "来电者",
    "按规定", "市民来电", "来电反映", "办理", "情况反映", "现场", "到场", "问题反映", "管理", "相关规定",
    "规定", "政策", "具体", "流程", "标准", "手续", "材料",
))

_ASCII_WORD = re.compile(r"^[a-z][a-z'-]*[a-z]$")


@cache
def place_words() -> frozenset[str]:
    """District and street names with and without their suffix (朝阳区/朝阳, 望京街道/望京)."""
    names: set[str] = set()
    for district in vocab.districts(include_zone=True):
        names.update({district, district.removesuffix("区")})
    for street in vocab.streets(only_343=False):
        names.add(street.name)
        stem = re.sub(r"(街道|地区|镇|乡)$", "", street.name)
        if len(stem) >= 2:
            names.add(stem)
    names.update({"北京", "北京市", "本市", "全市"})
    return frozenset(n for n in names if len(n) >= 2)


@cache
def category_words() -> frozenset[str]:
    """Short category names (levels 1-3) that read as one term, e.g. 物业管理, 施工噪声."""
    terms = {t for row in vocab.categories() for t in row}
    return frozenset(t for t in terms if 2 <= len(t) <= 7 and re.fullmatch(r"[\u4e00-\u9fff]+", t))


@cache
def domain_words() -> tuple[str, ...]:
    """Every word added to the segmenter, in a fixed order (adding is order-sensitive)."""
    return tuple(sorted(place_words() | category_words() | set(FACILITY_WORDS)))


_PLACE_LIKE = re.compile(r"^[\u4e00-\u9fff]{1,4}[省县]$|^[\u4e00-\u9fff]{2,4}市$")


def is_place_like(token: str) -> bool:
    """Province, county and 3+ character city names (西地省, 长沙县, 西地市 — not 超市)."""
    return bool(_PLACE_LIKE.match(token))


def is_stop_word(token: str) -> bool:
    """True for boilerplate, function words and English stop words."""
    return token in CHINESE_STOP_WORDS or token in ENGLISH_STOP_WORDS


def is_ascii_word(token: str) -> bool:
    """A lower-case English word of two letters or more (no digits)."""
    return bool(_ASCII_WORD.match(token))
