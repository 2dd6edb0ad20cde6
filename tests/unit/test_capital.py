import pytest

from valorize.economics.capital import (
    cepci,
    escalate,
    fixed_capital,
    lang_factor,
    latest_cepci_year,
    purchase_cost,
)
from valorize.errors import InputError


def test_purchase_cost_by_hand():
    """Seider's dry screw pump, 300 cfm, in 2024 money: 10875 * 300^0.38 * 798.8 / 567."""
    expected = 10875.0 * 300.0**0.38 * 798.8 / 567.0
    assert purchase_cost("dry_vacuum_pump_screw", 300.0, 2024) == pytest.approx(expected)
    assert latest_cepci_year() == 2024 and cepci(2019) == 607.5


def test_escalation_and_lang_factor():
    assert escalate(1000.0, 2019, 2022) == pytest.approx(1000.0 * 816.0 / 607.5)
    assert lang_factor("solid_fluid").value == 3.63
    assert fixed_capital(1e5, 3.63, 0.2) == pytest.approx(1e5 * 3.63 * 1.2)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: purchase_cost("dry_vacuum_pump_screw", 5.0, 2024), "outside the correlation"),
        (lambda: purchase_cost("flux_capacitor", 5.0, 2024), "unknown cost correlation"),
        (lambda: cepci(1990), "no CEPCI for 1990"),
        (lambda: lang_factor("gas"), "unknown plant kind"),
        (lambda: fixed_capital(1e5, 0.5, 0.0), "installation factor"),
        (lambda: fixed_capital(1e5, 3.0, 1.5), "contingency"),
    ],
)
def test_bad_capital_inputs(call, message):
    with pytest.raises(InputError, match=message):
        call()
