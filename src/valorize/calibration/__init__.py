"""Plant data in: a model's parameters learned from a batch log, with their doubt.

:mod:`~valorize.calibration.log` (the batch log), :mod:`~valorize.calibration.likelihood`
(measured and censored values), :mod:`~valorize.calibration.priors` (what is learned),
:mod:`~valorize.calibration.sampler` (emcee, vectorized), :mod:`~valorize.calibration.diagnostics`
(tau, ESS, split R-hat), :mod:`~valorize.calibration.results` (the result document) and
:mod:`~valorize.calibration.posterior` (the samples file ``[[uncertainty]]`` reads).
"""
