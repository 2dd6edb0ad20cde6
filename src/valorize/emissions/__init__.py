"""CO2 of a route and of the baseline it replaces."""
