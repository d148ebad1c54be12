"""Per-day generation of demo tickets as column arrays, vectorised with numpy.

A ``Context`` holds everything fixed for a run (geography, categories, planted plan, expected
counts per day and category). ``generate_day`` draws one day: background counts by street and
category, planted tickets, attributes in bulk, texts, handling and outcomes, and the repeat calls
it schedules for the following days. Each day has its own random stream (seed, date), so a day's
draws do not depend on how much was generated before it — only on the plan and carried repeats.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import numpy as np

from demo import handling, texts, timeline
from demo.geography import Geography, build_geography
from demo.handling import UnitTable
from demo.planted import PlantedItem, item_rates, owned_rows, plan_planted
from demo.taxonomy import (
    APPEAL_TYPES,
    TYPE_MIX,
    TYPE_PROFILES,
    CategoryTable,
    category_table,
)
from demo.templates_people import REPEAT_PREFIXES
from demo.texts import TemplateBank

CHANNEL_P = np.array([0.87, 0.04, 0.05, 0.01, 0.03])  # 电话 网站 APP 微博 微信
_CHANNEL_CUM = np.cumsum(CHANNEL_P)
UNCLASSIFIED_SHARE = 0.03
HOUR_NAMES = tuple(timeline.HOUR_PROFILES)
_TYPE_CUM = np.cumsum(np.array([TYPE_MIX[p] for p in TYPE_PROFILES]), axis=1)
_HOUR_CUM = np.array([np.cumsum(p / p.sum()) for p in timeline.HOUR_PROFILES.values()])
_EPOCH = datetime(1970, 1, 1)
_TYPE_ONLY = np.array([t in texts.TYPE_ONLY for t in APPEAL_TYPES])
_PRAISE = APPEAL_TYPES.index("表扬")
_COMPLAINT = APPEAL_TYPES.index("投诉")

#: Columns carried by a day batch (all numpy arrays of equal length).
Cols = dict[str, np.ndarray]


@dataclass(frozen=True)
class Context:
    days: tuple[date, ...]
    scale: float
    seed: int
    geo: Geography
    cats: CategoryTable
    bank: TemplateBank
    units: UnitTable
    items: tuple[PlantedItem, ...]
    bg_expected: np.ndarray  # background tickets per day (scaled)
    cat_cum: np.ndarray  # days × street class × rows, cumulative
    rates: np.ndarray  # expected planted tickets, items × days (scaled)
    res_logit: np.ndarray  # per day, calibrated
    sat_res_logit: np.ndarray  # per day: satisfaction given resolved
    dispatch_minutes: np.ndarray
    row_text: np.ndarray  # template key per category row
    row_hours: np.ndarray  # hour-profile index per row
    street_cum: np.ndarray
    export_at: int  # epoch seconds of the end day's 23:59:59
    events: dict


def _row_volumes(days: list[date], cats: CategoryTable, seed: int) -> tuple:
    """Expected tickets per category row and day at scale 1, with the day factors and events."""
    factor = timeline.day_factors(days)
    seasons = timeline.season_matrix(days)
    storms, waves = timeline.events_in(days, seed)
    mult = np.stack([seasons[s] for s in cats.season])
    rain = np.array([s == "rain" for s in cats.season])
    mult[rain] *= timeline.storm_factor(days, storms)
    epidemic = np.array([r[0] == "疫情防控" for r in cats.rows])
    mult[epidemic] *= timeline.epidemic_factor(days)
    volume = timeline.base_volume(days) * factor
    row_volume = cats.weight[:, None] * mult * volume[None, :] / cats.weight.sum()
    return row_volume, factor, seasons, storms, waves


def build_context(start: date, end: date, scale: float, seed: int, include_zone: bool = False) -> Context:
    """Everything fixed for a run; pure and cheap (a year takes well under a second)."""
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    if not scale > 0:
        raise ValueError(f"scale must be positive, got {scale}")
    days = timeline.date_range(start, end)
    geo = build_geography(seed, include_zone)
    cats = category_table()
    bank = texts.template_bank()
    row_volume, factor, seasons, storms, waves = _row_volumes(days, cats, seed)
    items = plan_planted(seed, days, geo, cats)
    background = row_volume.copy()
    background[owned_rows(items)] = 0
    by_class = background.T[:, None, :] * cats.area.T[None, :, :]
    rates = item_rates(items, days, factor, row_volume, seasons, cats, waves) * scale
    resolved, satisfied = timeline.resolved_rate(days), timeline.satisfied_rate(days)
    # hard categories pull the average down; shift so the city-wide rate follows the anchors
    shift = -float(np.average(cats.difficulty, weights=cats.weight + 1e-9))
    sat_given_res = np.clip((satisfied - (1 - resolved) * 0.3) / resolved, 0.5, 0.995)
    end_of_day = datetime(end.year, end.month, end.day, 23, 59, 59)
    return Context(
        days=tuple(days),
        scale=scale,
        seed=seed,
        geo=geo,
        cats=cats,
        bank=bank,
        units=handling.unit_table(seed, geo, cats),
        items=items,
        bg_expected=background.sum(axis=0) * scale,
        cat_cum=np.cumsum(by_class / by_class.sum(axis=2, keepdims=True), axis=2),
        rates=rates,
        res_logit=handling.logit(resolved) + shift,
        sat_res_logit=handling.logit(sat_given_res) + 0.5,
        dispatch_minutes=timeline.dispatch_minutes(days),
        row_text=np.array([texts.text_key(bank, *r, k) for r, k in zip(cats.rows, cats.keys, strict=True)]),
        row_hours=np.array([HOUR_NAMES.index(h) for h in cats.hours]),
        street_cum=np.cumsum(geo.street_p),
        export_at=int((end_of_day - _EPOCH).total_seconds()),
        events={"storms": storms, "cold_waves": waves},
    )


def _searchsorted_rows(cum: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Vectorised inverse-CDF draw where each record has its own cumulative row."""
    return np.minimum((u[:, None] > cum).sum(axis=1), cum.shape[1] - 1)


def _background(rng: np.random.Generator, ctx: Context, i: int) -> Cols:
    n = int(rng.poisson(ctx.bg_expected[i]))
    street = np.minimum(np.searchsorted(ctx.street_cum, rng.random(n)), ctx.geo.n_streets - 1)
    cls = ctx.geo.street_class[street]
    cat = np.empty(n, dtype=np.int64)
    for c in range(3):
        m = cls == c
        cat[m] = np.minimum(
            np.searchsorted(ctx.cat_cum[i, c], rng.random(int(m.sum()))), len(ctx.cats.rows) - 1
        )
    return {"street": street, "cat": cat, "planted": np.full(n, -1, dtype=np.int8)}


def _planted(rng: np.random.Generator, ctx: Context, i: int) -> Cols:
    parts = []
    for k, it in enumerate(ctx.items):
        m = int(rng.poisson(ctx.rates[k, i]))
        streets, w = it.street_weights(ctx.days[i])
        if m == 0 or len(streets) == 0:
            continue
        parts.append(
            {
                "street": rng.choice(streets, m, p=w / w.sum()),
                "cat": rng.choice(it.rows, m, p=it.row_p / it.row_p.sum()),
                "planted": np.full(m, k, dtype=np.int8),
            }
        )
    return (
        _concat(parts)
        if parts
        else {"street": np.zeros(0, np.int64), "cat": np.zeros(0, np.int64), "planted": np.zeros(0, np.int8)}
    )


def _concat(parts: list[Cols]) -> Cols:
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}


def _take(cols: Cols, idx: np.ndarray) -> Cols:
    return {k: v[idx] for k, v in cols.items()}


def _per_record(ctx: Context, base: Cols) -> dict[str, np.ndarray]:
    """Behaviour per record: planted themes override their category's defaults."""
    cat, planted = base["cat"], base["planted"]
    cats = ctx.cats
    profile = cats.type_profile[cat].astype(np.int64)
    difficulty = cats.difficulty[cat].copy()
    hours = ctx.row_hours[cat].copy()
    body = ctx.row_text[cat].copy()
    for k, it in enumerate(ctx.items):
        m = planted == k
        if not m.any():
            continue
        profile[m] = TYPE_PROFILES.index(it.theme.types)
        if it.theme.difficulty is not None:
            difficulty[m] = it.theme.difficulty
        if it.theme.hours is not None:
            hours[m] = HOUR_NAMES.index(it.theme.hours)
        if it.theme.own_texts:
            body[m] = ctx.bank.key(it.theme.theme)
    return {"profile": profile, "difficulty": difficulty, "hours": hours, "body": body}


def _seconds(rng: np.random.Generator, hours: np.ndarray) -> np.ndarray:
    hour = _searchsorted_rows(_HOUR_CUM[hours], rng.random(len(hours)))
    return hour * 3600 + rng.integers(0, 3600, len(hours))


def _communities(rng: np.random.Generator, ctx: Context, base: Cols) -> np.ndarray:
    geo, street = ctx.geo, base["street"]
    pos = (geo.community_count[street] * rng.random(len(street)) ** 1.6).astype(np.int64)
    community = geo.community_start[street] + pos
    for k, it in enumerate(ctx.items):
        if it.community >= 0:
            community = np.where(base["planted"] == k, it.community, community)
    return community


def _texts(
    rng: np.random.Generator,
    ctx: Context,
    base: Cols,
    body: np.ndarray,
    appeal: np.ndarray,
    community: np.ndarray,
    unit_short: np.ndarray,
) -> Cols:
    """Complaint text, caller number and detailed address of fresh tickets."""
    geo, street, n = ctx.geo, base["street"], len(base["street"])
    place, rural = geo.place_name[community], geo.community_rural[community]
    addr, building = texts.addresses(rng, place, rural)
    qu = np.array(geo.districts, dtype=object)[geo.street_district[street]]
    site = np.full(n, "", dtype=object)
    for k, it in enumerate(ctx.items):
        if it.site and it.community < 0:
            site[base["planted"] == k] = it.site
    topic = texts.topic_phrases(rng, ctx.bank, ctx.row_text[base["cat"]])
    slots = texts.slot_values(
        rng,
        qu=qu,
        jd=geo.street_name[street],
        sq=geo.community_name[community],
        xq=place,
        addr=addr,
        lh=building,
        stem=geo.street_stem[street],
        topic=topic,
        unit=unit_short,
        site=site,
    )
    at_type = np.array([ctx.bank.key(f"@{t}") if t in texts.TYPE_ONLY else -1 for t in APPEAL_TYPES])
    body_key = np.where(_TYPE_ONLY[appeal], at_type[appeal], body)
    content = texts.contents(rng, ctx.bank, body_key, appeal, slots)
    caller = texts.mobile_numbers(rng, n)
    content, pii = texts.add_private_data(rng, content, caller, np.ones(n, dtype=bool))
    return {
        "content": content,
        "pii": pii,
        "caller": caller,
        "address": "北京市" + qu + geo.street_name[street] + addr,
    }


def _location(
    rng: np.random.Generator,
    ctx: Context,
    street: np.ndarray,
    community: np.ndarray,
    address: np.ndarray,
    consult: np.ndarray,
) -> Cols:
    """事发地址 and coordinates: consultations often have neither, some tickets lack coordinates."""
    geo, n = ctx.geo, len(street)
    has_address = rng.random(n) < np.where(consult, 0.4, 0.95)
    has_xy = has_address & (rng.random(n) < 0.85)
    lon = geo.street_lon[street] + geo.community_dlon[community] + rng.normal(0, 0.002, n)
    lat = geo.street_lat[street] + geo.community_dlat[community] + rng.normal(0, 0.0015, n)
    return {
        "address": np.where(has_address, address, ""),
        "lon": np.where(has_xy, np.clip(lon, 115.42, 117.5), np.nan),
        "lat": np.where(has_xy, np.clip(lat, 39.44, 41.05), np.nan),
    }


def _fresh(rng: np.random.Generator, ctx: Context, base: Cols) -> Cols:
    """All attributes of newly reported tickets."""
    n = len(base["street"])
    street, cat, planted = base["street"], base["cat"], base["planted"]
    beh = _per_record(ctx, base)
    appeal = _searchsorted_rows(_TYPE_CUM[beh["profile"]], rng.random(n))
    own = np.isin(planted, [k for k, it in enumerate(ctx.items) if it.theme.own_texts])
    appeal = np.where(own & _TYPE_ONLY[appeal], _COMPLAINT, appeal)  # a planted text complains
    community = _communities(rng, ctx, base)
    cross_p = 0.05 + 0.12 * (beh["difficulty"] < -0.5)
    unit, short, effect = handling.assign_units(rng, ctx.units, ctx.geo, cat, street, cross_p)
    text = _texts(rng, ctx, base, beh["body"], appeal, community, short)
    place = _location(rng, ctx, street, community, text.pop("address"), _TYPE_ONLY[appeal])
    channel = np.minimum(np.searchsorted(_CHANNEL_CUM, rng.random(n)), len(CHANNEL_P) - 1)
    return {
        "street": street,
        "cat": cat,
        "planted": planted,
        "appeal": appeal.astype(np.int8),
        "channel": channel.astype(np.int8),
        "community": community,
        "unit": unit,
        "unit_short": short,
        "unit_effect": effect,
        "difficulty": beh["difficulty"],
        "hours": beh["hours"],
        **text,
        **place,
        "blank": (rng.random(n) < UNCLASSIFIED_SHARE) & (planted < 0),
        "root": np.full(n, "", dtype=object),
    }


def _handle(rng: np.random.Generator, ctx: Context, i: int, cols: Cols, penalty: np.ndarray) -> Cols:
    """Timestamps, latent outcomes and what the export can see of them."""
    day0 = int((datetime(*ctx.days[i].timetuple()[:3]) - _EPOCH).total_seconds())
    received = day0 + _seconds(rng, cols["hours"])
    cat = cols["cat"]
    dispatch, respond, close = handling.handling_times(
        rng,
        received,
        float(ctx.dispatch_minutes[i]),
        ctx.cats.urgent[cat],
        ctx.cats.close_days[cat] * np.where(cols["difficulty"] < -1.5, 2.0, 1.0),
    )
    res_logit = ctx.res_logit[i] + cols["difficulty"] + cols["unit_effect"] - penalty
    sat_logit = ctx.sat_res_logit[i] + 0.5 * cols["difficulty"] + cols["unit_effect"]
    praise = cols["appeal"] == _PRAISE
    resolved, satisfaction = handling.outcomes(rng, res_logit, sat_logit, praise)
    dispatch, respond, close, status = handling.open_state(dispatch, respond, close, ctx.export_at)
    closed = status == 3
    return {
        **cols,
        "received": received,
        "dispatch": dispatch,
        "respond": respond,
        "close": close,
        "status": status,
        "latent_resolved": resolved,
        "latent_satisfaction": satisfaction,
        "resolved": np.where(closed, resolved, -1).astype(np.int8),
        "satisfaction": np.where(closed, satisfaction, -1).astype(np.int8),
    }


#: Columns a repeat call carries over from the complaint it repeats.
# fmt: off
_CARRY = ("street", "cat", "planted", "appeal", "channel", "community", "content", "unit",
          "unit_short", "unit_effect", "difficulty", "hours", "caller", "address", "lon", "lat",
          "blank", "pii", "root")
# fmt: on


def _spawn_repeats(
    rng: np.random.Generator, ctx: Context, cols: Cols, i: int, pending: dict[int, list[Cols]]
) -> None:
    """Unresolved (and unsatisfied) callers call again about the same issue within days.

    A planted issue is not repeated after its item ends (a burst site stops, so do the calls).
    """
    p = np.where(cols["latent_resolved"] == 0, 0.3, np.where(cols["latent_satisfaction"] == 2, 0.08, 0.004))
    p = np.where(cols["appeal"] == _PRAISE, 0.0, p)
    chosen = np.flatnonzero(rng.random(len(p)) < p)
    delay = rng.choice([1, 2, 3, 4], size=len(chosen), p=[0.4, 0.3, 0.2, 0.1])
    # last day each planted item may be repeated on; background (-1) indexes the range end
    last = np.array([(it.end - ctx.days[0]).days for it in ctx.items] + [len(ctx.days) - 1])
    keep = i + delay <= last[cols["planted"][chosen]]
    chosen, delay = chosen[keep], delay[keep]
    prefix = np.array(REPEAT_PREFIXES, dtype=object)[rng.integers(0, len(REPEAT_PREFIXES), len(chosen))]
    for d in np.unique(delay):
        target = i + int(d)
        if target >= len(ctx.days):
            continue
        idx = chosen[delay == d]
        carry = {k: cols[k][idx] for k in _CARRY}
        original = carry["content"]
        root = cols["root"][idx]
        carry["root"] = np.where(root != "", root, cols["record_id"][idx])
        carry["content"] = np.where(root != "", original, prefix[delay == d] + original)
        pending.setdefault(target, []).append(carry)


def generate_day(ctx: Context, i: int, pending: dict[int, list[Cols]]) -> Cols:
    """One day of tickets (sorted by call time, with ids), scheduling repeats into ``pending``."""
    day = ctx.days[i]
    rng = np.random.default_rng([ctx.seed, 9001, day.toordinal()])
    base = _concat([_background(rng, ctx, i), _planted(rng, ctx, i)])
    fresh = _fresh(rng, ctx, base)
    fresh = _handle(rng, ctx, i, fresh, np.zeros(len(fresh["street"])))
    batches = [fresh]
    if i in pending:
        repeats = _concat(pending.pop(i))
        batches.append(_handle(rng, ctx, i, repeats, np.full(len(repeats["street"]), 0.6)))
    cols = _concat(batches) if len(batches) > 1 else batches[0]
    order = np.argsort(cols["received"], kind="stable")
    cols = _take(cols, order)
    width = max(5, len(str(len(order))))
    stamp = day.strftime("%Y%m%d")
    cols["record_id"] = np.array([f"BJ{stamp}{k:0{width}d}" for k in range(1, len(order) + 1)], dtype=object)
    _spawn_repeats(rng, ctx, cols, i, pending)
    return cols
