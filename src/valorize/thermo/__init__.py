"""Thermodynamics of metal and metalloid melts under vacuum.

- :mod:`valorize.thermo.vapor_pressure`: pure-element vapour pressures and the
  liquid reference state used for activities.
- :mod:`valorize.thermo.activity`: activity-coefficient models (ideal, regular
  solution, Wilson, MIVM).
- :mod:`valorize.thermo.vle`: partial pressures, bubble points, separation
  coefficients and phase diagrams, broadcasting over a leading scenario axis.
"""
