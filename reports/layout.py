"""Where each report lives under the reports folder, as relative paths (pure; no IO).

::

    <out>/index.html                      every night, newest first
    <out>/assets/plotly.min.js            plotly.js once for all nights (≈ 4.7 MB)
    <out>/assets/weisu.css, weisu.js      styles, table sorting, chart start-up
    <out>/data_docs/index.html            GX Data Docs, when validation wrote them
    <out>/<as_of>/overview.html           the nightly overview
    <out>/<as_of>/topics-<YYYY-MM>.html   每月一题 candidates of a month
    <out>/<as_of>/district-<code>.html    one page per district
    <out>/<as_of>/rankings.html           三率 and rankings of the night's month
    <out>/<as_of>/risk.html               the street watch list (治理类街乡 candidates)
    <out>/<as_of>/impact-<theme>.html     the measured impact of each chosen 每月一题 topic

File names stay ASCII (district codes from the reference list, else a slug or a short hash) so
links work from any file manager and zip tool.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from functools import cache

from analytics import vocabulary as vocab

ASSETS = "assets"
INDEX = "index.html"
OVERVIEW = "overview.html"
RANKINGS = "rankings.html"
RISK = "risk.html"
DATA_DOCS_INDEX = "data_docs/index.html"
NIGHT_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: From a page in a night folder to the shared folders.
UP = "../"


def night_dir(as_of: dt.date) -> str:
    return as_of.isoformat()


def topics_file(month: vocab.Month) -> str:
    return f"topics-{month:%Y-%m}.html"


@cache
def _district_codes() -> dict[str, str]:
    """Name → administrative code of every district of :func:`vocab.districts`, read from the
    street list: a district's code is its streets' district code, and the development zone's is
    its own code as a street-level unit."""
    units = vocab.streets(only_343=False)
    codes = {s.district: s.district_code for s in units} | {s.name: s.code for s in units}
    return {name: codes[name] for name in vocab.districts(include_zone=True) if name in codes}


def district_file(district: str) -> str:
    """``district-110105.html`` for 朝阳区; an ASCII slug or a hash for places outside Beijing."""
    code = _district_codes().get(district)
    if code is None:
        slug = re.sub(r"[^a-z0-9]+", "-", district.lower()).strip("-")
        ascii_only = district.isascii() and slug
        code = slug if ascii_only else hashlib.sha1(district.encode()).hexdigest()[:10]
    return f"district-{code}.html"


def impact_file(theme_id: str) -> str:
    """``impact-T5f0fe5109.html``; a short hash when the id is not a plain ASCII name."""
    name = (
        theme_id
        if re.fullmatch(r"[A-Za-z0-9_-]{1,40}", theme_id)
        else hashlib.sha1(theme_id.encode()).hexdigest()[:10]
    )
    return f"impact-{name}.html"
