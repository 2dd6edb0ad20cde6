"""Flowsheets: streams between units and the solution of recycle loops."""
