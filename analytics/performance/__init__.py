"""三率 performance, rankings, street risk (治理类街乡 watch list) and 每月一题 topic impact.

Pure functions, frame in / frame out (polars, canonical column names):

* :func:`unit_rates` — 三率 and on-time rates per unit × week/month with counts and Wilson bounds;
* :func:`monthly_rankings` — competition ranks with movement since last month;
* :func:`street_risk` — the street watch list with its components and reasons (from records, or
  :func:`street_risk_from_cells` from the per-street × issue × month cells DuckDB builds);
* :func:`topic_impact` — actual vs counterfactual volume after a topic's start.

Levels (``AreaLevel``), period grains (``Grain``) and months are the vocabulary's
(:mod:`analytics.vocabulary`). Warehouse reads and the per-night writes (schema v5) are in
:mod:`analytics.performance.store`, the only module here that runs SQL;
:mod:`analytics.performance.night` reads, computes and stores one night for the nightly flow; the
``weisu rates | rank | risk | impact`` commands are in ``flows/cli/performance.py``.
"""

from analytics.performance.counterfactual import Counterfactual, seasonal_counterfactual
from analytics.performance.impact import (
    TopicImpact,
    TopicScope,
    monthly_topic_counts,
    parse_topic_spec,
    topic_impact,
    topic_records,
)
from analytics.performance.rankings import competition_rank, monthly_rankings, read_population
from analytics.performance.rates import (
    CATEGORY_LIMIT_CLASS,
    LIMIT_CLASSES,
    CompositeWeights,
    LimitClass,
    level_keys,
    record_outcomes,
    unit_rates,
    wilson_interval,
)
from analytics.performance.risk import (
    RiskWeights,
    recurring_problems,
    repeat_requests,
    risk_cells,
    street_risk,
    street_risk_from_cells,
)

__all__ = [
    "CATEGORY_LIMIT_CLASS",
    "LIMIT_CLASSES",
    "CompositeWeights",
    "Counterfactual",
    "LimitClass",
    "RiskWeights",
    "TopicImpact",
    "TopicScope",
    "competition_rank",
    "level_keys",
    "monthly_rankings",
    "monthly_topic_counts",
    "parse_topic_spec",
    "read_population",
    "record_outcomes",
    "recurring_problems",
    "repeat_requests",
    "risk_cells",
    "seasonal_counterfactual",
    "street_risk",
    "street_risk_from_cells",
    "topic_impact",
    "topic_records",
    "unit_rates",
    "wilson_interval",
]
