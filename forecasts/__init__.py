"""Forecasts of daily complaint volume by district and category (issue 6).

The contract is one long frame ``unique_id, ds, y`` (see :mod:`forecasts.series`). Models share
one surface, :func:`forecasts.engine.forecast`; Prophet lives only in
:mod:`forecasts.prophet_model` and is imported when a Prophet fit runs. The per-series work is
a pure function (:func:`forecasts.engine.forecast_series`) so a flow can fan it out.
"""
