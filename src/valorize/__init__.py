"""valorize: model, cost and compare how copper-smelter by-products become value.

The package is layered (see ``docs/architecture.md``): ``data`` holds curated
numbers with provenance, ``thermo`` computes vapour pressures, activities and
vapour-liquid equilibria of metal melts, and ``cli`` is a thin face over them.
Importing :mod:`valorize` is cheap: heavy libraries load only when used.
"""

__version__ = "0.1.0"
