"""Every notebook runs top to bottom against a small warehouse, in a kernel of this venv.

The notebooks are jupytext percent files; they read ``WEISU_DB`` from the environment, which
the kernel inherits. Each runs against the demo warehouse (forecasts and themes absent) and the
one with them present, so both branches of every section execute.
"""

from __future__ import annotations

from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
NAMES = ("01-explore-complaints", "02-pick-monthly-topic", "03-review-forecasts")

pytestmark = pytest.mark.slow


def test_every_notebook_is_listed() -> None:
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.py")) == sorted(NAMES)


@pytest.mark.parametrize("warehouse", ["demo", "full"])
@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs(
    name: str,
    warehouse: str,
    notebook_warehouses: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import jupytext
    from nbclient import NotebookClient

    monkeypatch.setenv("WEISU_DB", str(notebook_warehouses[warehouse]))
    monkeypatch.setenv("WEISU_DATA_DIR", str(tmp_path))
    for name_var in ("WEISU_AS_OF", "WEISU_MONTH", "WEISU_DISTRICT"):
        monkeypatch.delenv(name_var, raising=False)
    notebook = jupytext.read(NOTEBOOKS / f"{name}.py")
    client = NotebookClient(
        notebook, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()  # raises CellExecutionError with the failing cell
    errors = [
        o for cell in notebook.cells for o in cell.get("outputs", []) if o.get("output_type") == "error"
    ]
    assert errors == []
    text = "".join(o.get("text", "") for cell in notebook.cells for o in cell.get("outputs", []))
    assert "Traceback" not in text
