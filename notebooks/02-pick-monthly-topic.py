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
# # 02 · Pick the monthly topic (每月一题)
#
# The candidates the themes analysis ranked for a month, their score components and evidence,
# next to the categories that grew most against last year. Read-only (`WEISU_DB`); the month is
# `WEISU_MONTH` (default: the month of the newest night).

# %%
import datetime as dt
import os

import polars as pl
from IPython.display import display

from analytics import vocabulary as vocab
from analytics import warehouse as wh
from reports import figures, queries
from reports.overview import category_ranking
from reports.topics import topic_page
from reports.volume import headline_windows, mart_state
from reports.writer import default_as_of

DB = os.environ.get("WEISU_DB")
NIGHT = os.environ.get("WEISU_AS_OF")  # None: the night after the newest mart day
CHOSEN_MONTH = os.environ.get("WEISU_MONTH")  # YYYY-MM; None: the night's month
NOW = dt.datetime.now().replace(microsecond=0)
# Open, read, close: a notebook left connected would block the nightly run.
with wh.read_only(DB) as con:
    AS_OF = dt.date.fromisoformat(NIGHT) if NIGHT else default_as_of(con)
    MONTH = vocab.parse_month(CHOSEN_MONTH) if CHOSEN_MONTH else vocab.month_of(AS_OF)
    topic_frames = queries.topic_frames(con, MONTH, AS_OF)
    volume = queries.volume_frames(con, AS_OF)
topics = topic_page(topic_frames, MONTH, AS_OF, NOW)
print(f"每月一题 candidates for {MONTH:%Y-%m}, evidence up to {AS_OF - dt.timedelta(days=1)}")

# %% [markdown]
# ## Ranked candidates

# %%
if topics.note:
    print(topics.note)
else:
    display(
        pl.DataFrame(
            [
                {
                    "rank": c.rank,
                    "label": c.label,
                    "score": c.score,
                    **{p.name: p.value for p in c.components},
                }
                for c in topics.candidates
            ]
        )
    )

# %%
if topics.candidates:
    charts = figures.topic_charts(topics)
    display(charts["components"])
    display(charts["monthly"])

# %%
for candidate in topics.candidates[:3]:
    print(f"{candidate.rank}. {candidate.label}")
    for sample in candidate.samples:
        print(f"   {sample.received_at:%Y-%m-%d} {sample.place}: {sample.content}")

# %% [markdown]
# ## Categories against last year (30 days)
#
# Useful before the themes analysis has run: which first-level categories grew most.

# %%
state = mart_state(volume.bounds)
window = headline_windows(AS_OF - dt.timedelta(days=1))[-1]  # the 30 days the frames cover
categories = category_ranking(volume.places, state, window)
pl.DataFrame(
    [
        {
            "category": r.name,
            "complaints": r.volume.count,
            "last_year": r.volume.last_year,
            "change": r.volume.change,
            "resolution": r.rates.resolution.value,
        }
        for r in categories
    ]
).sort("change", descending=True, nulls_last=True)
