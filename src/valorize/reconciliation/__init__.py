"""Plant data in: measured masses and assays reconciled into a balance that closes.

:mod:`~valorize.reconciliation.balance` (the weighted least-squares balance and its
tests), :mod:`~valorize.reconciliation.survey` (the survey file),
:mod:`~valorize.reconciliation.network` (a network from a case's flowsheet),
:mod:`~valorize.reconciliation.results` (the result document) and
:mod:`~valorize.reconciliation.synthetic` (balanced plants and noisy surveys for tests).
"""
