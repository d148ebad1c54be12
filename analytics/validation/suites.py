"""The ``raw_batch`` and ``warehouse`` suites as data, and running them with Great Expectations.

Checks are plain data (:class:`Check`: which frame, which GX expectation, its arguments, its
severity) over pandas frames the store reads — GX's SQL datasource gives wrong results on
DuckDB (see stack-notes). Pure: frames in, :class:`SuiteResult` out. GX is imported lazily
because it takes seconds to import.

* ``raw_batch`` — the rows the night's batches wrote: required fields present, received_at
  present, district in the reference list (Beijing sources only).
* ``warehouse`` — the same rows' keys unique per source and closed_at ≥ received_at; the
  三率 of the touched mart days within [0, 1]; freshness (newest received_at within N days of
  as_of); volume (the last complete day's count within a band of the trailing same-weekday
  median).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from analytics import vocabulary as v

CRITICAL = "critical"
WARNING = "warning"
RAW_BATCH = "raw_batch"
WAREHOUSE = "warehouse"
BEIJING_SOURCES: tuple[str, ...] = ("beijing12345",)
RATE_COLUMNS = ("response_rate", "closure_rate", "resolution_rate", "satisfaction_rate")


@dataclass(frozen=True)
class Thresholds:
    """Tunable limits of the warehouse suite (flow / CLI parameters)."""

    freshness_days: int = 2
    volume_low: float = 0.5
    volume_high: float = 1.5
    volume_weeks: int = 8
    volume_min_weeks: int = 4
    volume_severity: str = CRITICAL


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class Check:
    """One expectation: a GX expectation class name and its arguments, on one named frame."""

    frame: str
    expectation: str
    kwargs: Mapping[str, Any]
    severity: str = CRITICAL


@dataclass(frozen=True)
class Outcome:
    """The result of one check, as stored in ``validation_results``."""

    suite: str
    expectation: str
    column: str | None
    success: bool
    observed: str
    severity: str


@dataclass(frozen=True)
class SuiteResult:
    suite: str
    outcomes: tuple[Outcome, ...]
    docs_index: Path | None = None

    @property
    def critical_failures(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if not o.success and o.severity == CRITICAL)

    @property
    def warnings(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if not o.success and o.severity == WARNING)


# --- suites ---------------------------------------------------------------------------------
def raw_batch_checks() -> tuple[Check, ...]:
    """The ``raw_batch`` suite, on the frame ``rows`` (see :func:`batch_rows`)."""
    not_null = tuple(Check("rows", "ExpectColumnValuesToNotBeNull", {"column": c}) for c in v.REQUIRED_FIELDS)
    return (
        Check(
            "rows",
            "ExpectTableColumnsToMatchSet",
            {"column_set": [v.SOURCE, *v.REQUIRED_FIELDS], "exact_match": False},
        ),
        *not_null,
        Check("rows", "ExpectColumnValuesToBeOfType", {"column": v.RECEIVED_AT, "type_": "datetime64"}),
        Check(
            "rows",
            "ExpectColumnValuesToBeInSet",
            {"column": "beijing_district", "value_set": list(v.districts(include_zone=True))},
            WARNING,
        ),
    )


def warehouse_checks(thresholds: Thresholds) -> tuple[Check, ...]:
    """The ``warehouse`` suite, on frames ``rows``, ``rates`` and ``timeliness``."""
    rates = tuple(
        Check("rates", "ExpectColumnValuesToBeBetween", {"column": c, "min_value": 0, "max_value": 1})
        for c in RATE_COLUMNS
    )
    return (
        Check("rows", "ExpectCompoundColumnsToBeUnique", {"column_list": [v.SOURCE, v.RECORD_ID]}),
        Check(
            "rows",
            "ExpectColumnPairValuesAToBeGreaterThanB",
            {
                "column_A": v.CLOSED_AT,
                "column_B": v.RECEIVED_AT,
                "or_equal": True,
                "ignore_row_if": "either_value_is_missing",
            },
            WARNING,
        ),
        *rates,
        Check("timeliness", "ExpectColumnValuesToNotBeNull", {"column": "newest_received_at"}),
        Check(
            "timeliness",
            "ExpectColumnValuesToBeBetween",
            {"column": "days_since_newest", "max_value": thresholds.freshness_days},
        ),
        Check(
            "timeliness",
            "ExpectColumnValuesToBeBetween",
            {
                "column": "volume_ratio",
                "min_value": thresholds.volume_low,
                "max_value": thresholds.volume_high,
            },
            thresholds.volume_severity,
        ),
    )


# --- running --------------------------------------------------------------------------------
def _context(docs_dir: Path | None) -> Any:
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    sites = (
        {}
        if docs_dir is None
        else {
            "weisu": {
                "class_name": "SiteBuilder",
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str(Path(docs_dir).resolve()),
                },
            }
        }
    )
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
        data_docs_sites=sites,
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def _observed(result: Any) -> str:
    if result.exception_info and result.exception_info.get("raised_exception"):
        return json.dumps({"error": str(result.exception_info.get("exception_message"))}, ensure_ascii=False)
    keys = (
        "observed_value",
        "element_count",
        "unexpected_count",
        "unexpected_percent",
        "partial_unexpected_list",
    )
    picked = {k: result.result[k] for k in keys if k in result.result}
    if "partial_unexpected_list" in picked:
        picked["partial_unexpected_list"] = picked["partial_unexpected_list"][:5]
    return json.dumps(picked, ensure_ascii=False, default=str)


def _suite_for(gx: Any, name: str, checks: Sequence[Check]) -> Any:
    suite = gx.ExpectationSuite(name=name)
    for check in checks:
        expectation = getattr(gx.expectations, check.expectation)(
            **check.kwargs, meta={"severity": check.severity}
        )
        suite.add_expectation(expectation)
    return suite


def _plain(value: Any) -> Any:
    if pd.isna(value):
        return None
    return value.item() if hasattr(value, "item") else value


def _outcome(suite: str, result: Any, frame: pd.DataFrame) -> Outcome:
    config = result.expectation_config
    column = config.kwargs.get("column") or config.kwargs.get("column_A")
    if config.kwargs.get("column_list"):
        column = ",".join(config.kwargs["column_list"])
    observed = _observed(result)
    if len(frame) == 1 and column in frame.columns:
        # A one-row frame (timeliness) is a metric: show its value, not just counts.
        observed = json.dumps(
            {"value": _plain(frame[column].iloc[0]), **json.loads(observed)}, ensure_ascii=False, default=str
        )
    return Outcome(
        suite=suite,
        expectation=config.type,
        column=column,
        success=bool(result.success),
        observed=observed,
        severity=(config.meta or {}).get("severity", CRITICAL),
    )


@dataclass(frozen=True)
class SuitePlan:
    """A suite to run: its name, the frames it reads and its checks."""

    suite: str
    frames: Mapping[str, pd.DataFrame]
    checks: Sequence[Check]


def _validate_frame(gx: Any, context: Any, plan: SuitePlan, frame_name: str, with_docs: bool) -> list[Any]:
    name = f"{plan.suite}.{frame_name}"
    source = context.data_sources.get("weisu")
    batch = source.add_dataframe_asset(name=name).add_batch_definition_whole_dataframe(name)
    suite = context.suites.add(_suite_for(gx, name, [c for c in plan.checks if c.frame == frame_name]))
    definition = context.validation_definitions.add(
        gx.ValidationDefinition(name=name, data=batch, suite=suite)
    )
    parameters = {"dataframe": plan.frames[frame_name]}
    if not with_docs:
        return list(definition.run(batch_parameters=parameters).results)
    checkpoint = context.checkpoints.add(
        gx.Checkpoint(
            name=name,
            validation_definitions=[definition],
            actions=[gx.checkpoint.UpdateDataDocsAction(name="docs", site_names=["weisu"])],
        )
    )
    run = checkpoint.run(batch_parameters=parameters)
    return list(next(iter(run.run_results.values())).results)


def run_suites(
    plans: Sequence[SuitePlan],
    docs_dir: Path | None = None,
) -> tuple[SuiteResult, ...]:
    """Validate each plan's frames with its checks in one ephemeral GX context.

    With ``docs_dir``, GX Data Docs (static HTML whose CSS/JS load from public CDNs) are
    written there, and each result carries the index path.
    """
    import great_expectations as gx

    context = _context(docs_dir)
    context.data_sources.add_pandas("weisu")
    index = Path(docs_dir).resolve() / "index.html" if docs_dir is not None else None
    out = []
    for plan in plans:
        outcomes: list[Outcome] = []
        for frame_name in dict.fromkeys(c.frame for c in plan.checks):
            results = _validate_frame(gx, context, plan, frame_name, docs_dir is not None)
            outcomes.extend(_outcome(plan.suite, r, plan.frames[frame_name]) for r in results)
        out.append(SuiteResult(plan.suite, tuple(outcomes), index))
    return tuple(out)


def night_plans(frames: Mapping[str, pd.DataFrame], thresholds: Thresholds) -> tuple[SuitePlan, ...]:
    """Both suites on one night's frames: ``rows`` (what its batches wrote), ``rates`` (the
    mart days they touched) and ``timeliness`` (freshness and volume)."""
    return (
        SuitePlan(RAW_BATCH, {"rows": frames["rows"]}, raw_batch_checks()),
        SuitePlan(WAREHOUSE, frames, warehouse_checks(thresholds)),
    )


def mart_days_plan(rates: pd.DataFrame) -> SuitePlan:
    """The mart part of the ``warehouse`` suite (三率 in [0, 1]) on a ``rates`` frame."""
    checks = tuple(c for c in warehouse_checks(DEFAULT_THRESHOLDS) if c.frame == "rates")
    return SuitePlan(WAREHOUSE, {"rates": rates}, checks)


RESULT_COLUMNS = (
    "run_id",
    "suite",
    "expectation",
    "column_name",
    "success",
    "observed",
    "severity",
    "checked_at",
)


def results_frame(run_id: str, results: Sequence[SuiteResult], checked_at: dt.datetime) -> pd.DataFrame:
    """Every outcome as a row of ``validation_results``."""
    rows = [
        (run_id, o.suite, o.expectation, o.column, o.success, o.observed, o.severity, checked_at)
        for r in results
        for o in r.outcomes
    ]
    return pd.DataFrame(rows, columns=list(RESULT_COLUMNS))
