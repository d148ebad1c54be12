"""Forecast errors a user can act on; the CLI prints them as one line."""

from analytics.errors import WeisuError


class ForecastError(WeisuError):
    """The forecast cannot run as asked (no history, bad option, missing dependency)."""
