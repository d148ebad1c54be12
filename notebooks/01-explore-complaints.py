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
# # 01 · Explore complaints
#
# What the warehouse holds and what last night looked like, with the same contexts and figures the
# HTML reports use. The warehouse is opened **read-only** (`WEISU_DB`, default
# `data/warehouse.duckdb`); this notebook computes nothing the pipeline does not.

# %%
import datetime as dt
import os

import polars as pl
from IPython.display import display

from analytics import vocabulary as vocab
from analytics import warehouse as wh
from analytics.ingest import store as ingest_store
from reports import figures, queries
from reports.district import district_page
from reports.overview import nightly_overview
from reports.writer import default_as_of

DB = os.environ.get("WEISU_DB")  # None: the settings default
NIGHT = os.environ.get("WEISU_AS_OF")  # None: the night after the newest mart day
NOW = dt.datetime.now().replace(microsecond=0)
# Open, read, close: a notebook left connected would block the nightly run.
with wh.read_only(DB) as con:
    AS_OF = dt.date.fromisoformat(NIGHT) if NIGHT else default_as_of(con)
    MONTH = vocab.month_of(AS_OF)
    sources = ingest_store.sources_read(con)
    night = queries.night_data(con, AS_OF, MONTH)
print(f"warehouse {DB or 'default'}, night {AS_OF} (data through {AS_OF - dt.timedelta(days=1)})")

# %% [markdown]
# ## What is loaded

# %%
overview = nightly_overview(night, AS_OF, MONTH, NOW)
display(sources)

# %% [markdown]
# ## Volume against last year, and the 三率 with their denominators

# %%
pl.DataFrame(
    [
        {
            "window": c.window.label,
            "start": c.window.start,
            "end": c.window.end,
            "complaints": c.volume.count,
            "last_year": c.volume.last_year,
            "change": c.volume.change,
        }
        for c in overview.volumes
    ]
)

# %%
pl.DataFrame(
    [
        {
            "window": r.window.label,
            "rate": name,
            "value": getattr(r.rates, key).value,
            "numerator": getattr(r.rates, key).numerator,
            "denominator": getattr(r.rates, key).denominator,
        }
        for r in overview.rates
        for key, name in figures.RATE_NAMES
    ]
)

# %%
charts = figures.overview_charts(overview)
charts["volume"]

# %%
charts["rates"]

# %% [markdown]
# ## Districts ranked (last 30 days)

# %%
districts = pl.DataFrame(
    [
        {
            "rank": r.rank,
            "district": r.name,
            "complaints": r.volume.count,
            "last_year": r.volume.last_year,
            "share": r.share,
            "response": r.rates.response.value,
            "resolution": r.rates.resolution.value,
            "satisfaction": r.rates.satisfaction.value,
        }
        for r in overview.districts
    ]
)
display(districts)

# %% [markdown]
# ## One district: streets, categories and complaints still open

# %%
DISTRICT = os.environ.get("WEISU_DISTRICT") or (overview.districts[0].name if overview.districts else None)
if DISTRICT is None:
    print("no district has complaints in the last 30 days")
else:
    page = district_page(night.volume, night.analyses, DISTRICT, AS_OF, MONTH, NOW)
    print(DISTRICT)
    display(
        pl.DataFrame(
            [
                {
                    "street": s.name,
                    "complaints": s.volume.count,
                    "resolution": s.rates.resolution.value,
                    "satisfaction": s.rates.satisfaction.value,
                }
                for s in page.streets
            ]
        )
    )
    display(figures.district_charts(page)["categories"])

# %%
if DISTRICT is not None:
    # Text as stored (masked at ingest) and masked again by the report builder.
    display(
        pl.DataFrame(
            [
                {
                    "received_at": c.received_at,
                    "street": c.place,
                    "category": c.category,
                    "content": c.content,
                }
                for c in page.recent
            ]
        )
    )
