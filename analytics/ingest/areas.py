"""Area references: which district and street spellings a profile accepts, and what they mean.

Beijing profiles accept the 16 districts (plus 经开区) and the 343 street units in the
spellings real exports use (朝阳, 朝阳区, 北京市朝阳区; 望京, 望京街道, 望京街道办事处).
A spelling that could mean two streets of one district is not accepted in its short form.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache

from analytics import vocabulary as v
from analytics.ingest.profiles import Profile

ZONE = "北京经济技术开发区"
ZONE_ALIASES = (ZONE, "经开区", "北京经开区", "亦庄", "北京亦庄", "亦庄经济技术开发区", "经济技术开发区")
ZONE_STREETS = ("荣华街道", "博兴街道")
_STREET_SUFFIX = re.compile(r"(街道办事处|地区办事处|办事处|街道|地区|镇|乡)$")


def area_key(text: str) -> str:
    """The comparison key for a place name; mirrors ``weisu_key`` in ingest_macros.sql."""
    return re.sub(r"[\s\u3000]+", "", text).upper()


@cache
def _district_aliases() -> list[tuple[str, str]]:
    pairs = []
    for name in v.districts():
        short = name.removesuffix("区")
        for alias in (name, short, f"北京市{name}", f"北京{name}", f"北京市{short}"):
            pairs.append((area_key(alias), name))
    pairs += [(area_key(a), ZONE) for a in ZONE_ALIASES]
    pairs.append(("110115403", ZONE))
    return sorted(set(pairs))


def _street_spellings(name: str) -> set[str]:
    base = _STREET_SUFFIX.sub("", name)
    return {s for s in (name, f"{name}办事处", f"{name}政府", base) if s}


@cache
def _street_aliases() -> list[tuple[str, str, str]]:
    by_district: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for street in v.streets(only_343=False):
        districts = [street.district]
        if street.name in ZONE_STREETS or street.kind == "功能区":
            districts.append(ZONE)
        for district in districts:
            for spelling in _street_spellings(street.name):
                by_district[district][area_key(spelling)].add(street.name)
            by_district[district][street.code].add(street.name)
    rows = []
    for district, aliases in by_district.items():
        for alias, names in aliases.items():
            if len(names) == 1:
                rows.append((district, alias, next(iter(names))))
    return sorted(rows)


def district_aliases(profile: Profile) -> list[tuple[str, str]]:
    """(alias key, district) rows for the profile's area reference."""
    if profile.area == "beijing":
        return _district_aliases()
    if profile.area == "list":
        pairs = {(area_key(a), d) for a, d in profile.districts.items()}
        pairs |= {(area_key(d), d) for d in profile.districts.values()}
        return sorted(pairs)
    return []


def street_aliases(profile: Profile) -> list[tuple[str, str, str]]:
    """(district, alias key, street) rows; only Beijing profiles check streets."""
    return _street_aliases() if profile.area == "beijing" else []
