"""Realistic Beijing 12345 demo data with planted ground truth.

``write_demo`` writes one export file per day (UTF-8 / GB18030 CSV, some ``.xlsx``) and
``ground_truth.json``; ``demo_records`` returns the same clean records as a polars frame with
canonical column names, for tests and modules that need data without files.
"""

from __future__ import annotations

from demo.export import HEADERS, DemoSummary, file_format, write_demo
from demo.records import demo_records

__all__ = ["HEADERS", "DemoSummary", "demo_records", "file_format", "write_demo"]
