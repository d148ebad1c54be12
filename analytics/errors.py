"""User-facing errors: each carries a one-line message the CLI prints instead of a traceback."""


class WeisuError(Exception):
    """Base for errors a user can act on; ``str(err)`` is the whole message."""


class SourceError(WeisuError):
    """An input file cannot be read as a whole (empty, unreadable, wrong encoding, no header)."""


class ProfileError(WeisuError):
    """A mapping profile is invalid, or does not fit the file (missing required column)."""


class WarehouseError(WeisuError):
    """The warehouse file cannot be opened or written."""


class WarehouseBusy(WarehouseError):
    """Another process holds the DuckDB write lock (DuckDB allows one writer per file)."""
