"""Ground truth of a demo run: what was planted, where and when, and what the files contain.

Counts are tallied from the generated records (not only from the plan), so a test or an ingest
round trip can compare exact numbers: planted tickets per day and month, dirty rows per file and
kind, repeat calls, texts with private data, unclassified records.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import numpy as np

from demo.generate import Cols, Context
from demo.planted import PlantedItem
from demo.timeline import spring_festival

DIRTY_KINDS = ("unknown_district", "bad_timestamp", "duplicate", "missing_required")


def _month(d: date) -> str:
    return d.strftime("%Y-%m")


def _by_month(days: tuple[date, ...], values: np.ndarray, digits: int | None = None) -> dict:
    out: dict[str, float] = {}
    for d, v in zip(days, values, strict=True):
        out[_month(d)] = out.get(_month(d), 0) + v
    if digits is None:
        return {k: int(v) for k, v in out.items()}
    return {k: round(float(v), digits) for k, v in out.items()}


class TruthTally:
    """Accumulates per-day facts while a run streams; ``result`` renders the JSON document."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.daily = np.zeros((len(ctx.items), len(ctx.days)), dtype=np.int64)
        self.repeats = np.zeros(len(ctx.items), dtype=np.int64)
        self.closed = np.zeros(len(ctx.items) + 1)
        self.resolved = np.zeros(len(ctx.items) + 1)
        self.streets: list[dict[str, set[int]]] = [{} for _ in ctx.items]
        self.counts: Counter[str] = Counter()
        self.year_closed: Counter[int] = Counter()
        self.year_resolved: Counter[int] = Counter()

    def add(self, i: int, cols: Cols) -> None:
        planted = cols["planted"].astype(np.int64)
        month = _month(self.ctx.days[i])
        closed = cols["resolved"] >= 0
        slot = np.where(planted < 0, len(self.ctx.items), planted)
        np.add.at(self.closed, slot[closed], 1)
        np.add.at(self.resolved, slot[closed], cols["resolved"][closed])
        for k in range(len(self.ctx.items)):
            m = planted == k
            self.daily[k, i] = int(m.sum())
            self.repeats[k] += int((m & (cols["root"] != "")).sum())
            if m.any():
                self.streets[k].setdefault(month, set()).update(cols["street"][m].tolist())
        year = self.ctx.days[i].year
        self.year_closed[year] += int(closed.sum())
        self.year_resolved[year] += int(cols["resolved"][closed].sum())
        self.counts["records"] += len(planted)
        self.counts["repeat_calls"] += int((cols["root"] != "").sum())
        self.counts["unclassified"] += int(cols["blank"].sum())
        for code, name in ((1, "mobile"), (2, "landline"), (3, "id_number")):
            self.counts[f"pii_{name}"] += int((cols["pii"] == code).sum())

    def _rate(self, k: int) -> float | None:
        return round(self.resolved[k] / self.closed[k], 4) if self.closed[k] else None

    def _item(self, k: int, it: PlantedItem) -> dict:
        ctx, geo = self.ctx, self.ctx.geo
        rows = [ctx.cats.rows[r] for r in it.rows]
        out = {
            "id": it.kind,
            "kind": it.kind,
            "theme": it.theme.theme,
            "keywords": list(it.theme.keywords),
            "category": {"l1": rows[0][0], "l2": rows[0][1], "l3": rows[0][2]},
            "categories": [{"l1": a, "l2": b, "l3": c} for a, b, c in rows],
            "start": it.start.isoformat(),
            "end": it.end.isoformat(),
            "districts": sorted({geo.districts[geo.street_district[s]] for s in it.streets}),
            "planted_total": int(self.daily[k].sum()),
            "repeat_calls": int(self.repeats[k]),  # included in the counts, not in "expected"
            "expected_monthly": _by_month(ctx.days, ctx.rates[k], 1),
            "monthly_counts": _by_month(ctx.days, self.daily[k]),
            "daily_counts": {d.isoformat(): int(v) for d, v in zip(ctx.days, self.daily[k], strict=True)},
            "resolution_rate": self._rate(k),
            "streets_per_month": {m: len(s) for m, s in sorted(self.streets[k].items())},
            **it.info,
        }
        if it.kind in ("emerging", "burst"):
            out["streets"] = [
                {"district": geo.districts[geo.street_district[s]], "street": str(geo.street_name[s])}
                for s in it.streets
            ]
        if it.kind == "treated":
            out["treatment_start"] = it.start.isoformat()
            out["start"] = ctx.days[0].isoformat()
            ordinal = np.array([d.toordinal() for d in ctx.days])
            drop = it.effect * np.clip((ordinal - it.start.toordinal()) / it.ramp_days, 0, 1)
            out["expected_monthly_untreated"] = _by_month(ctx.days, ctx.rates[k] / (1 - drop), 1)
        if it.kind == "seasonal":
            out["seasons"] = _heating_seasons(ctx.days)
            out["cold_waves"] = [_event(e) for e in ctx.events["cold_waves"]]
        return out

    def result(self, files: list[dict], params: dict) -> dict:
        """The ground-truth document (deterministic for the run's arguments)."""
        ctx = self.ctx
        dirty = {kind: sum(f["dirty"][kind] for f in files) for kind in DIRTY_KINDS}
        bg = len(ctx.items)
        return {
            "generator": "weisu.demo",
            "version": 1,
            "params": params,
            "records": int(self.counts["records"]),
            "rows": int(sum(f["rows"] for f in files)),
            "dirty": dirty,
            "district_variants": int(sum(f["district_variants"] for f in files)),
            "files": files,
            "planted": [self._item(k, it) for k, it in enumerate(ctx.items)],
            "background_resolution_rate": self._rate(bg),
            "resolution_rate_by_year": {
                str(y): round(self.year_resolved[y] / self.year_closed[y], 4)
                for y in sorted(self.year_closed)
                if self.year_closed[y]
            },
            "repeat_calls": int(self.counts["repeat_calls"]),
            "unclassified": int(self.counts["unclassified"]),
            "pii": {k: int(self.counts[f"pii_{k}"]) for k in ("mobile", "landline", "id_number")},
            "events": {
                "storms": [_event(e) for e in ctx.events["storms"]],
                "cold_waves": [_event(e) for e in ctx.events["cold_waves"]],
                "spring_festival": _in_range(
                    ctx.days, [spring_festival(y) for y in range(ctx.days[0].year, ctx.days[-1].year + 1)]
                ),
                "golden_week": _in_range(
                    ctx.days, [date(y, 10, 1) for y in range(ctx.days[0].year, ctx.days[-1].year + 1)]
                ),
            },
        }


def _event(e) -> dict:
    return {"start": e.start.isoformat(), "days": e.days, "strength": round(e.strength, 2)}


def _in_range(days: tuple[date, ...], candidates: list[date]) -> list[str]:
    return [d.isoformat() for d in candidates if days[0] <= d <= days[-1]]


def _heating_seasons(days: tuple[date, ...]) -> list[dict[str, str]]:
    out = []
    for y in range(days[0].year - 1, days[-1].year + 1):
        start, end = date(y, 11, 15), date(y + 1, 3, 15)
        if start <= days[-1] and end >= days[0]:
            out.append(
                {
                    "start": start.isoformat(),
                    "end": end.isoformat(),
                    "trial_firing_from": (start - timedelta(days=14)).isoformat(),
                }
            )
    return out
