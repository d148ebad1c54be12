"""Validity of themes and 每月一题 candidates on streams the demo templates were never tuned to.

    python bench/validity.py [--seeds 20] [--quick] [--skip-real]

Each seed draws its own truth from a vocabulary of its own (not the demo's): which problems
exist, their categories and mix, and which two are planted — one *emerging* (starts in one
district in a random month of the last half, spreads and grows) and one *persistent* (every
month, several districts). Texts are written from loose parts (openers, an estate address,
two of the problem's descriptors, closers), so each problem is told in many ways. The stream
runs through the real path: ingest (canonical CSV) → ``refresh_themes`` → ``month_topics``.

Per seed and in total: recall of the planted problems in the top 10 of the last month (as the
theme holding most of their complaints), distinct problems among the top 10, label hit rate
(the label names the problem's key word), themed coverage, and whether a second run on a fresh
warehouse gives identical themes and assignments. Then, on the 2,910 labelled government
messages (labels hidden from Weisu), theme count, coverage, purity and NMI.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analytics import vocabulary as vocab
from analytics import warehouse as wh
from analytics.ingest.load import ingest_files
from analytics.themes import assign, discovery
from analytics.themes.refresh import refresh_themes, with_terms
from analytics.themes.topics import month_topics

#: Problems: key word (must be in the label), descriptors (two per complaint).
PROBLEMS: dict[str, tuple[str, ...]] = {
    "共享单车": ("乱停放", "堵塞盲道", "占用人行道", "无人清理", "倒地一片"),
    "水压": ("二次供水不足", "高层没水", "水箱很脏", "水质发黄", "早晚用水高峰"),
    "电梯": ("困人", "故障频发", "经常停运", "维保不到位", "运行异响"),
    "广场舞": ("音响太大", "深夜不散", "占用篮球场", "影响孩子学习"),
    "外卖": ("骑手逆行", "闯红灯", "车速太快", "撞到老人"),
    "充电桩": ("经常故障", "收费太贵", "被燃油车占用", "数量不足"),
    "垃圾分类": ("混装混运", "桶站脏乱", "无人值守", "桶满不清"),
    "井盖": ("缺失", "破损", "松动作响", "塌陷"),
    "路灯": ("不亮", "损坏多日", "夜间漆黑", "一直闪烁"),
    "油烟": ("直排", "熏黑墙面", "净化器不开", "呛得无法开窗"),
    "违建": ("私搭乱建", "楼顶加盖", "占用绿地", "圈占公共空间"),
    "暖气": ("温度不达标", "片不热", "管道漏水", "迟迟不来"),
    "群租": ("隔断出租", "人员混杂", "消防隐患", "上下铺住十几人"),
    "渣土车": ("遗撒", "夜间运输", "扬尘严重", "超载超速"),
    "宠物犬": ("不拴绳", "咬伤行人", "粪便不清理", "整夜狂吠"),
    "快递柜": ("超时收费", "柜门打不开", "取件困难", "占用消防通道"),
    "停车费": ("乱收费", "不开票据", "突然上涨", "强制包月"),
    "医保": ("报销太慢", "报销比例低", "异地结算难", "药品目录缺药"),
    "欠薪": ("拖欠工资", "讨薪无门", "包工头跑路", "年底不结算"),
    "下水道": ("堵塞", "返味", "污水外溢", "管道破裂"),
    "树木": ("枯死", "遮挡阳光", "大风倒伏", "修剪不及时"),
    "公交": ("班次太少", "等车太久", "线路调整", "司机态度差"),
    "燃气": ("泄漏", "表具故障", "价格上涨", "入户检查收费"),
    "装修": ("噪音", "周末电钻", "拆改承重墙", "垃圾乱堆"),
}
OPENERS = ("来电人反映，", "市民称，", "网友留言：", "业主表示，", "", "有人反映，")
CLOSERS = ("，希望尽快处理。", "，要求相关部门解决。", "。", "，已多次反映无果。", "，请核实。")
ESTATES = ("康乐", "幸福", "翠微", "阳光", "金色", "和平", "丽景", "锦绣", "时代", "远洋", "明珠", "春晖")
SUFFIXES = ("小区", "花园", "家园", "苑", "园", "西里", "公寓")
TOP = 10


def _plan(seed: int, months: int) -> dict:
    """The seed's truth: categories of problems, their mix, the planted two."""
    rng = np.random.default_rng(seed)
    names = list(PROBLEMS)
    level1 = sorted({row[0] for row in vocab.categories()})
    cats = rng.choice(level1, size=6, replace=False)
    emerging, persistent = rng.choice(names, size=2, replace=False)
    return {
        "category": {p: str(rng.choice(cats)) for p in names},
        "weight": dict(zip(names, rng.dirichlet(np.ones(len(names)) * 2), strict=True)),
        "emerging": str(emerging),
        "persistent": str(persistent),
        "start": int(rng.integers(months // 2, months - 2)),
    }


def _text(rng: np.random.Generator, problem: str, community: str) -> str:
    first, second = rng.choice(PROBLEMS[problem], size=2, replace=False)
    return (
        f"{rng.choice(OPENERS)}{community}{rng.integers(1, 30)}号楼{problem}{first}，"
        f"{second}{rng.choice(CLOSERS)}"
    )


def generate(seed: int, start: date, months: int, per_day: int) -> tuple[pl.DataFrame, dict]:
    """Records of the stream (canonical fields) with a ``truth`` column, and the plan."""
    plan, rng = _plan(seed, months), np.random.default_rng(seed + 1000)
    streets = [s for s in vocab.streets() if s.kind == "街道"]
    districts = sorted({s.district for s in streets})
    home = rng.choice(districts, size=4, replace=False)
    names = list(PROBLEMS)
    base = np.array([plan["weight"][p] for p in names])
    rows, day, end = [], start, vocab.add_months(start, months)
    while day < end:
        month = (day.year - start.year) * 12 + day.month - start.month
        w = base.copy()
        w[names.index(plan["persistent"])] = base.sum() * 0.04
        grow = max(0, month - plan["start"] + 1)
        w[names.index(plan["emerging"])] = base.sum() * 0.03 * grow if grow else 0
        for k in range(per_day):
            problem = names[int(rng.choice(len(names), p=w / w.sum()))]
            if problem == plan["emerging"]:
                area = home[: min(1 + grow // 2, 4)]
            elif problem == plan["persistent"]:
                area = home
            else:
                area = districts
            street = rng.choice([s for s in streets if s.district in set(area)])
            community = f"{rng.choice(ESTATES)}{rng.choice(SUFFIXES)}"
            at = datetime(day.year, day.month, day.day, 8) + timedelta(seconds=int(rng.integers(0, 43200)))
            rows.append(
                {
                    "record_id": f"V{seed}-{day:%Y%m%d}-{k:05d}",
                    "received_at": at,
                    "district": street.district,
                    "street": street.name,
                    "community": community,
                    "category_l1": plan["category"][problem],
                    "content": _text(rng, problem, community),
                    "status": "已派单",
                    "truth": problem,
                }
            )
        day += timedelta(days=1)
    return pl.DataFrame(rows), plan


def _run(records: pl.DataFrame, folder: Path, end: date) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Ingest, refresh, rank the last month: (themes, assignments, top 10)."""
    csv, db = folder / "stream.csv", folder / "warehouse.duckdb"
    records.drop("truth").write_csv(csv)
    with wh.connect(db) as con:
        result = ingest_files(con, [csv], profile="canonical")[0]
        if result.status != "ok":
            raise SystemExit(f"ingest failed: {result.message}")
        refresh_themes(con, end)
        top = month_topics(con, vocab.month_of(end), top=50)
        themes = con.sql("SELECT theme_id, label FROM themes ORDER BY theme_id").pl()
        assigned = con.sql("SELECT record_id, theme_id FROM complaint_themes ORDER BY record_id").pl()
    return themes, assigned, top


def _score_seed(seed: int, quick: bool) -> dict:
    months, per_day = (9, 50) if quick else (18, 90)
    start = date(2023, 1, 1)
    records, plan = generate(seed, start, months, per_day)
    end = vocab.add_months(start, months) - timedelta(days=1)
    runs = []
    for _ in range(2):
        with tempfile.TemporaryDirectory() as tmp:
            runs.append(_run(records, Path(tmp), end))
    (themes, assigned, top), (themes2, assigned2, _) = runs
    joined = records.select("record_id", "truth").join(assigned, on="record_id", how="left")
    counts = joined.drop_nulls("theme_id").group_by("theme_id", "truth").len()
    counts = counts.with_columns((pl.col("len") / pl.col("len").sum().over("theme_id")).alias("share"))
    dominant = counts.sort(["len", "truth"], descending=[True, False]).unique("theme_id", keep="first")
    labels = dict(zip(themes["theme_id"], themes["label"], strict=True))
    out = {"seed": seed, "recall": 0, "label_hits": 0, "planted": 2}
    ranked = top["theme_id"].to_list()
    top_ids = ranked[:TOP]
    for kind in ("emerging", "persistent"):
        problem = plan[kind]
        mine = counts.filter(pl.col("truth") == problem).sort(["len", "theme_id"], descending=[True, False])
        main = mine["theme_id"][0] if mine.height else None
        out["recall"] += int(main in top_ids)
        out["label_hits"] += int(main is not None and problem in labels.get(main, ""))
        rank = ranked.index(main) + 1 if main in ranked else None
        out[kind] = f"{problem} → {labels.get(main, '-')} (rank {rank})"
    truths = dominant.filter(pl.col("theme_id").is_in(top_ids) & (pl.col("share") >= 0.6))["truth"]
    out["distinct"] = truths.n_unique()
    out["coverage"] = round(joined["theme_id"].is_not_null().mean() or 0.0, 3)
    out["identical"] = themes.equals(themes2) and assigned.equals(assigned2)
    return out


def real_messages(folder: Path) -> dict | None:
    """Themes of the 2,910 labelled messages (labels hidden): count, coverage, purity, NMI."""
    from sklearn.metrics import normalized_mutual_info_score

    path = folder / "labelled_messages_2910.csv"
    if not path.exists():
        return None
    raw = pl.read_csv(path, infer_schema_length=0)
    docs = raw.select(
        pl.lit("gov").alias("source"),
        pl.int_range(pl.len()).cast(pl.String).alias("record_id"),
        pl.lit("").alias("partition"),
        pl.concat_str([pl.col("title"), pl.col("detail")], separator="。", ignore_nulls=True).alias(
            "content"
        ),
    )
    docs = with_terms(docs)
    themes = discovery.discover_themes(docs, discovery.ThemeParams(min_size=15))
    hits = assign.assign_themes(docs, themes).with_columns(raw["label"])
    themed = hits.drop_nulls("theme_id")
    sizes = themed.group_by("theme_id").agg(pl.len().alias("n"), pl.col("label").mode().first().alias("top"))
    top_share = (
        themed.join(sizes, on="theme_id")
        .group_by("theme_id")
        .agg(pl.len().alias("n"), (pl.col("label") == pl.col("top")).sum().alias("hit"))
    )
    largest = top_share.sort("n", descending=True).head(10)
    label_of = dict(zip(themes["theme_id"], themes["label"], strict=True))
    return {
        "themes": themes.height,
        "coverage": round(themed.height / max(hits.height, 1), 3),
        "purity": round(top_share["hit"].sum() / max(themed.height, 1), 3),
        "largest10_min_purity": round(float((largest["hit"] / largest["n"]).min() or 0), 3),
        "nmi": round(float(normalized_mutual_info_score(themed["label"], themed["theme_id"])), 3),
        "labels": [label_of[t] for t in largest["theme_id"].to_list()],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--quick", action="store_true", help="2 small seeds, under 3 minutes")
    parser.add_argument("--skip-real", action="store_true")
    args = parser.parse_args()
    seeds = range(1, 3) if args.quick else range(1, args.seeds + 1)
    clock, rows = time.perf_counter(), []
    for seed in seeds:
        row = _score_seed(seed, args.quick)
        rows.append(row)
        print(row, flush=True)
    planted = sum(r["planted"] for r in rows)
    print(
        f"TOTAL seeds={len(rows)} recall={sum(r['recall'] for r in rows)}/{planted} "
        f"label_hits={sum(r['label_hits'] for r in rows)}/{planted} "
        f"min_distinct_top10={min(r['distinct'] for r in rows)} "
        f"mean_coverage={np.mean([r['coverage'] for r in rows]):.3f} "
        f"identical={all(r['identical'] for r in rows)} seconds={time.perf_counter() - clock:.0f}"
    )
    if not args.skip_real:
        folder = Path(__file__).resolve().parents[2] / "shared/data/real/cn_gov_messages_tipdm2020/extended"
        found = real_messages(folder)
        print(f"REAL {found}" if found else f"REAL: {folder} does not exist, skipped")


if __name__ == "__main__":
    main()
