"""The one vocabulary of Weisu: canonical column names, enums, grains and reference lists.

Every other module names columns through these constants, so a rename happens here once.
Reference lists ship inside the package (copied from ``shared/reference``) so that an
installed Weisu needs nothing outside itself.
"""

from __future__ import annotations

import csv
import hashlib
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path

# --- canonical complaint record -------------------------------------------------------------
SOURCE = "source"
RECORD_ID = "record_id"
RECEIVED_AT = "received_at"
DISTRICT = "district"
STREET = "street"
COMMUNITY = "community"
CATEGORY_L1 = "category_l1"
CATEGORY_L2 = "category_l2"
CATEGORY_L3 = "category_l3"
APPEAL_TYPE = "appeal_type"
CHANNEL = "channel"
CONTENT = "content"
HANDLING_UNIT = "handling_unit"
HANDLING_UNITS = "handling_units"
DISPATCHED_AT = "dispatched_at"
RESPONDED_AT = "responded_at"
CLOSED_AT = "closed_at"
UPDATED_AT = "updated_at"
RESOLVED = "resolved"
SATISFIED = "satisfied"
STATUS = "status"
CALLER_ID = "caller_id"
CALLER_HASH = "caller_hash"
ADDRESS = "address"
LONGITUDE = "longitude"
LATITUDE = "latitude"
DISTRICT_DERIVED = "district_derived"
CATEGORY_DERIVED = "category_derived"
CATEGORY_CONFIDENCE = "category_confidence"

#: Fields a source may map, in canonical order. ``caller_id`` is read but never stored.
CANONICAL_FIELDS: tuple[str, ...] = (
    RECORD_ID,
    RECEIVED_AT,
    DISTRICT,
    STREET,
    COMMUNITY,
    CATEGORY_L1,
    CATEGORY_L2,
    CATEGORY_L3,
    APPEAL_TYPE,
    CHANNEL,
    CONTENT,
    HANDLING_UNIT,
    DISPATCHED_AT,
    RESPONDED_AT,
    CLOSED_AT,
    UPDATED_AT,
    RESOLVED,
    SATISFIED,
    STATUS,
    CALLER_ID,
    ADDRESS,
    LONGITUDE,
    LATITUDE,
)
REQUIRED_FIELDS: tuple[str, ...] = (RECORD_ID, RECEIVED_AT, DISTRICT, CONTENT)
TIMESTAMP_FIELDS: tuple[str, ...] = (
    RECEIVED_AT,
    DISPATCHED_AT,
    RESPONDED_AT,
    CLOSED_AT,
    UPDATED_AT,
)
BOOLEAN_FIELDS: tuple[str, ...] = (RESOLVED, SATISFIED)
FLOAT_FIELDS: tuple[str, ...] = (LONGITUDE, LATITUDE)

# --- batches and quarantine -----------------------------------------------------------------
BATCH_ID = "batch_id"
ROW_NUMBER = "row_number"
RAW = "raw"
REASONS = "reasons"

# --- time series (forecasting contract) -----------------------------------------------------
UNIQUE_ID = "unique_id"
DS = "ds"
Y = "y"

TIMEZONE_BEIJING = "Asia/Shanghai"


class AppealType(StrEnum):
    """诉求类型: the five of the Beijing regulation plus 表扬 from hotline standards."""

    CONSULT = "咨询"
    HELP = "求助"
    COMPLAINT = "投诉"
    REPORT = "举报"
    SUGGESTION = "建议"
    PRAISE = "表扬"


class Channel(StrEnum):
    """受理渠道 as Beijing 12345 names them."""

    PHONE = "电话"
    WEB = "网站"
    APP = "APP"
    WEIBO = "微博"
    WECHAT = "微信"


class Grain(StrEnum):
    """Time buckets: a report's period, a hotspot cell's width, a ranking's window."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"


class AreaLevel(StrEnum):
    """Where a complaint is counted or a unit assessed: 区, 街乡镇, 承办单位."""

    CITY = "city"
    DISTRICT = "district"
    STREET = "street"
    UNIT = "unit"


# --- months and runs ------------------------------------------------------------------------
#: A month is always the ``date`` of its first day; :func:`parse_month` is the one parser.
Month = date


def parse_month(text: str) -> Month:
    """``YYYY-MM`` (or an ISO date) as the first day of that month; ValueError otherwise."""
    try:
        return date.fromisoformat(text if len(text) > 7 else f"{text}-01").replace(day=1)
    except (ValueError, TypeError):
        raise ValueError(f"not a month (YYYY-MM): {text!r}") from None


def month_of(day: date) -> Month:
    """The month ``day`` falls in."""
    return day.replace(day=1)


def add_months(month: date, k: int) -> Month:
    """The first day of the month ``k`` months after ``month`` (negative ``k`` goes back)."""
    index = month.year * 12 + month.month - 1 + k
    return date(index // 12, index % 12 + 1, 1)


def month_end(month: date) -> date:
    """The last day of ``month``."""
    return date.fromordinal(add_months(month, 1).toordinal() - 1)


def month_range(first: date, last: date) -> list[Month]:
    """First days of every month from ``first`` through ``last``."""
    out = [first.replace(day=1)]
    while out[-1] < last.replace(day=1):
        out.append(add_months(out[-1], 1))
    return out


def last_complete_month(as_of: date) -> Month:
    """The newest month that has ended by ``as_of`` (the day whose data are complete)."""
    return add_months(month_of(as_of + timedelta(days=1)), -1)


def new_run_id() -> str:
    """A short random id for one run of a step (nightly, forecast, performance)."""
    return uuid.uuid4().hex[:12]


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, read in 1 MiB blocks: how a re-sent export is recognised."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class BatchStatus(StrEnum):
    RUNNING = "running"
    OK = "ok"
    FAILED = "failed"


# --- reference lists ------------------------------------------------------------------------
@dataclass(frozen=True)
class Street:
    district: str
    district_code: str
    name: str
    code: str
    kind: str
    in_343: bool


def _reference_rows(name: str) -> list[dict[str, str]]:
    text = resources.files("analytics.reference").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def districts(include_zone: bool = False) -> tuple[str, ...]:
    """Beijing's 16 districts (区), in code order; ``include_zone`` adds 北京经济技术开发区."""
    rows = _reference_rows("districts.csv")
    return tuple(r["name"] for r in rows if include_zone or r["kind"] == "市辖区")


@cache
def streets(only_343: bool = True) -> tuple[Street, ...]:
    """The 343 street units (街乡镇); ``only_343=False`` adds the six development-zone units."""
    out = []
    for r in _reference_rows("streets.csv"):
        if only_343 and r["in_343"] != "1":
            continue
        out.append(
            Street(
                r["district"],
                r["district_code"],
                r["street"],
                r["street_code"],
                r["type"],
                r["in_343"] == "1",
            )
        )
    return tuple(out)


@cache
def categories() -> tuple[tuple[str, str, str], ...]:
    """(level1, level2, level3) rows of the 12345 taxonomy; empty strings where a level is absent."""
    return tuple((r["level1"], r["level2"], r["level3"]) for r in _reference_rows("categories.csv"))


@cache
def request_types() -> tuple[str, ...]:
    return tuple(r["type"] for r in _reference_rows("request_types.csv"))


@cache
def time_limits() -> tuple[dict[str, str], ...]:
    return tuple(_reference_rows("time_limits.csv"))
