"""The inbox and the archive: which files a night picks up and where processed files go.

A processed file (loaded, or recognised as unchanged) moves to the archive; a failed file stays
in the inbox so the next night retries it after someone fixes or replaces it. Raw files are
never edited.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

from analytics.ingest.sources import DATA_SUFFIXES

#: Files the demo generator writes beside its exports; never complaints.
SKIP_PREFIXES = (".", "ground_truth")


@dataclass(frozen=True)
class FileInfo:
    """A file seen in the inbox: its size and content hash (read in parallel)."""

    path: Path
    size_bytes: int
    sha256: str


def inbox_files(inbox: Path) -> list[Path]:
    """Export files in the inbox (known suffixes; not hidden, not demo ground truth), in name
    order — which is date order for ``12345_export_YYYY-MM-DD`` files."""
    if not inbox.is_dir():
        return []
    return sorted(
        p
        for p in inbox.iterdir()
        if p.is_file() and not p.name.startswith(SKIP_PREFIXES) and p.suffix.lower() in DATA_SUFFIXES
    )


def file_info(path: Path) -> FileInfo:
    """Size and SHA-256 of a file, streamed."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return FileInfo(path=path, size_bytes=path.stat().st_size, sha256=digest.hexdigest())


def archive_file(path: Path, archive: Path) -> Path:
    """Move a processed file into the archive, never overwriting: a second file of the same
    name gets ``.1``, ``.2``, … before its suffix. Returns the new path."""
    archive.mkdir(parents=True, exist_ok=True)
    target = archive / path.name
    counter = 0
    while target.exists():
        counter += 1
        target = archive / f"{path.stem}.{counter}{path.suffix}"
    return Path(shutil.move(str(path), str(target)))
