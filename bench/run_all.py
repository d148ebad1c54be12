"""Run every benchmark and write ``docs/benchmarks.md``: each figure beside its baseline
measured in the same run, the wall time and peak memory (whole process tree) of each bench.

    .venv/bin/python bench/run_all.py --quick     # minutes: small inputs (what CI can afford)
    .venv/bin/python bench/run_all.py             # the full sizes the README quotes

Each bench runs as its own process (``bench/ingest.py``, ``generate.py``, ``nightly.py``,
``forecast.py``, ``themes.py``, ``report.py``, ``full_night.py``); its printed lines are kept
verbatim in the document, and the headline figures are parsed from them into one table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.memory import TreeSampler  # noqa: E402

OUT = REPO / "docs" / "benchmarks.md"

#: bench: (arguments in quick mode, arguments in full mode)
BENCHES: dict[str, tuple[list[str], list[str]]] = {
    "ingest": (["--rows", "100000", "--naive-rows", "2000"], []),
    "generate": (["--quick"], []),
    "nightly": (["--rows-per-day", "500", "--months", "1", "4", "--nights", "1"], []),
    "forecast": (["--days", "365", "--models", "snaive,ets"], []),
    "themes": (["--rows", "5000", "--history-scale", "0.001", "--night-scale", "0.05"], []),
    "report": (["--months", "2"], ["--months", "12"]),
    "full_night": (["--history-days", "30", "--history-scale", "0.01", "--night-scale", "0.05"], []),
}


@dataclass
class BenchRun:
    name: str
    command: list[str]
    seconds: float
    peak_mib: float
    returncode: int
    output: str


def run_bench(name: str, args: list[str], timeout: float) -> BenchRun:
    """Run one bench; sample the RSS of its whole process tree every 0.2 s."""
    command = [sys.executable, str(REPO / "bench" / f"{name}.py"), *args]
    env = {**os.environ, "PYTHONPATH": str(REPO), "WEISU_HASH_KEY": "bench-key"}
    started = time.perf_counter()
    child = subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    with TreeSampler(child.pid, interval=0.2) as tree:
        while child.poll() is None:
            if time.perf_counter() - started > timeout:
                child.kill()
            time.sleep(0.2)
    output = child.stdout.read() if child.stdout else ""
    return BenchRun(name, command, time.perf_counter() - started, tree.rss_mib, child.returncode, output)


def _num(text: str) -> float:
    return float(text.replace(",", ""))


def headline_figures(runs: dict[str, BenchRun]) -> list[tuple[str, str, str, str]]:
    """(figure, value, baseline from the same run, ratio) parsed from the benches' output."""
    rows: list[tuple[str, str, str, str]] = []
    if "ingest" in runs:
        rates = {
            m.group(1).strip(): _num(m.group(2))
            for m in re.finditer(
                r"^(DuckDB read_csv.*?|Weisu ingest.*?|naive pandas.*?)\s+[\d.]+\s+([\d,]+)\s",
                runs["ingest"].output,
                re.M,
            )
        }
        ceiling = next((v for k, v in rates.items() if k.startswith("DuckDB")), None)
        for key, value in rates.items():
            if ceiling and not key.startswith("DuckDB"):
                rows.append(
                    (
                        f"ingest: {key}",
                        f"{value:,.0f} rows/s",
                        f"DuckDB read_csv {ceiling:,.0f} rows/s",
                        f"{value / ceiling:.1%}",
                    )
                )
        medians = re.search(
            r"^medians: ceiling ([\d.]+) s, Weisu ([\d.]+) s = ([\d.]+%)", runs["ingest"].output, re.M
        )
        if medians:
            rows.append(
                (
                    "ingest: Weisu, median of the interleaved runs",
                    f"{medians.group(2)} s",
                    f"DuckDB read_csv {medians.group(1)} s",
                    medians.group(3),
                )
            )
    if "generate" in runs:
        demos = re.findall(
            r"^(.+?)\s+([\d,]+) records\s+([\d.]+) s\s+([\d,]+) records/s", runs["generate"].output, re.M
        )
        for label, _records, _seconds, rate in demos[1:] or demos[:1]:
            base = demos[0]
            rows.append(
                (
                    f"demo: {label.strip()}",
                    f"{rate} records/s",
                    f"{base[0].strip()}: {base[3]} records/s"
                    if demos[1:]
                    else "(the baseline itself; quick mode runs only it)",
                    f"{_num(rate) / _num(base[3]):.2f}×" if demos[1:] else "—",
                )
            )
    if "nightly" in runs:
        totals = re.findall(r"^\s*(\d+) months history.*total ([\d.]+) s", runs["nightly"].output, re.M)
        for m2, t2 in totals[1:]:
            m1, t1 = totals[0]
            rows.append(
                (
                    f"nightly: one night on {m2} months of history",
                    f"{t2} s",
                    f"on {m1} month(s): {t1} s",
                    f"{float(t2) / float(t1):.2f}×",
                )
            )
    if "forecast" in runs:
        table = re.findall(
            r"^(\w+)\s+(\d+)\s+([\d.]+)\s+(\d+)\s+([\d.]+)×\s+(\d+)", runs["forecast"].output, re.M
        )
        base = {model: secs for model, workers, secs, *_ in table if workers == "1"}
        for model, workers, secs, *_ in table:
            if workers != "1" and model in base:
                rows.append(
                    (
                        f"forecast: {model}, {workers} workers",
                        f"{secs} s",
                        f"1 worker {base[model]} s",
                        f"{float(base[model]) / float(secs):.2f}× speed-up",
                    )
                )
        if "snaive" in base:
            for model, secs in base.items():
                if model != "snaive":
                    rows.append(
                        (
                            f"forecast: {model}, 1 worker",
                            f"{secs} s",
                            f"seasonal naive {base['snaive']} s",
                            f"{float(secs) / float(base['snaive']):.1f}×",
                        )
                    )
    if "themes" in runs:
        out = runs["themes"].output
        seg = re.search(r"^segmentation: .*?= ([\d,]+)/s", out, re.M)
        assigned = re.search(r"^assignment \(segment \+ score\): .*?= ([\d,]+)/s", out, re.M)
        if seg and assigned:
            rows.append(
                (
                    "themes: assignment (segment + score)",
                    f"{assigned.group(1)} complaints/s",
                    f"segmentation alone {seg.group(1)}/s",
                    f"{_num(assigned.group(1)) / _num(seg.group(1)):.2f}×",
                )
            )
        night = re.search(r"^night of ([\d,]+) complaints.*?refresh ([\d.]+) s", out, re.M)
        if night:
            rows.append(
                (
                    f"themes: refresh for a night of {night.group(1)} complaints",
                    f"{night.group(2)} s",
                    "target 60 s",
                    f"{float(night.group(2)) / 60:.2f}×",
                )
            )
    if "report" in runs:
        nights = re.findall(
            r"^(first night.*?|following night)\s+([\d.]+) s\s+(\d+) pages\s+"
            r"([\d.]+) MiB pages",
            runs["report"].output,
            re.M,
        )
        if len(nights) == 2:
            (_, s1, _, _), (_, s2, pages, size) = nights
            rows.append(
                (
                    f"reports: a night ({pages} pages, {size} MiB)",
                    f"{s2} s",
                    f"first night incl. assets {s1} s",
                    f"{float(s2) / float(s1):.2f}×",
                )
            )
    if "full_night" in runs:
        out = runs["full_night"].output
        year = re.search(
            r"^history ingest: (\d+) files, ([\d,]+) rows read.*?: ([\d.]+) s "
            r"\(([\d,]+) rows/s\), peak ([\d,]+) MiB",
            out,
            re.M,
        )
        if year:
            rows.append(
                (
                    f"year of history ingested ({year.group(2)} rows, {year.group(1)} files)",
                    f"{year.group(3)} s",
                    "target 300 s",
                    f"{float(year.group(3)) / 300:.2f}×",
                )
            )
        night = re.search(
            r"^full night: ([\d,]+) new records over ([\d,]+) records of history in "
            r"([\d.]+) s.*?peak ([\d,]+) MiB RSS, ([\d,]+) MiB PSS",
            out,
            re.M,
        )
        if night:
            rows.append(
                (
                    f"full night end to end ({night.group(1)} new over {night.group(2)})",
                    f"{night.group(3)} s",
                    "target 300 s",
                    f"{float(night.group(3)) / 300:.2f}×",
                )
            )
            rows.append(
                (
                    "full night peak memory (process tree, RSS sum)",
                    f"{night.group(4)} MiB",
                    "target 4,096 MiB",
                    f"{_num(night.group(4)) / 4096:.2f}×",
                )
            )
            rows.append(
                (
                    "full night peak memory (process tree, PSS sum)",
                    f"{night.group(5)} MiB",
                    "target 4,096 MiB",
                    f"{_num(night.group(5)) / 4096:.2f}×",
                )
            )
    return rows


def markdown(runs: dict[str, BenchRun], quick: bool, started: dt.datetime) -> str:
    load = os.getloadavg()
    lines = [
        "# Benchmarks",
        "",
        f"Generated by `bench/run_all.py{' --quick' if quick else ''}` on "
        f"{started:%Y-%m-%d %H:%M} UTC, on a {psutil.cpu_count()}-core virtual machine "
        f"({platform.machine()}, {psutil.virtual_memory().total / 2**30:.0f} GiB RAM, Python "
        f"{platform.python_version()}, load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} "
        "at the end, the benches' own load included). Its speed varies by about ±10% from run to "
        "run: compare each figure with its baseline from the same run, not across runs.",
        ""
        if not quick
        else "\n**Quick mode**: small inputs (see the commands below); the "
        "README's figures come from the full sizes (`bench/run_all.py` without `--quick`).",
        "",
        "## Headline figures (each beside its baseline from the same run)",
        "",
        "| figure | value | baseline (same run) | ratio |",
        "|---|---:|---|---:|",
        *(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in headline_figures(runs)),
        "",
        "## Each bench",
        "",
        "| bench | command | wall s | peak RSS MiB (process tree) | exit |",
        "|---|---|---:|---:|---:|",
    ]
    for run in runs.values():
        command = " ".join(
            ["python", *(Path(run.command[1]).relative_to(REPO).as_posix(),), *run.command[2:]]
        )
        lines.append(
            f"| {run.name} | `{command}` | {run.seconds:.1f} | {run.peak_mib:,.0f} | {run.returncode} |"
        )
    for run in runs.values():
        lines += ["", f"### {run.name}", "", "```", run.output.rstrip()[-4000:], "```"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small inputs (minutes, not hours)")
    parser.add_argument("--only", nargs="*", choices=list(BENCHES), help="run only these")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per bench")
    args = parser.parse_args(argv)
    started = dt.datetime.now(dt.UTC)
    runs = {}
    for name in args.only or list(BENCHES):
        quick_args, full_args = BENCHES[name]
        runs[name] = run_bench(name, quick_args if args.quick else full_args, args.timeout)
        status = "ok" if runs[name].returncode == 0 else f"exit {runs[name].returncode}"
        print(
            f"{name:<9} {runs[name].seconds:7.1f} s  peak {runs[name].peak_mib:6.0f} MiB  {status}",
            flush=True,
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(markdown(runs, args.quick, started), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0 if all(r.returncode == 0 for r in runs.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
