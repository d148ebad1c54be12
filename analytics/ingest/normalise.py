"""What the normalising query is told: accepted words, limits, timestamp formats, place aliases.

``batch_normalised_read.sql`` is static; everything that varies with the profile, the clock
or the privacy settings reaches it as the bound parameters built here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from analytics import privacy
from analytics import vocabulary as v
from analytics.ingest import areas
from analytics.ingest.profiles import Profile

MIN_RECEIVED = dt.datetime(1980, 1, 1)
MAX_CONTENT_CHARS = 50_000
#: ISO timestamps with a UTC offset are accepted from any source and converted to its zone.
OFFSET_FORMATS = ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%d %H:%M:%S%z")
TRUE_WORDS = (
    "true",
    "t",
    "yes",
    "y",
    "1",
    "是",
    "已解决",
    "解决",
    "已办结",
    "满意",
    "基本满意",
    "非常满意",
    "比较满意",
)
FALSE_WORDS = ("false", "f", "no", "n", "0", "否", "未解决", "部分解决", "不满意", "非常不满意", "不太满意")


def area_frames(profile: Profile) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The profile's district and street aliases, as the frames the normalising query joins."""
    districts = pl.DataFrame(areas.district_aliases(profile), schema=["alias", "district"], orient="row")
    streets = pl.DataFrame(
        areas.street_aliases(profile), schema=["district", "alias", "street"], orient="row"
    )
    return districts, streets


def normalise_params(profile: Profile, key: bytes, keep_clear: bool, now: dt.datetime) -> dict[str, Any]:
    """The parameters of ``batch_normalised_read.sql`` for this profile."""
    return {
        "formats": [f for f in profile.timestamp_formats if f != "excel" and "%z" not in f]
        or ["%Y-%m-%d %H:%M:%S"],
        "tz_formats": [f for f in profile.timestamp_formats if "%z" in f] + list(OFFSET_FORMATS),
        "excel": "excel" in profile.timestamp_formats,
        "tz": profile.timezone,
        "min_ts": MIN_RECEIVED,
        "max_ts": now + dt.timedelta(days=1),
        "area": profile.area,
        "check_streets": profile.area == "beijing",
        "max_content": MAX_CONTENT_CHARS,
        "true_words": list(TRUE_WORDS + profile.true_words),
        "false_words": list(FALSE_WORDS + profile.false_words),
        "appeal_types": [t.value for t in v.AppealType],
        "keep_clear": keep_clear,
        "key": key.decode(),
        "source": profile.source,
        **privacy.mask_params(),
    }
