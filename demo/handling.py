"""How a demo ticket is handled: which unit gets it, how fast, and whether it ends resolved.

Dispatch takes minutes, response hours, closure days (hard topics slower, 水电气热 faster).
Resolution and satisfaction follow the city-wide trajectory of domain.md §4.1, shifted per
category (hard topics like 物业, 停车, 供暖 lower) and per handling unit (seeded unit effects),
so unit rankings differ by a few points the way real monthly rankings do.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from demo.geography import Geography
from demo.taxonomy import CategoryTable, S, topic

STATUS_NAMES = ("待派单", "已派单", "办理中", "已办结")
SATISFACTION_NAMES = ("满意", "基本满意", "不满意")
_DAY = 86_400


@dataclass(frozen=True)
class UnitTable:
    """Per category row, cumulative option probabilities over unit tokens; names per token×district."""

    tokens: tuple[str, ...]
    cum: np.ndarray  # rows × max options
    token_of: np.ndarray  # rows × max options → token index
    names: np.ndarray  # tokens × districts (object); street-office token left empty
    effect: np.ndarray  # per token logit effect (street offices use street_effect)
    street_effect: np.ndarray  # per street
    street_token: int


def unit_table(seed: int, geo: Geography, cats: CategoryTable) -> UnitTable:
    """Unit options of every category row and seeded performance effects of every unit."""
    rng = np.random.default_rng([seed, 7201])
    specs = [topic(k).units for k in cats.keys]
    tokens = sorted({tok for spec in specs for tok, _ in spec} | {S})
    width = max(len(s) for s in specs)
    cum = np.ones((len(specs), width))
    token_of = np.zeros((len(specs), width), dtype=np.int64)
    for r, spec in enumerate(specs):
        w = np.array([p for _, p in spec])
        cum[r, : len(spec)] = np.cumsum(w / w.sum())
        token_of[r, : len(spec)] = [tokens.index(t) for t, _ in spec]
        token_of[r, len(spec) :] = token_of[r, len(spec) - 1]
    names = np.empty((len(tokens), len(geo.districts)), dtype=object)
    for i, tok in enumerate(tokens):
        for d, district in enumerate(geo.districts):
            names[i, d] = "" if tok == S else (district + tok[2:] if tok.startswith("D:") else tok)
    return UnitTable(
        tuple(tokens),
        cum,
        token_of,
        names,
        effect=rng.normal(0, 0.25, len(tokens)),
        street_effect=rng.normal(0, 0.35, geo.n_streets),
        street_token=tokens.index(S),
    )


def _draw_token(rng: np.random.Generator, table: UnitTable, cat: np.ndarray) -> np.ndarray:
    pos = (rng.random(len(cat))[:, None] > table.cum[cat]).sum(axis=1)
    return table.token_of[cat, np.minimum(pos, table.cum.shape[1] - 1)]


def assign_units(
    rng: np.random.Generator,
    table: UnitTable,
    geo: Geography,
    cat: np.ndarray,
    street: np.ndarray,
    cross_p: np.ndarray,
) -> tuple[np.ndarray, ...]:
    """(承办单位 text, short unit name for praise texts, logit effect) per record.

    Cross-department cases list a second unit after ``;`` or ``、``.
    """
    district = geo.street_district[street]
    first = _draw_token(rng, table, cat)
    second = _draw_token(rng, table, cat)
    is_street = first == table.street_token
    name = np.where(is_street, geo.street_office[street], table.names[first, district])
    short = np.where(is_street, geo.street_name[street], name)
    cross = (rng.random(len(cat)) < cross_p) & (second != first)
    other = np.where(second == table.street_token, geo.street_office[street], table.names[second, district])
    sep = np.where(rng.random(len(cat)) < 0.6, ";", "、")
    text = np.where(cross, name + sep + other, name)
    effect = np.where(is_street, table.street_effect[street], table.effect[first])
    return text, short, effect


def _working_hours(t: np.ndarray, rng: np.random.Generator, start_h: float = 8.0) -> np.ndarray:
    """Move timestamps that fall at night to the next morning's working hours."""
    tod = t % _DAY
    late = tod > 21.5 * 3600
    early = tod < start_h * 3600
    day0 = t - tod + np.where(late, _DAY, 0)
    morning = day0 + int(start_h * 3600) + rng.integers(0, 7200, len(t))
    return np.where(late | early, np.maximum(morning, t), t)


def handling_times(
    rng: np.random.Generator,
    received: np.ndarray,
    dispatch_minutes: float,
    urgent: np.ndarray,
    close_days: np.ndarray,
) -> tuple[np.ndarray, ...]:
    """Dispatch, response and closure epoch seconds for tickets received at ``received``."""
    n = len(received)
    dispatch = received + np.maximum(30, dispatch_minutes * 60 * rng.lognormal(0, 0.6, n))
    slow = rng.random(n) < 0.01  # unclear ownership: the centre sorts it out for hours
    dispatch = dispatch + np.where(slow, rng.uniform(3600, 20 * 3600, n), 0)
    resp_h = np.where(urgent, 0.5, 3.0) * rng.lognormal(0, 0.9, n)
    respond = dispatch + np.minimum(resp_h, 24.0) * 3600
    respond = np.where(urgent, respond, _working_hours(respond.astype(np.int64), rng))
    tail = np.where(rng.random(n) < 0.03, 3.0, 1.0)
    close_d = np.minimum(close_days * rng.lognormal(0, 0.8, n) * tail, 60.0)
    close = np.maximum(received + close_d * _DAY, respond + 600)
    close = _working_hours(close.astype(np.int64), rng, start_h=8.5)
    return dispatch.astype(np.int64), respond.astype(np.int64), np.maximum(close, respond)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def logit(p: np.ndarray | float) -> np.ndarray:
    p = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


def outcomes(
    rng: np.random.Generator, res_logit: np.ndarray, sat_res_logit: np.ndarray, praise: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Latent (resolved 0/1, satisfaction 0 满意 / 1 基本满意 / 2 不满意) per ticket.

    Praise calls are resolved and satisfied by construction; unresolved callers are mostly
    unsatisfied, though some accept a clear explanation (基本满意).
    """
    n = len(res_logit)
    resolved = (rng.random(n) < _sigmoid(res_logit)) | praise
    sat_yes = np.where(resolved, rng.random(n) < _sigmoid(sat_res_logit), rng.random(n) < 0.3)
    basic = rng.random(n) < np.where(resolved, 0.15, 0.85)
    satisfaction = np.where(sat_yes, np.where(basic, 1, 0), 2)
    satisfaction = np.where(praise, 0, satisfaction)
    return resolved.astype(np.int8), satisfaction.astype(np.int8)


def open_state(
    dispatch: np.ndarray, respond: np.ndarray, close: np.ndarray, export_at: int
) -> tuple[np.ndarray, ...]:
    """Mask stages not reached by the export time; status 0 待派单 … 3 已办结."""
    has_dispatch = dispatch <= export_at
    has_respond = respond <= export_at
    has_close = close <= export_at
    status = has_dispatch.astype(np.int8) + has_respond + has_close
    return (
        np.where(has_dispatch, dispatch, -1),
        np.where(has_respond, respond, -1),
        np.where(has_close, close, -1),
        status.astype(np.int8),
    )
