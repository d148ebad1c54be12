"""Where demo complaints happen: districts, street units, communities and coordinates.

Volumes are skewed like the real hotline (2019: 朝阳 32万 > 海淀 22万 > 丰台 17万 … 延庆 4万); streets
inside a district get uneven seeded weights. Street positions are synthetic (a seeded offset from a
district centre) but consistent, so "neighbouring streets" means the same thing everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from analytics import vocabulary as vocab

ZONE = "北京经济技术开发区"
#: Units NBS lists under 大兴区 that lie inside the 经开区 (domain.md §1).
ZONE_STREETS = ("荣华街道", "博兴街道")

#: Relative yearly volume (2019 万件 where known, otherwise by population), and a rough
#: geographic centre with a spread in degrees.
_DISTRICTS: dict[str, tuple[float, float, float, float]] = {
    "东城区": (9.0, 116.416, 39.917, 0.020),
    "西城区": (12.0, 116.366, 39.912, 0.020),
    "朝阳区": (32.0, 116.486, 39.948, 0.055),
    "丰台区": (17.0, 116.286, 39.858, 0.050),
    "石景山区": (6.0, 116.195, 39.914, 0.025),
    "海淀区": (22.0, 116.270, 39.990, 0.060),
    "门头沟区": (4.5, 115.950, 39.980, 0.140),
    "房山区": (11.0, 115.980, 39.700, 0.140),
    "通州区": (14.0, 116.700, 39.820, 0.080),
    "顺义区": (11.0, 116.680, 40.130, 0.080),
    "昌平区": (15.5, 116.230, 40.200, 0.090),
    "大兴区": (13.5, 116.380, 39.650, 0.080),
    "怀柔区": (4.6, 116.600, 40.550, 0.140),
    "平谷区": (4.4, 117.150, 40.180, 0.080),
    "密云区": (5.0, 116.950, 40.450, 0.140),
    "延庆区": (4.0, 116.100, 40.480, 0.130),
    ZONE: (5.0, 116.520, 39.780, 0.025),
}
_KIND_WEIGHT = {"街道": 1.0, "地区": 1.15, "镇": 0.65, "乡": 0.3, "功能区": 0.15}
_LON = (115.42, 117.50)
_LAT = (39.44, 41.05)
_SUFFIX = re.compile(r"(回族乡|满族乡|街道|地区|镇|乡)$")

#: Street class drives category affinity: 0 = core city, 1 = urban, 2 = rural (镇/乡).
CORE, URBAN, RURAL = 0, 1, 2

_GENERIC_FIRST = (
    "阳光",
    "金色",
    "华龙",
    "富力",
    "远洋",
    "首开",
    "金隅",
    "青年",
    "幸福",
    "和平",
    "安华",
    "惠新",
    "芍药",
    "翠城",
    "康营",
    "锦绣",
    "美林",
    "紫金",
    "融泽",
    "龙湖",
    "世纪",
    "润枫",
    "嘉铭",
    "丽都",
    "汇佳",
    "双桥",
    "朝来",
    "育新",
    "清友",
    "领秀",
    "金泰",
    "望春",
    "东润",
    "富润",
    "华纺",
    "天恒",
)
_GENERIC_SECOND = (
    "家园",
    "花园",
    "嘉园",
    "新城",
    "小区",
    "雅苑",
    "华府",
    "一区",
    "二区",
    "三区",
    "北里",
    "南里",
    "东里",
    "西里",
    "公寓",
    "园",
    "新村",
    "苑",
)
_STEM_SUFFIX = (
    "东里",
    "西里",
    "南里",
    "北里",
    "一区",
    "二区",
    "三区",
    "新村",
    "家园",
    "小区",
    "北区",
    "南区",
)
_VILLAGE_FIRST = (
    "张",
    "王",
    "李",
    "东",
    "西",
    "南",
    "北",
    "前",
    "后",
    "大",
    "小",
    "马",
    "高",
    "辛",
    "柳",
    "杨",
    "石",
    "黄",
    "白",
    "沙",
    "郭",
    "韩",
    "孙",
    "何",
    "刘",
    "胡",
    "赵",
    "岳",
    "桃",
    "梨",
    "枣",
    "下",
    "上",
)
_VILLAGE_SECOND = ("庄", "各庄", "营", "屯", "店", "峪", "坨", "沟", "台", "家务", "辛庄", "官庄", "河", "寨")


@dataclass(frozen=True)
class Geography:
    """Flat arrays over street units, plus per-street community ranges (all fixed by seed)."""

    districts: tuple[str, ...]
    district_weight: np.ndarray  # per district, sums to 1
    street_district: np.ndarray  # district index per street
    street_name: np.ndarray  # object array of full names (望京街道)
    street_stem: np.ndarray  # object array (望京)
    street_kind: np.ndarray  # object array (街道/地区/镇/乡/功能区)
    street_class: np.ndarray  # CORE/URBAN/RURAL
    street_p: np.ndarray  # global probability of a street (district × within)
    street_lon: np.ndarray
    street_lat: np.ndarray
    street_office: np.ndarray  # 朝阳区望京街道办事处
    community_start: np.ndarray  # first community index per street
    community_count: np.ndarray
    community_name: np.ndarray  # object array: 望京西里社区 / 张各庄村
    place_name: np.ndarray  # object array: 望京西里 / 张各庄村
    community_rural: np.ndarray  # bool: a village (no 楼号)
    community_dlon: np.ndarray
    community_dlat: np.ndarray

    @property
    def n_streets(self) -> int:
        return len(self.street_name)

    def street_index(self, district: str, street: str) -> int:
        """Index of a (district, street) pair; raises KeyError when absent."""
        d = self.districts.index(district)
        hits = np.flatnonzero((self.street_district == d) & (self.street_name == street))
        if len(hits) == 0:
            raise KeyError((district, street))
        return int(hits[0])

    def neighbours(self, street: int, k: int, exclude: set[int] | None = None) -> list[int]:
        """The ``k`` nearest streets to ``street`` by synthetic position, skipping ``exclude``."""
        dist = np.hypot(
            self.street_lon - self.street_lon[street], (self.street_lat - self.street_lat[street]) * 1.3
        )
        order = [int(i) for i in np.argsort(dist, kind="stable") if i != street]
        skip = exclude or set()
        return [i for i in order if i not in skip][:k]


def district_centres() -> dict[str, tuple[float, float]]:
    """Approximate (lon, lat) centre of every district and the zone."""
    return {name: (v[1], v[2]) for name, v in _DISTRICTS.items()}


def stem(name: str) -> str:
    """A street's name without its unit suffix: 望京街道 → 望京."""
    return _SUFFIX.sub("", name) or name


def _street_rows(include_zone: bool) -> list[tuple[str, str, str]]:
    """(district, street, kind) rows; zone mode moves 荣华/博兴 into the zone and adds 4xx units."""
    rows = []
    for s in vocab.streets(only_343=not include_zone):
        district = s.district
        if include_zone and (s.name in ZONE_STREETS or s.name == ZONE):
            district = ZONE
        rows.append((district, s.name, s.kind))
    return rows


def _office(district: str, street: str, kind: str) -> str:
    if kind in ("镇", "乡"):
        return f"{district}{street}人民政府"
    if kind == "功能区":
        return f"{street}管委会" if street == ZONE else f"{district}{street}管委会"
    return f"{district}{street}办事处"


def build_geography(seed: int, include_zone: bool = False) -> Geography:
    """All spatial reference arrays for one seed (pure: same seed, same geography)."""
    rng = np.random.default_rng([seed, 7001])
    districts = vocab.districts(include_zone=include_zone)
    rows = _street_rows(include_zone)
    d_index = {d: i for i, d in enumerate(districts)}
    street_district = np.array([d_index[r[0]] for r in rows], dtype=np.int32)
    kinds = np.array([r[2] for r in rows], dtype=object)
    names = np.array([r[1] for r in rows], dtype=object)
    dw = np.array([_DISTRICTS[d][0] for d in districts])
    dw = dw / dw.sum()
    within = rng.gamma(1.6, 1.0, len(rows)) * np.array([_KIND_WEIGHT.get(k, 0.5) for k in kinds])
    street_p = np.zeros(len(rows))
    for i in range(len(districts)):
        m = street_district == i
        street_p[m] = dw[i] * within[m] / within[m].sum()
    lon, lat = _street_positions(rng, districts, street_district, kinds)
    core = {"东城区", "西城区"}
    cls = np.array(
        [
            CORE if districts[d] in core else (RURAL if k in ("镇", "乡") else URBAN)
            for d, k in zip(street_district, kinds, strict=True)
        ],
        dtype=np.int8,
    )
    offices = np.array([_office(*r) for r in rows], dtype=object)
    comm = _communities(rng, names, kinds)
    return Geography(
        districts=districts,
        district_weight=dw,
        street_district=street_district,
        street_name=names,
        street_stem=np.array([stem(n) for n in names], dtype=object),
        street_kind=kinds,
        street_class=cls,
        street_p=street_p / street_p.sum(),
        street_lon=lon,
        street_lat=lat,
        street_office=offices,
        **comm,
    )


def _street_positions(
    rng: np.random.Generator, districts: tuple[str, ...], street_district: np.ndarray, kinds: np.ndarray
) -> tuple[np.ndarray, ...]:
    """Seeded street centres: urban units near the district seat, towns further out."""
    centre = np.array([_DISTRICTS[d][1:3] for d in districts])
    spread = np.array([_DISTRICTS[d][3] for d in districts])
    factor = np.where(np.isin(kinds, ["街道", "地区"]), 0.45, 1.0)
    s = spread[street_district] * factor
    lon = centre[street_district, 0] + rng.normal(0, 1, len(kinds)) * s
    lat = centre[street_district, 1] + rng.normal(0, 1, len(kinds)) * s * 0.75
    return np.clip(lon, *_LON), np.clip(lat, *_LAT)


def _communities(rng: np.random.Generator, names: np.ndarray, kinds: np.ndarray) -> dict[str, np.ndarray]:
    """Seeded community (社区/村) names per street; urban ones double as 小区 names."""
    starts, counts, comm, place, rural, dlon, dlat = [], [], [], [], [], [], []
    for name, kind in zip(names, kinds, strict=True):
        is_rural = kind in ("镇", "乡")
        n = int(rng.integers(8, 22) if is_rural else rng.integers(6, 18))
        starts.append(len(comm))
        urban_n = 2 if is_rural else n
        chosen = _urban_names(rng, stem(name), urban_n) + _village_names(rng, n - urban_n)
        for j, place_name in enumerate(chosen):
            village = j >= urban_n
            place.append(place_name)
            comm.append(place_name if village else f"{place_name}社区")
            rural.append(village)
        counts.append(n)
        spread = 0.03 if is_rural else 0.008
        dlon.extend(rng.normal(0, spread, n))
        dlat.extend(rng.normal(0, spread * 0.75, n))
    return {
        "community_start": np.array(starts, dtype=np.int64),
        "community_count": np.array(counts, dtype=np.int64),
        "community_name": np.array(comm, dtype=object),
        "place_name": np.array(place, dtype=object),
        "community_rural": np.array(rural, dtype=bool),
        "community_dlon": np.array(dlon),
        "community_dlat": np.array(dlat),
    }


def _urban_names(rng: np.random.Generator, street_stem: str, n: int) -> list[str]:
    """Distinct 小区 names: some built on the street's stem (望京西里), some generic (阳光家园)."""
    out: list[str] = []
    while len(out) < n:
        if rng.random() < 0.45:
            name = street_stem + _STEM_SUFFIX[rng.integers(len(_STEM_SUFFIX))]
        else:
            name = (
                _GENERIC_FIRST[rng.integers(len(_GENERIC_FIRST))]
                + _GENERIC_SECOND[rng.integers(len(_GENERIC_SECOND))]
            )
        if name not in out:
            out.append(name)
    return out


def _village_names(rng: np.random.Generator, n: int) -> list[str]:
    """Distinct village names (张各庄村)."""
    out: list[str] = []
    while len(out) < n:
        name = (
            _VILLAGE_FIRST[rng.integers(len(_VILLAGE_FIRST))]
            + _VILLAGE_SECOND[rng.integers(len(_VILLAGE_SECOND))]
            + "村"
        )
        if name not in out:
            out.append(name)
    return out
