"""Which phrases may be theme features: no places, no background.

Background is judged across categories, as c-TF-IDF does, not by a phrase's share inside one
category: when one problem dominates its category (共享单车 in 70% of a month's 城市管理
complaints), its words are what the theme is about and must stay.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from analytics.themes import labels as naming

if TYPE_CHECKING:
    from analytics.themes.discovery import ThemeParams


def background(
    parts: dict[str, list[list[str]]], global_freq: Counter[str], params: ThemeParams
) -> dict[str, set[str]]:
    """Per category, the phrases that are no theme feature: places, and background.

    Background is judged across categories (as c-TF-IDF does): a phrase in at least
    ``background_share`` of the complaints of every sizeable category that is not
    ``background_lift`` times more common in this one than overall. A problem that dominates
    its own category keeps its words. With fewer than two categories there is nothing to compare
    with, and a phrase in ``solo_background_share`` of the complaints is background.
    """
    places = {t for t in global_freq if naming.is_place_term(t)}
    total = max(sum(len(d) for d in parts.values()), 1)
    shares = {p: Counter(t for d in docs for t in d) for p, docs in parts.items()}
    sizeable = [p for p, docs in parts.items() if len(docs) >= params.min_size and p != ""]
    if len(sizeable) < 2:
        solo = params.solo_background_share
        return {p: places | {t for t, n in shares[p].items() if n > solo * len(d)} for p, d in parts.items()}
    floors = [
        {t for t, n in shares[p].items() if n >= params.background_share * len(parts[p])} for p in sizeable
    ]
    common = set.intersection(*floors)
    out = {}
    for p, docs in parts.items():
        n = max(len(docs), 1)
        mine = {t for t in common if shares[p][t] / n < params.background_lift * global_freq[t] / total}
        out[p] = places | mine
    return out
