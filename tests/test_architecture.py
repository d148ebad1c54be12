"""The layering the README draws, checked on the source: who may run SQL, who may import whom,
and how large a module may grow. A failure names the file and the line to move."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORE = ("analytics", "forecasts", "reports")

#: The IO edge: only these modules run SQL (each domain's store, the report queries, the warehouse).
SQL_OWNERS = re.compile(r"(^analytics/warehouse\.py$)|(/store\.py$)|(^reports/queries\.py$)")
#: Calls that run SQL: the warehouse helpers and DuckDB's own connection methods.
SQL_CALL = re.compile(
    r"\bwh\.(execute|frame|pandas_frame|sql_text)\(|\bwarehouse\.(execute|frame|pandas_frame|sql_text)\("
    r"|\bcon\.(execute|sql|query|executemany)\(|\bsql_text\("
)


def _modules(*packages: str) -> list[Path]:
    return sorted(p for package in packages for p in (REPO / package).rglob("*.py"))


def _relative(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


def test_only_store_and_query_modules_run_sql() -> None:
    offenders = [
        f"{_relative(path)}:{number}: {line.strip()}"
        for path in _modules(*CORE, "flows", "demo")
        if not SQL_OWNERS.search(_relative(path))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if SQL_CALL.search(line) and not line.lstrip().startswith("#")
    ]
    assert not offenders, "SQL outside a store module:\n" + "\n".join(offenders)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize(
    ("packages", "forbidden"),
    [
        (("analytics", "forecasts", "reports"), ("flows", "demo")),  # edges stay outside the core
        (("analytics", "forecasts"), ("reports",)),  # analysis never depends on presentation
        (("analytics",), ("forecasts",)),  # forecasts build on analytics, not the other way
    ],
)
def test_core_does_not_import_its_edges(packages: tuple[str, ...], forbidden: tuple[str, ...]) -> None:
    offenders = [
        f"{_relative(path)} imports {name}"
        for path in _modules(*packages)
        for name in sorted(_imports(path))
        if name.split(".")[0] in forbidden
    ]
    assert not offenders, "\n".join(offenders)


def test_modules_stay_small_and_say_what_they_are_for() -> None:
    too_long, undocumented = [], []
    for path in _modules(*CORE, "flows", "demo"):
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > 400:
            too_long.append(f"{_relative(path)}: {len(text.splitlines())} lines")
        if text.strip() and ast.get_docstring(ast.parse(text)) is None and path.name != "__init__.py":
            undocumented.append(_relative(path))
    assert not too_long, "modules over 400 lines:\n" + "\n".join(too_long)
    assert not undocumented, "modules without a docstring:\n" + "\n".join(undocumented)


def test_every_sql_file_is_used() -> None:
    """A SQL file no module names is dead code."""
    sources = "\n".join(p.read_text(encoding="utf-8") for p in _modules(*CORE, "flows"))
    sql_root = REPO / "analytics" / "sql"
    unused = [
        name
        for path in sorted(sql_root.rglob("*.sql"))
        if path.parent.name != "schema"
        for name in [path.relative_to(sql_root).with_suffix("").as_posix()]
        if f'"{name}"' not in sources and f"'{name}'" not in sources
    ]
    assert not unused, "SQL files nothing runs: " + ", ".join(unused)
