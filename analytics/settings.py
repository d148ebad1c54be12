"""Where Weisu keeps its files, read once from the environment.

``WEISU_DATA_DIR`` (default ``./data``) holds the warehouse, inbox, archive, reports, the
hashing key and the ingest's temporary copies (``tmp/``, beside the warehouse); ``WEISU_DB``
overrides the warehouse file alone. ``WEISU_DUCKDB_MEMORY`` (e.g. ``2GB``) caps DuckDB's
memory in every connection (default: DuckDB's own, 80% of RAM); above it DuckDB spills to a
temp folder beside the warehouse. Nothing here is a secret in git: the key is generated into
the data folder on first use.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

KEY_FILE_NAME = "caller_hash.key"
TMP_DIR_NAME = "tmp"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    db_path: Path
    keep_clear_text: bool
    duckdb_memory: str | None = None

    @property
    def inbox(self) -> Path:
        return self.data_dir / "inbox"

    @property
    def archive(self) -> Path:
        return self.data_dir / "archive"

    @property
    def reports(self) -> Path:
        return self.data_dir / "reports"

    @property
    def key_path(self) -> Path:
        return self.db_path.parent / KEY_FILE_NAME

    @property
    def tmp_dir(self) -> Path:
        """Where an ingest keeps temporary copies (transcoded text, caller numbers in clear):
        beside the warehouse, as private as it, and swept at the next start if a crash left
        them — never the system temp folder."""
        return self.db_path.parent / TMP_DIR_NAME


def settings(db: str | Path | None = None) -> Settings:
    """Settings from the environment; an explicit ``db`` (``--db``) wins over ``WEISU_DB``."""
    data_dir = Path(os.environ.get("WEISU_DATA_DIR", "data"))
    db_path = Path(db) if db else Path(os.environ.get("WEISU_DB", data_dir / "warehouse.duckdb"))
    keep = os.environ.get("WEISU_KEEP_CLEAR_TEXT", "").lower() in {"1", "true", "yes"}
    memory = os.environ.get("WEISU_DUCKDB_MEMORY", "").strip() or None
    return Settings(data_dir=data_dir, db_path=db_path, keep_clear_text=keep, duckdb_memory=memory)


def hashing_key(key_path: Path) -> bytes:
    """The caller-hash key, created once (0600) beside the warehouse if absent.

    The key must outlive any single run so repeat callers hash alike across nights; losing it
    only breaks repeat-caller linkage with older records, never exposes a number.
    """
    env_key = os.environ.get("WEISU_HASH_KEY")
    if env_key:
        return env_key.encode()
    if key_path.exists():
        return key_path.read_bytes().strip()
    key_path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32).encode()
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key)
    return key
