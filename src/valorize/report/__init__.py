"""Figures and reports: thin faces over the models, written atomically."""
