"""Models: the protocol every route implements, and the registry of routes.

See :mod:`valorize.model.protocol` and :mod:`valorize.model.registry`.
"""
