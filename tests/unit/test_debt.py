import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from valorize.economics.debt import term_loan
from valorize.errors import InputError


@settings(deadline=None, derandomize=True)  # no timing: tests share the cores (xdist)
@given(
    build=st.integers(1, 3),
    life=st.integers(1, 25),
    share=st.floats(0.0, 0.95),
    rate=st.floats(0.0, 0.3),
    data=st.data(),
)
def test_the_loan_is_repaid_in_equal_instalments(build, life, share, rate, data):
    years = data.draw(st.integers(1, life))
    spending = np.zeros(build + life)
    spending[:build] = 1e6 / build
    d = term_loan(spending, share, rate, years, build)
    assert d.drawdown.sum() == pytest.approx(share * 1e6)
    assert d.principal.sum() == pytest.approx(share * 1e6, rel=1e-9, abs=1e-6)
    assert abs(d.balance[-1]) < 1e-6 * max(share * 1e6, 1.0)
    service = d.debt_service[build : build + years]
    np.testing.assert_allclose(service, service[0], rtol=1e-9, atol=1e-9)
    # interest is the rate on the balance owed at the start of each year
    owed = np.concatenate([[0.0], d.balance[:-1]])
    np.testing.assert_allclose(d.interest, rate * owed, rtol=1e-12, atol=1e-9)


def test_annuity_by_hand():
    """1 M borrowed at 10 % over 3 years: A = 1e6 * 0.1 / (1 - 1.1**-3) = 402,114.80."""
    d = term_loan(np.array([2e6, 0, 0, 0, 0]), 0.5, 0.10, 3, 1)
    assert d.debt_service[1] == pytest.approx(402_114.80, abs=0.01)
    assert d.interest[1] == pytest.approx(100_000.0)
    assert d.debt_service[4] == 0.0


@pytest.mark.parametrize(
    ("share", "rate", "years", "message"),
    [
        (1.0, 0.1, 3, "loan_fraction"),
        (0.5, -0.1, 3, "loan_interest_rate"),
        (0.5, 0.1, 0, "loan_years"),
        (0.5, 0.1, 9, "loan_years"),
    ],
)
def test_bad_loans(share, rate, years, message):
    with pytest.raises(InputError, match=message):
        term_loan(np.array([1e6, 0, 0, 0]), share, rate, years, 1)
