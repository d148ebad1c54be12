"""The measured effect of a 每月一题 topic: actual volume after the start against a counterfactual.

The counterfactual is fitted only on months before the start (:mod:`counterfactual`), summed
over the post period with a predictive interval. The call:

* ``significant decline`` / ``significant increase`` — the two-sided normal p-value of
  (actual − expected) ÷ predictive sd is below ``alpha`` (default 0.05);
* ``no significant change`` otherwise.

Resolution and satisfaction before (the same number of months just before the start, at most
12) and after are reported with counts, Wilson intervals and the months each period covers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime

import polars as pl
from scipy import stats

from analytics import vocabulary as vocab
from analytics.performance.counterfactual import seasonal_counterfactual
from analytics.performance.rates import RATE_COUNTS, record_outcomes, wilson_columns
from analytics.vocabulary import add_months, last_complete_month, month_range, parse_month

MONTH = "month"
_COUNTS = ("complaints", "resolution_rated", "resolved_n", "satisfaction_rated", "satisfied_n")
THEME_ID = "theme_id"
#: A category pattern (level1, level2, level3); ``None`` matches any value at its level.
CategoryPattern = tuple[str | None, str | None, str | None]


@dataclass(frozen=True)
class TopicScope:
    """Which complaints belong to a topic: any category, keyword or theme match, within districts.

    ``categories`` holds (level1, level2, level3) patterns where ``None`` or "" matches anything.
    """

    topic: str
    start: date
    categories: tuple[CategoryPattern, ...] = ()
    keywords: tuple[str, ...] = ()
    theme_ids: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not (self.categories or self.keywords or self.theme_ids):
            raise ValueError(f"topic {self.topic!r} needs categories, keywords or theme ids")


@dataclass(frozen=True)
class TopicImpact:
    scope: TopicScope
    post_first: date
    post_last: date
    actual: int
    expected: float
    expected_lo: float
    expected_hi: float
    relative_change: float
    relative_lo: float
    relative_hi: float
    p_value: float
    call: str
    pre_months: int
    trend: bool
    dispersion: float
    monthly: pl.DataFrame = field(repr=False)
    rates: pl.DataFrame = field(repr=False)

    def summary(self) -> dict[str, object]:
        """Plain values for a report context or a CLI line."""
        return {
            "topic": self.scope.topic,
            "start": self.scope.start.isoformat(),
            "post": f"{self.post_first:%Y-%m}..{self.post_last:%Y-%m}",
            "actual": self.actual,
            "expected": round(self.expected, 1),
            "expected_lo": round(self.expected_lo, 1),
            "expected_hi": round(self.expected_hi, 1),
            "relative_change": round(self.relative_change, 4),
            "relative_lo": round(self.relative_lo, 4),
            "relative_hi": round(self.relative_hi, 4),
            "p_value": self.p_value,
            "call": self.call,
            "pre_months": self.pre_months,
            "trend": self.trend,
            "dispersion": round(self.dispersion, 2),
        }


def _category_pattern(text: str) -> CategoryPattern:
    """``l1/l2/l3`` with '*' or nothing for any value at a level (missing levels match any)."""
    levels = [None if v in ("", "*") else v for v in text.split("/")] + [None, None]
    return levels[0], levels[1], levels[2]


def parse_topic_spec(spec: str) -> TopicScope:
    """A scope from ``key=value`` pairs separated by ';'.

    Keys: ``name``, ``start`` (YYYY-MM, required), ``category`` (l1/l2/l3, '*' for any level; '|'
    between several), ``keywords`` (comma list), ``themes`` (comma list of ids), ``districts``.
    Example: ``name=违法停车;category=*/停车管理/违法停车;keywords=违法停车;start=2024-04``.
    """
    parts = {}
    for item in filter(None, (p.strip() for p in spec.split(";"))):
        key, sep, value = item.partition("=")
        if not sep:
            raise ValueError(f"topic spec part {item!r} is not key=value")
        parts[key.strip()] = value.strip()
    unknown = set(parts) - {"name", "start", "category", "keywords", "themes", "districts"}
    if unknown or "start" not in parts:
        raise ValueError(f"topic spec needs start=YYYY-MM and only known keys, got {sorted(parts)}")
    categories = tuple(_category_pattern(c) for c in filter(None, parts.get("category", "").split("|")))

    def listed(key: str) -> tuple[str, ...]:
        return tuple(v.strip() for v in parts.get(key, "").split(",") if v.strip())

    return TopicScope(
        parts.get("name", spec),
        parse_month(parts["start"]),
        categories,
        listed("keywords"),
        listed("themes"),
        listed("districts"),
    )


def _category_match(pattern: CategoryPattern) -> pl.Expr:
    cols = (vocab.CATEGORY_L1, vocab.CATEGORY_L2, vocab.CATEGORY_L3)
    terms = [pl.col(c) == v for c, v in zip(cols, pattern, strict=True) if v]
    return pl.all_horizontal(terms).fill_null(False) if terms else pl.lit(True)


def topic_records(
    records: pl.DataFrame, scope: TopicScope, theme_links: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Records of the topic. ``theme_links`` = ``complaint_themes(source, record_id, theme_id)``."""
    match = [_category_match(c) for c in scope.categories]
    match += [pl.col(vocab.CONTENT).str.contains(k, literal=True).fill_null(False) for k in scope.keywords]
    if scope.theme_ids and theme_links is not None:
        ids = theme_links.filter(pl.col(THEME_ID).cast(pl.String).is_in(list(scope.theme_ids)))
        keys = [c for c in (vocab.SOURCE, vocab.RECORD_ID) if c in records.columns and c in ids.columns]
        linked = ids.select(*keys).unique().with_columns(pl.lit(True).alias("_theme"))
        records = records.join(linked, on=keys, how="left")
        match.append(pl.col("_theme").fill_null(False))
    elif scope.theme_ids:
        raise ValueError("topic has theme ids but no complaint_themes links were given")
    out = records.filter(pl.any_horizontal(match)) if match else records.clear()
    if scope.districts:
        out = out.filter(pl.col(vocab.DISTRICT).is_in(list(scope.districts)))
    return out.drop("_theme", strict=False)


def monthly_topic_counts(topic: pl.DataFrame, first: date, last: date) -> pl.DataFrame:
    """Complaints per month (zeros filled) with the resolution and satisfaction counts."""
    months = pl.DataFrame({MONTH: month_range(first, last)})
    outcomes = record_outcomes(topic).with_columns(
        pl.col(vocab.RECEIVED_AT).dt.truncate("1mo").cast(pl.Date).alias(MONTH)
    )
    counts = outcomes.group_by(MONTH).agg(pl.col(c).sum() for c in _COUNTS)
    return months.join(counts, on=MONTH, how="left").with_columns(pl.col(_COUNTS).fill_null(0)).sort(MONTH)


def _rates_before_after(monthly: pl.DataFrame, start: date, post: int) -> pl.DataFrame:
    before_first = add_months(start, -min(post, 12))
    period = (
        pl.when(pl.col(MONTH) >= start)
        .then(pl.lit("after"))
        .when(pl.col(MONTH) >= before_first)
        .then(pl.lit("before"))
    )
    sums = (
        monthly.with_columns(period.alias("period"))
        .filter(pl.col("period").is_not_null())
        .group_by("period")
        .agg(
            *(pl.col(c).sum() for c in _COUNTS),
            pl.col(MONTH).min().alias("first_month"),
            pl.col(MONTH).max().alias("last_month"),
        )
    )
    rates = [e for name in ("resolution", "satisfaction") for e in wilson_columns(*RATE_COUNTS[name], name)]
    return sums.with_columns(rates).sort("period", descending=True)


def _received_span(records: pl.DataFrame) -> tuple[datetime, datetime]:
    """First and last ``received_at`` of ``records``: the months a topic can be measured over."""
    received = records[vocab.RECEIVED_AT]
    oldest, newest = received.min(), received.max()
    if not isinstance(oldest, datetime) or not isinstance(newest, datetime):
        raise ValueError("records carry no received_at times")
    return oldest, newest


def _call(actual: float, expected: float, sd: float, alpha: float) -> tuple[float, str]:
    z = (actual - expected) / sd if sd > 0 else 0.0
    p = float(2 * stats.norm.sf(abs(z)))
    if p >= alpha:
        return p, "no significant change"
    return p, "significant decline" if actual < expected else "significant increase"


def topic_impact(
    records: pl.DataFrame,
    scope: TopicScope,
    *,
    end: date | None = None,
    post_months: int | None = None,
    theme_links: pl.DataFrame | None = None,
    alpha: float = 0.05,
    trend: bool | None = None,
    history: tuple[datetime, datetime] | None = None,
) -> TopicImpact:
    """Effect of the topic from its start month to ``end`` (default: the last complete month).

    ``history`` (first and last ``received_at`` of the whole warehouse) lets ``records`` hold
    only the topic's complaints: the months covered come from it instead of from ``records``.
    """
    topic = topic_records(records, scope, theme_links)
    if topic.is_empty():
        raise ValueError(f"no complaints match topic {scope.topic!r}")
    oldest, newest = history or _received_span(records)
    first = oldest.date().replace(day=1)
    if oldest.date().day != 1:
        first = add_months(first, 1)  # a partial first month would look like a dip
    last = (end or last_complete_month(newest.date())).replace(day=1)
    if post_months is not None:
        last = min(last, add_months(scope.start, post_months - 1))
    if not first < scope.start <= last:
        raise ValueError(f"start {scope.start:%Y-%m} must fall after {first:%Y-%m} and by {last:%Y-%m}")
    monthly = monthly_topic_counts(topic, first, last)
    pre = monthly.filter(pl.col(MONTH) < scope.start)
    post = monthly.filter(pl.col(MONTH) >= scope.start)
    fit = seasonal_counterfactual(
        pre["complaints"].to_numpy(), pre[MONTH].to_list(), post[MONTH].to_list(), trend
    )
    actual, expected = int(post["complaints"].sum()), float(fit.expected.sum())
    sd = math.sqrt(fit.total_variance)
    z = stats.norm.ppf(1 - alpha / 2)
    lo, hi = max(expected - z * sd, 0.0), expected + z * sd
    p, call = _call(actual, expected, sd, alpha)
    band = z * fit.variance**0.5
    expected_col = [None] * pre.height + fit.expected.tolist()
    monthly = monthly.with_columns(
        pl.Series("expected", expected_col, dtype=pl.Float64),
        pl.Series(
            "expected_lo", [None] * pre.height + (fit.expected - band).clip(0).tolist(), dtype=pl.Float64
        ),
        pl.Series("expected_hi", [None] * pre.height + (fit.expected + band).tolist(), dtype=pl.Float64),
        pl.when(pl.col(MONTH) >= scope.start).then(pl.lit("post")).otherwise(pl.lit("pre")).alias("phase"),
    )
    rel = actual / expected - 1 if expected > 0 else math.nan
    return TopicImpact(
        scope,
        scope.start,
        last,
        actual,
        expected,
        lo,
        hi,
        rel,
        actual / hi - 1 if hi > 0 else math.nan,
        actual / lo - 1 if lo > 0 else math.inf,
        p,
        call,
        pre.height,
        fit.trend,
        fit.dispersion,
        monthly,
        _rates_before_after(monthly, scope.start, post.height),
    )
