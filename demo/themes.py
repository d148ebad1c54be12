"""Candidate themes for the planted ground truth, one list per kind; the seed picks one of each.

A planted theme's texts all carry its keywords so text mining can find it, while slots keep them
varied. Seasonal (heating) and treated themes reuse their category's own templates, which already
carry the topic words.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    theme: str  # label used in ground truth and as a text key
    keywords: tuple[str, ...]
    rows: tuple[tuple[str, str, str], ...]  # category rows (l1, l2, l3)
    row_weights: tuple[float, ...] = (1.0,)
    own_texts: bool = True  # False: use the category templates
    types: str = "complaint"  # taxonomy.TYPE_MIX profile
    difficulty: float | None = None  # None: the category's own
    hours: str | None = None  # None: the category's own
    rate: float = 0.0  # per day at scale 1 (emerging: per street)


EMERGING = (
    Theme(
        "电动自行车飞线充电",
        ("飞线充电", "电动自行车", "私拉电线", "充电"),
        (("城市管理", "电动自行车充电", "电动自行车充电设施建设"),),
        types="report",
        rate=30.0,
    ),
    Theme(
        "新能源汽车充电桩安装难",
        ("充电桩", "新能源汽车", "安装", "物业不同意"),
        (("交通管理", "新能源汽车充电", "新能源电动汽车充电设施建设"),),
        types="help",
        rate=30.0,
    ),
    Theme(
        "快递驿站占道堆放",
        ("快递驿站", "快递", "占道", "堆放"),
        (("公共服务", "快递服务", "快递末端网点投递服务质量"),),
        types="complaint",
        rate=30.0,
    ),
)
PERSISTENT = (
    Theme(
        "物业费收费争议",
        ("物业费", "物业收费", "涨价", "收费标准"),
        (("住房", "物业管理", "规范物业收费"),),
        difficulty=-2.4,
        rate=520.0,
    ),
    Theme(
        "拖欠农民工工资",
        ("拖欠工资", "欠薪", "讨薪", "工资"),
        (("劳动和社会保障", "薪酬纠纷", "拖欠工资"),),
        types="help",
        difficulty=-2.3,
        rate=520.0,
    ),
    Theme(
        "预付卡退费难",
        ("预付卡", "退费", "会员卡", "跑路"),
        (("市场管理", "预付式消费", "预付式消费退费难"),),
        difficulty=-2.4,
        rate=520.0,
    ),
)
BURST = (
    Theme(
        "夜间施工噪音扰民",
        ("夜间施工", "施工噪音", "工地", "扰民"),
        (("生态环境", "噪声", "施工噪声"),),
        hours="night",
        rate=300.0,
    ),
    Theme(
        "小区突发停水",
        ("停水", "没水", "自来水"),
        (("公共服务", "供水供电", "供水供电保障"),),
        types="help",
        rate=300.0,
    ),
    Theme("垃圾站恶臭", ("垃圾站", "臭味", "异味", "垃圾转运"), (("生态环境", "大气", "异味"),), rate=300.0),
)
SEASONAL = (
    Theme(
        "供暖",
        ("暖气", "供暖", "室温", "不热"),
        (
            ("公共服务", "供暖", ""),
            ("公共服务", "供暖", "室温不达标(低于18℃)"),
            ("公共服务", "供暖", "暖气不热/跑冒滴漏报修"),
        ),
        row_weights=(0.25, 0.4, 0.35),
        own_texts=False,
        types="help",
    ),
)
TREATED = (
    Theme(
        "老楼加装电梯",
        ("加装电梯", "老楼", "电梯"),
        (("住房", "老楼加装电梯", ""),),
        own_texts=False,
        types="help",
    ),
    Theme(
        "违法停车",
        ("违法停车", "消防通道", "停车"),
        (("交通管理", "停车管理", "违法停车"),),
        own_texts=False,
        types="report",
    ),
    Theme(
        "住宅楼内下水管道堵塞",
        ("下水", "堵塞", "返水", "管道"),
        (("住房", "住宅楼内下水管道堵塞", ""),),
        own_texts=False,
        types="help",
    ),
    Theme("餐饮油烟", ("油烟", "餐馆", "烟道"), (("生态环境", "大气", "餐饮油烟"),), own_texts=False),
    Theme("文明养犬", ("狗", "遛狗", "养犬", "拴绳"), (("社会秩序", "文明养犬", ""),), own_texts=False),
)
CANDIDATES: dict[str, tuple[Theme, ...]] = {
    "emerging": EMERGING,
    "persistent": PERSISTENT,
    "burst": BURST,
    "seasonal": SEASONAL,
    "treated": TREATED,
}

#: Bodies of the themes with their own texts; every body names at least one keyword.
THEME_TEXTS: dict[str, tuple[str, ...]] = {
    "电动自行车飞线充电": (
        "{xq}{lh}有住户从{floor}窗户私拉电线飞线充电，电动自行车就停在楼下，存在火灾隐患。",
        "{xq}最近很多人飞线充电，电线从楼上垂下来横穿人行道，电动自行车充电时没人看管。",
        "{addr}楼道里有人给电动自行车充电，私拉电线乱接插线板，飞线充电已经{dur}了，物业不管。",
        "{xq}的充电桩不够用，不少居民只好私拉电线飞线充电，来电人担心电动自行车起火。",
        "{xq}{lh}楼下电动自行车飞线充电现象严重，晚上插线板摆了一地，下雨天更危险。",
        "{road}沿街商户私拉电线给外卖电动自行车飞线充电，电线横跨人行道。",
        "{xq}有人把电动自行车电池拎回家充电，还有人从窗户飞线充电，居民要求尽快建设集中充电设施。",
    ),
    "新能源汽车充电桩安装难": (
        "来电人买了新能源汽车，想在{xq}的自有车位安装充电桩，物业不同意出具证明。",
        "{xq}物业以电容量不足为由拒绝业主安装新能源汽车充电桩，{dur}没有解决。",
        "来电人申请在{xq}安装新能源汽车充电桩，供电公司和物业互相推诿。",
        "{xq}多位业主买了新能源汽车，但物业不同意安装充电桩，只能去外面的公共充电站排队。",
        "{xq}物业要求安装新能源汽车充电桩必须交{amt}的管理费，业主认为不合理。",
        "{xq}的新能源汽车充电桩安装申请已经提交{dur}，物业一直说在研究，就是不同意。",
    ),
    "快递驿站占道堆放": (
        "{xq}门口的快递驿站把快递堆放在人行道上，占道严重，居民出行不便。",
        "{xq}{lh}一楼开了快递驿站，快递堆满楼道，占用消防通道。",
        "{road}的快递驿站每天把包裹堆到路边分拣，占道经营已经{dur}了。",
        "{xq}的快递驿站快递乱堆乱放，居民取快递要在一堆包裹里翻找，还经常丢件。",
        "{xq}附近快递驿站的三轮车占道停放，快递堆放在绿地上，影响环境。",
        "{xq}的快递驿站设在住宅楼内，快递车辆进出频繁，堆放的纸箱存在火灾隐患。",
    ),
    "物业费收费争议": (
        "{xq}的{wy}今年突然把物业费从每平米{fee}元往上涨价，没有召开业主大会，业主不认可物业收费标准。",
        "{xq}物业服务质量很差，却要求业主按每平米{fee}元交物业费，业主拒交后物业收费人员上门催缴。",
        "来电人家住{addr}，{wy}强行把物业费和停车费捆绑收取，不交物业费就不给车辆放行。",
        "{xq}物业收费不透明，物业费涨价后服务没有任何提升，业主要求公开收费标准和账目。",
        "{xq}的{wy}承诺用公共收益抵扣物业费，{dur}了也没有兑现，还要求补交物业费。",
        "{wy}以来电人欠缴物业费为由停了{addr}的水电，来电人认为这种物业收费方式违法。",
        "{xq}物业费收费标准是每平米{fee}元，但物业收费时按建筑面积加公摊计算，业主认为多收了物业费。",
    ),
    "拖欠农民工工资": (
        "来电人在{site}干活，包工头拖欠{ppl}工人工资共{amt}，已经{month}，讨薪无果。",
        "来电人在{co}工作，公司拖欠工资{month}，多次讨薪，老板一直说再等等。",
        "{site}的劳务公司拖欠工资，来电人和工友讨薪时被项目部推给分包单位。",
        "来电人被{co}拖欠工资{amt}，公司已经搬走，欠薪问题找不到人负责。",
        "来电人在{road}的{food}打工，老板拖欠工资{month}后关店，来电人要求帮助讨薪。",
        "来电人所在的{co}以经营困难为由拖欠工资，{ppl}员工的欠薪总额达{amt}。",
    ),
    "预付卡退费难": (
        "来电人在{road}的{shop}办了{amt}的预付卡，商家突然关门跑路，会员卡无法退费。",
        "{xq}附近的{shop}停业了，来电人的会员卡里还有{amt}，商家拒绝退费。",
        "来电人在{edu}预交了{amt}课时费办了会员卡，机构跑路了，预付卡退费无门。",
        "{road}的{shop}以装修为名停业{dur}，办了预付卡的会员都无法退费。",
        "来电人要求{shop}退还预付卡余额{amt}，商家说会员卡不退费只能转让。",
        "{shop}老板跑路后，{ppl}会员的预付卡无法使用，来电人要求相关部门帮助退费。",
    ),
    "夜间施工噪音扰民": (
        "{site}连续几天夜间施工，{t}还在打桩，施工噪音太大，周边居民无法入睡。",
        "{site}夜间施工扰民，渣土车和挖掘机{t}一直作业，来电人要求查看夜间施工许可。",
        "{xq}旁边的{site}夜里灯火通明，施工噪音扰民，家里孩子被吵醒好几次。",
        "{site}这周每天夜间施工到凌晨，工地噪音震得窗户都响，请尽快制止夜间施工。",
        "来电人家住{addr}，紧邻{site}，工地{t}夜间施工，噪音扰民严重。",
        "{site}夜间施工没有任何公示，施工噪音持续到后半夜，周边{xq}的居民意见很大。",
    ),
    "小区突发停水": (
        "{xq}从昨天开始停水，一直没有通知什么时候来水，居民做饭洗漱都成问题。",
        "{xq}{lh}停水已经一天多了，自来水公司说水管爆裂正在抢修，但一直没有来水。",
        "{xq}大面积停水，小区里有很多老人，家里没水，希望安排送水车。",
        "{addr}家中没水，整个{xq}都停水了，物业和自来水公司互相推诿。",
        "{xq}停水后来的自来水发黄，有异味，居民不敢使用。",
        "{xq}因为水管施工突然停水，事先没有任何通知，居民家里没水了。",
    ),
    "垃圾站恶臭": (
        "{xq}旁边的垃圾站这几天臭味特别大，垃圾转运不及时，居民不敢开窗。",
        "{xq}附近的垃圾转运站臭味熏天，异味飘到{lh}住户家中。",
        "{xq}垃圾站的垃圾堆积发酵，臭味难闻，蚊蝇很多。",
        "来电人家住{addr}，楼下垃圾站的臭味和异味已经{sdur}了，要求尽快清运除臭。",
        "{xq}的垃圾站夜间转运垃圾，臭味和噪音都很大。",
        "{xq}垃圾站的渗滤液流到路面上，异味很重，居民要求垃圾站搬离。",
    ),
}

#: Kinds of work sites a burst or a wage dispute can name.
SITE_KINDS = (
    "保障房项目工地",
    "商业综合体项目工地",
    "地铁站施工工地",
    "安置房项目工地",
    "学校新建工程工地",
    "道路改造工地",
    "管线改造工地",
    "棚户区改造项目工地",
)
