"""One error hierarchy for valorize.

Every error a user can cause derives from :class:`ValorizeError`; the command
line turns it into a single line on stderr and exit status 2. Anything else
that escapes is a bug.
"""


class ValorizeError(Exception):
    """Base class of every error valorize raises on purpose."""


class InputError(ValorizeError, ValueError):
    """Bad input: an unknown element, a malformed quantity, fractions that do not sum to 1."""


class OutOfRangeError(ValorizeError, ValueError):
    """A correlation was asked for a value outside the range its source covers."""


class MissingParameterError(ValorizeError, LookupError):
    """The data folder holds no published parameter for what was asked."""


class InfeasibleError(ValorizeError):
    """A search found no point that meets every constraint.

    The input was fine; the targets cannot all be met. The command line exits with
    status 3, not 2.
    """


class ConvergenceError(ValorizeError, RuntimeError):
    """An iterative solver did not converge; the message names the residual and iterations."""
