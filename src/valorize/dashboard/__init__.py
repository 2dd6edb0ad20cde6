"""``valorize dashboard``: a local web app to edit a case and watch the answers change.

The Streamlit script (:mod:`valorize.dashboard.app`) is kept thin; what can be
tested without a browser lives in plain modules: :mod:`~valorize.dashboard.controls`
(control values <-> case TOML), :mod:`~valorize.dashboard.validation` (one-line
messages for bad entries), :mod:`~valorize.dashboard.evaluation` (running a case
without ever raising) and :mod:`~valorize.dashboard.store` (saved scenarios in
SQLite).
"""
