# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 03 · Review forecasts and early warnings
#
# The newest forecast run on or before the night, its early warnings, the city and district
# forecasts against history, and the backtest metrics the run stored. Read-only (`WEISU_DB`);
# fitting happens in the forecast flow, not here.

# %%
import datetime as dt
import os

import polars as pl
from IPython.display import display

from analytics import warehouse as wh
from reports import analyses, figures
from reports.catalog import catalog
from reports.district import district_page
from reports.overview import nightly_overview
from reports.writer import default_as_of

DB = os.environ.get("WEISU_DB")
AS_OF = dt.date.fromisoformat(os.environ.get("WEISU_AS_OF") or default_as_of(DB).isoformat())
MONTH = f"{AS_OF:%Y-%m}"
NOW = dt.datetime.now().replace(microsecond=0)

with wh.read_only(DB) as con:
    tables = catalog(con)
    run = analyses.forecast_run(con, tables, AS_OF)
    warnings = analyses.early_warnings(con, run, tables, limit=50)
    overview = nightly_overview(con, AS_OF, MONTH, NOW)
print(f"forecast run: {run.run_id} made {run.as_of}" if run else "forecasts: not yet computed")

# %% [markdown]
# ## Early warnings

# %%
if warnings.note:
    print(warnings.note)
pl.DataFrame(
    [
        {
            "series": w.series,
            "days": w.window_days,
            "basis": w.basis,
            "start": w.period_start,
            "forecast": w.forecast,
            "baseline": w.baseline,
            "excess": w.excess,
            "ratio": w.ratio,
        }
        for w in warnings.rows
    ]
)

# %% [markdown]
# ## The city: history, last year and the forecast band

# %%
figures.volume_trend(overview.trend, "全市每日诉求量与预测")

# %% [markdown]
# ## Districts with a warning

# %%
warned = sorted({w.series.split(" · ")[0] for w in warnings.rows} - {"全市"})
with wh.read_only(DB) as con:
    for district in warned[:4]:
        page = district_page(con, district, AS_OF, MONTH, NOW)
        display(figures.volume_trend(page.trend, f"{district} 每日诉求量与预测"))

# %% [markdown]
# ## Backtest metrics of the run (mean over folds)

# %%
if run is not None and tables.has("forecast_metrics"):
    from forecasts.store import stored_metrics

    with wh.read_only(DB) as con:
        metrics = pl.from_pandas(stored_metrics(con, run.run_id))
    display(
        metrics.group_by("model", "metric").agg(pl.col("value").mean()).sort("model", "metric")
        if not metrics.is_empty()
        else "the run stored no backtest metrics"
    )
