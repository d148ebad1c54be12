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

from analytics import vocabulary as vocab
from analytics import warehouse as wh
from forecasts.store import stored_metrics
from reports import analyses, figures, queries
from reports.district import district_page
from reports.overview import nightly_overview
from reports.writer import default_as_of

DB = os.environ.get("WEISU_DB")
NIGHT = os.environ.get("WEISU_AS_OF")  # None: the night after the newest mart day
NOW = dt.datetime.now().replace(microsecond=0)
# Open, read, close: a notebook left connected would block the nightly run.
with wh.read_only(DB) as con:
    AS_OF = dt.date.fromisoformat(NIGHT) if NIGHT else default_as_of(con)
    MONTH = vocab.month_of(AS_OF)
    night = queries.night_data(con, AS_OF, MONTH)
    run = analyses.forecast_run(night.analyses)
    metrics = pl.from_pandas(stored_metrics(con, run.run_id)) if run else None
warnings = analyses.early_warnings(night.analyses, limit=50)
overview = nightly_overview(night, AS_OF, MONTH, NOW)
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
for district in warned[:4]:
    page = district_page(night.volume, night.analyses, district, AS_OF, MONTH, NOW)
    display(figures.volume_trend(page.trend, f"{district} 每日诉求量与预测"))

# %% [markdown]
# ## Backtest metrics of the run (mean over folds)

# %%
if metrics is not None:
    display(
        metrics.group_by("model", "metric").agg(pl.col("value").mean()).sort("model", "metric")
        if not metrics.is_empty()
        else "the run stored no backtest metrics"
    )
