"""The inbox and the archive: which files a night picks up and where processed files go.

A processed file (loaded, or recognised as unchanged) moves to the archive as soon as it is
loaded; a failed file (a symbolic link among them) stays in the inbox so the next night retries
it after someone fixes or replaces it. Raw files are never edited.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from analytics.ingest.sources import DATA_SUFFIXES

#: Files the demo generator writes beside its exports; never complaints.
SKIP_PREFIXES = (".", "ground_truth")


def inbox_files(inbox: Path) -> list[Path]:
    """Export files in the inbox (known suffixes; not hidden, not demo ground truth), in name
    order — which is date order for ``12345_export_YYYY-MM-DD`` files.

    Symbolic links are listed, never followed: the ingest refuses each with one line naming
    it, so a link planted in the inbox is seen and not read."""
    if not inbox.is_dir():
        return []
    return sorted(
        p
        for p in inbox.iterdir()
        if (p.is_symlink() or p.is_file())
        and not p.name.startswith(SKIP_PREFIXES)
        and p.suffix.lower() in DATA_SUFFIXES
    )


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
