"""The ``weisu`` command line, one module per command group; the core never imports it."""

from flows.cli.main import app, main

__all__ = ["app", "main"]
