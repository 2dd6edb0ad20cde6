"""Decisions: optimization of operating conditions (uncertainty and sensitivity to come)."""
