"""Safe CSV export: cells a spreadsheet would run as a formula are neutralised.

A complaint text, street or handling unit can start with ``=``, ``+``, ``-`` or ``@`` (or a tab /
carriage return before one); Excel and LibreOffice evaluate such a cell when an analyst opens the
exported CSV (CSV/formula injection, e.g. ``=cmd|' /C calc'!A0``). :func:`safe_csv_frame`
prefixes those text cells with ``'`` so they open as text. Numbers are left alone.
"""

from __future__ import annotations

import polars as pl

#: First characters that make a spreadsheet treat a cell as a formula (OWASP's list).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_csv_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """A copy of ``frame`` whose text cells cannot run as spreadsheet formulas."""
    pattern = "^[" + "".join("\\" + c if c in "-+" else c for c in FORMULA_PREFIXES) + "]"
    return frame.with_columns(
        pl.when(pl.col(name).str.contains(pattern))
        .then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name, dtype in frame.schema.items()
        if dtype == pl.String
    )
