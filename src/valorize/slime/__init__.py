"""Copper anode slime -> crude selenium -> refined selenium, with Te, Au and Ag.

Modules: :mod:`~valorize.slime.data` (the data file), :mod:`~valorize.slime.feed`
(slime analyses and yearly feed), :mod:`~valorize.slime.splits` (exact stream
splits), :mod:`~valorize.slime.roasting` (sulfation roast),
:mod:`~valorize.slime.leaching` (sulfuric-acid leach),
:mod:`~valorize.slime.precious_metals` (Dore, Au, Ag, Te),
:mod:`~valorize.slime.refining` (the crude through vacuum distillation),
:mod:`~valorize.slime.case` (case files) and :mod:`~valorize.slime.run` (the flowsheet).
"""
