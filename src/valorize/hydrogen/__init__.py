"""Smelter slag -> fayalite photocatalyst -> solar hydrogen, against reforming and electrolysis.

Modules, one topic each: :mod:`~valorize.hydrogen.data` (the records of
``data/hydrogen.toml``), :mod:`~valorize.hydrogen.slag` (normative phases of a
slag), :mod:`~valorize.hydrogen.photocatalyst_plant` (grinding, magnetic
separation, calcination, co-catalyst), :mod:`~valorize.hydrogen.solar` (pvlib
irradiance at the site and the hydrogen it yields), :mod:`~valorize.hydrogen.baselines`
(steam methane reforming, electrolysis), :mod:`~valorize.hydrogen.breakeven`
(levelized cost over STH and catalyst cost), :mod:`~valorize.hydrogen.case` (the
case file) and :mod:`~valorize.hydrogen.run` (the whole evaluation).
"""
