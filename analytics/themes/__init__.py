"""Recurring and emerging complaint themes, their hotspots, and 每月一题 topic candidates.

Public API:

* ``refresh_themes(con, as_of, params)`` — the nightly step (classify unlabelled complaints,
  assign new complaints to themes, discover new themes, recompute hotspots), incremental and
  one transaction;
* ``month_topics(con, month, top, tuning, forecast)`` — ranked candidates with evidence;
* ``topic_candidates(...)``, ``discover_themes(...)``, ``assign_themes(...)``,
  ``train_category_model(...)`` and ``hotspots.hotspots(...)`` / ``hotspots.bursts(...)`` —
  the pure functions behind them, frames in and frames out (the hotspot functions stay in their
  module: a package-level ``hotspots`` function would shadow the module).

``store`` is the package's only warehouse IO; the CLI lives in ``flows/cli/themes.py``.
"""

from analytics.themes.assign import assign_themes
from analytics.themes.candidates import CandidateWeights, topic_candidates
from analytics.themes.classifier import predict_categories, train_category_model
from analytics.themes.discovery import ThemeParams, discover_themes
from analytics.themes.hotspots import HotspotParams
from analytics.themes.refresh import RefreshParams, RefreshSummary, refresh_themes
from analytics.themes.topics import choose, month_topics

__all__ = [
    "CandidateWeights",
    "HotspotParams",
    "RefreshParams",
    "RefreshSummary",
    "ThemeParams",
    "assign_themes",
    "choose",
    "discover_themes",
    "month_topics",
    "predict_categories",
    "refresh_themes",
    "topic_candidates",
    "train_category_model",
]
