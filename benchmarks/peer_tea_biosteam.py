"""The Balkhash case's after-tax cash flow through BioSTEAM's TEA: valorize's peer check.

Two modes, run in two environments (issue 15, item 8):

``python benchmarks/peer_tea_biosteam.py export`` (valorize's environment) runs the
built-in ``balkhash-selenium`` case, takes its first price scenario and writes
``tests/validation/data/balkhash_tea_inputs.json``: the yearly figures valorize's
cash-flow template (:func:`valorize.economics.template.project_cash_flow`) uses, in
USD, with the case's grant removed and losses carried forward without limit (as
BioSTEAM does), no loan and no working capital. Before writing, it checks that the
exported figures with the case's own grant and loss rule give back the case's own
NPV, IRR and break-even price.

``/tmp/peer/bin/python benchmarks/peer_tea_biosteam.py peer`` (an environment with
``biosteam<2.52`` on Python 3.11, e.g. ``pip install "biosteam==2.51.*"
"numpy==1.26.4"``; valorize is not imported) reads that file, builds a one-unit
BioSTEAM system that buys the crude, sells the refined selenium and the residue, uses
electricity and pays to dispose of the volatile cut, and a TEA subclass for the
capital and the fixed costs, then writes ``tests/validation/data/biosteam_tea_balkhash.json``:
NPV at the discount rate, IRR, BioSTEAM's payback period, the break-even price of the
product at the target IRR (with and without the residue credits) and the yearly
cash-flow tables. BioSTEAM's own solvers stop at loose tolerances (``solve_IRR``:
1e-6 in the IRR or 10 USD of NPV; ``solve_sales``: 10 USD/yr of sales or 100 USD of
NPV), so each root is also polished with Brent's method on BioSTEAM's own NPV; both
are written.

``tests/validation/test_tea_peer_biosteam.py`` compares the two files with valorize.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "validation" / "data"
INPUTS = DATA / "balkhash_tea_inputs.json"
PEER = DATA / "biosteam_tea_balkhash.json"
CASE = "balkhash-selenium"
#: Operating hours a year given to BioSTEAM (it annualises flows per hour with them).
HOURS = 8760.0


# --------------------------------------------------------------------------- export


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True
    ).stdout.strip()


def export() -> dict:
    """The case's yearly figures for its first price scenario, USD (valorize's side)."""
    from dataclasses import replace

    import numpy as np

    from valorize import __version__
    from valorize.economics.project import depreciation_schedule
    from valorize.economics.template import PlantMoney, every_year, project_cash_flow
    from valorize.refinery.case import load_case
    from valorize.refinery.economics import (
        FEED,
        PRODUCT,
        case_price_scenarios,
        crude_basis,
        economic_inputs,
        feed_and_product_prices,
    )
    from valorize.refinery.run import run

    case, _, sha = load_case(CASE)
    e = case.economics
    summary = run(case, sha).to_json()["summary"]
    own = summary["economics"]["scenarios"][0]
    # what the cash flow prices (valorize.refinery.flowsheet.run_flowsheet): the crude
    # the plant refines and the residue its sinks sell
    feed_kg = summary["crude_processed_t_per_yr"] * 1000
    residue_t = summary["residue_sold_t_per_yr"]
    residue_pct = summary["residue_sold_wt_pct"]
    product_kg = summary["product_t_per_yr"] * 1000
    waste_kg = summary["waste_t_per_yr"] * 1000
    energy_kwh = summary["energy_kWh_per_t_product"] * summary["product_t_per_yr"]

    # the scenario's prices, as valorize.refinery.economics.case_economics sets them
    name, prices = case_price_scenarios(e)[0]
    assert name == own["price_scenario"]
    composition = case.feed.composition_wt_pct
    total = sum(composition.values())
    feed_price, product_price, _ = feed_and_product_prices(
        e,
        np.array([prices[PRODUCT].value]),
        np.array([prices[FEED].value]),
        np.array([crude_basis(name, prices, e) or np.nan]),
        {el: np.array([prices[el].value]) for el in e.feed_payable},
        {el: pct / total for el, pct in composition.items()},
        np.asarray(summary["product_Se_wt_pct"] / 100.0),
        summary["impurities_ppm"],
    )
    inputs = economic_inputs(
        e,
        product_price,
        feed_price,
        {el: np.array([prices[el].value if el in prices else 0.0]) for el in e.payable},
    )
    credits = sum(
        residue_t * 1000 * residue_pct.get(el, 0.0) / 100 * e.payable.get(el, 0.0) * float(p[0])
        for el, p in inputs.credit_prices.items()
    )
    t = inputs.terms
    electricity = float(inputs.electricity_price)
    fractions = depreciation_schedule(
        1.0, t.depreciation, t.depreciation_years or t.life_years, t.life_years, t.depreciation_rate
    )
    money = PlantMoney(
        product=every_year(product_kg),
        product_price=float(product_price[0]),
        credits=every_year(credits),
        feed=every_year(feed_kg * float(feed_price[0])),
        utilities=every_year(energy_kwh * electricity),
        waste=every_year(waste_kg * inputs.waste_disposal_per_kg),
    )
    # the export is the case: with its own grant and loss rule it gives its own measures
    again = project_cash_flow(money, t)
    for ours, theirs in (
        (again.npv, own["npv_usd"]),
        (100 * again.irr, own["irr_pct"]),
        (again.minimum_selling_price, own["minimum_selling_price_usd_per_kg"]),
        (again.payback, own["payback_yr"]),
    ):
        if not np.isclose(float(ours), theirs, rtol=1e-12, atol=0):
            raise SystemExit(f"export does not reproduce the case: {float(ours)} != {theirs}")
    compared = replace(
        t,
        grant=0.0,
        loan_fraction=0.0,
        working_capital=0.0,
        loss_carry_forward_years=None,
        loss_offset_share=1.0,
    )
    status = _git("status", "--porcelain", "--untracked-files=no", "--", "src")
    return {
        "description": (
            "Yearly figures of valorize's after-tax cash-flow template for the case's "
            "first price scenario, USD; the grant removed, no loan, no working capital, "
            "losses carried forward without limit (BioSTEAM's rule). Lines are a year at "
            "full capacity; the first operating year runs at ramp_up of the product, "
            "credits, feed, utilities and waste, with the whole labour, maintenance and "
            "insurance. Written by benchmarks/peer_tea_biosteam.py export."
        ),
        "case": CASE,
        "case_sha256": sha,
        "price_scenario": name,
        "grade_sold": own["grade_sold"],
        "valorize_version": __version__,
        "valorize_commit": _git("rev-parse", "HEAD"),
        "valorize_src_modified": [line.split(maxsplit=1)[1] for line in status.splitlines()],
        "capital_cost_usd": float(t.capital_cost),
        "construction_years": t.build_years,
        "life_years": t.life_years,
        "ramp_up": t.ramp_up,
        "discount_rate": t.discount_rate,
        "target_irr": t.target_irr,
        "tax_rate": t.tax_rate,
        "depreciation": {
            "rule": t.depreciation,
            "years": t.depreciation_years,
            "rate": t.depreciation_rate,
            "fractions_of_capital": fractions.tolist(),
        },
        "labour_usd_per_yr": t.labour,
        "maintenance_fraction": t.maintenance_fraction,
        "insurance_fraction": t.insurance_fraction,
        "product_kg_per_yr": product_kg,
        "product_price_usd_per_kg": float(product_price[0]),
        "by_product_credits_usd_per_yr": float(credits),
        "residue_sold_kg_per_yr": residue_t * 1000,
        "feed_kg_per_yr": feed_kg,
        "feed_price_usd_per_kg": float(feed_price[0]),
        "feed_usd_per_yr": feed_kg * float(feed_price[0]),
        "electricity_kwh_per_yr": energy_kwh,
        "electricity_usd_per_kwh": electricity,
        "utilities_usd_per_yr": energy_kwh * electricity,
        "waste_kg_per_yr": waste_kg,
        "waste_disposal_usd_per_kg": inputs.waste_disposal_per_kg,
        "waste_usd_per_yr": waste_kg * inputs.waste_disposal_per_kg,
        "reagents_usd_per_yr": 0.0,
        "other_usd_per_yr": 0.0,
        "grant_usd": compared.grant,
        "loan_fraction": compared.loan_fraction,
        "working_capital_fraction": compared.working_capital,
        "loss_carry_forward_years": compared.loss_carry_forward_years,
        "loss_offset_share": compared.loss_offset_share,
        "case_own": {
            "note": "the case's own terms and measures, before the grant and loss rule "
            "were changed for the comparison",
            "grant_usd": t.grant,
            "loss_carry_forward_years": t.loss_carry_forward_years,
            "loss_offset_share": t.loss_offset_share,
            "npv_usd": own["npv_usd"],
            "irr_pct": own["irr_pct"],
            "payback_yr": own["payback_yr"],
            "minimum_selling_price_usd_per_kg": own["minimum_selling_price_usd_per_kg"],
        },
    }


# --------------------------------------------------------------------------- peer


def peer(x: dict) -> dict:
    """BioSTEAM's TEA of the exported figures (no valorize import)."""
    import biosteam as bst
    import numpy as np
    from biosteam._tea import NPV_at_IRR
    from scipy.optimize import brentq

    bst.settings.set_thermo(["Water"], cache=True)  # a carrier: only masses matter
    per_hour = 1.0 / HOURS
    bst.stream_prices["Volatile cut disposal"] = -x["waste_disposal_usd_per_kg"]
    bst.PowerUtility.price = x["electricity_usd_per_kwh"]

    class Refinery(bst.Unit):
        """Buys the crude, sells selenium and residue, uses power, disposes of the cut."""

        _N_ins = 1
        _N_outs = 3

        def _init(self):
            self.define_utility("Volatile cut disposal", self.outs[2])

        def _run(self):
            product, residue, waste = self.outs
            product.imass["Water"] = x["product_kg_per_yr"] * per_hour
            residue.imass["Water"] = x["residue_sold_kg_per_yr"] * per_hour
            waste.imass["Water"] = x["waste_kg_per_yr"] * per_hour

        def _cost(self):
            self.power_utility.consumption = x["electricity_kwh_per_yr"] * per_hour

    capital = x["capital_cost_usd"]
    fixed = x["labour_usd_per_yr"] + (x["maintenance_fraction"] + x["insurance_fraction"]) * capital

    class PlantTEA(bst.TEA):
        """The capital as given (no equipment, no Lang factor) and the fixed costs."""

        def _DPI(self, installed_equipment_cost):
            return capital

        def _TDC(self, DPI):
            return DPI

        def _FCI(self, TDC):
            return TDC

        def _FOC(self, FCI):
            return (
                x["labour_usd_per_yr"] + (x["maintenance_fraction"] + x["insurance_fraction"]) * FCI
            )

    feed = bst.Stream(
        "crude_selenium",
        Water=x["feed_kg_per_yr"] * per_hour,
        units="kg/hr",
        price=x["feed_price_usd_per_kg"],
    )
    product = bst.Stream("refined_selenium", price=x["product_price_usd_per_kg"])
    residue = bst.Stream("residue", price=0.0)
    waste = bst.Stream("volatile_cut")
    unit = Refinery("R1", ins=feed, outs=(product, residue, waste))
    system = bst.System("balkhash", path=(unit,))
    system.simulate()
    residue.price = x["by_product_credits_usd_per_yr"] / (residue.F_mass * HOURS)

    B, L = x["construction_years"], x["life_years"]
    ramp = x["ramp_up"]
    tea = PlantTEA(
        system,
        IRR=x["discount_rate"],
        duration=(0, L),
        depreciation=np.array(x["depreciation"]["fractions_of_capital"]),
        income_tax=x["tax_rate"],
        operating_days=HOURS / 24,
        lang_factor=None,
        construction_schedule=[1.0 / B] * B,
        # the whole first operating year is the start-up: sales and variable costs
        # at the ramp-up, fixed costs in full
        startup_months=12,
        startup_FOCfrac=1.0,
        startup_VOCfrac=ramp,
        startup_salesfrac=ramp,
        WC_over_FCI=0.0,
        finance_interest=0.0,
        finance_years=1,
        finance_fraction=0.0,
    )
    checks = {
        "sales_usd_per_yr": tea.sales,
        "VOC_usd_per_yr": tea.VOC,
        "FOC_usd_per_yr": tea.FOC,
        "FCI_usd": tea.FCI,
        "TDC_usd": tea.TDC,
        "material_cost_usd_per_yr": tea.material_cost,
        "utility_cost_usd_per_yr": tea.utility_cost,
        "operating_hours": system.operating_hours,
        "expected_fixed_usd_per_yr": fixed,
    }

    def table() -> dict:
        df = tea.get_cashflow_table()
        out = {"year": [int(i) for i in df.index]}
        for column in df.columns:
            scale = 1.0 if column == "Discount factor" else 1e6
            key = column.replace(" [MM$]", " [USD]")
            out[key] = (df[column].to_numpy() * scale).tolist()
        return out

    def polished_irr(guess: float) -> float:
        cash, duration = tea.cashflow_array, tea._get_duration_array()

        def npv(r: float) -> float:
            return NPV_at_IRR(r, cash, duration)

        lo, hi = 0.5 * guess - 0.5, 2.0 * guess + 1.0
        return brentq(npv, lo, hi, xtol=1e-15, rtol=4 * np.finfo(float).eps, maxiter=500)

    def polished_price(guess: float) -> float:
        def npv(price: float) -> float:
            product.price = price
            return tea.NPV

        step = max(1.0, abs(guess))
        lo, hi = guess - step, guess + step
        while npv(lo) > 0:
            lo -= 10 * step
        while npv(hi) < 0:
            hi += 10 * step
        root = brentq(npv, lo, hi, xtol=1e-13, rtol=4 * np.finfo(float).eps, maxiter=500)
        product.price = x["product_price_usd_per_kg"]
        return root

    def break_even() -> dict:
        tea.IRR = x["target_irr"]
        stock = tea.solve_price(product)
        product.price = stock
        residual_stock = tea.NPV
        tight = polished_price(stock)
        product.price = tight
        residual_tight = tea.NPV
        at_price = table()
        product.price = x["product_price_usd_per_kg"]
        tea.IRR = x["discount_rate"]
        return {
            "solve_price_usd_per_kg": stock,
            "npv_at_solve_price_usd": residual_stock,
            "polished_usd_per_kg": tight,
            "npv_at_polished_usd": residual_tight,
            "cashflow_table_at_polished_price": at_price,
        }

    tea.IRR = x["discount_rate"]
    npv = tea.NPV
    pbp = tea.PBP
    net_earnings = tea.net_earnings
    cash_table = table()
    irr = tea.solve_IRR()
    irr_tight = polished_irr(irr)
    tea.IRR = x["discount_rate"]
    with_credits = break_even()
    credit_price = residue.price
    residue.price = 0.0  # a product with no price is not sold (System.sales)
    without_credits = break_even()
    residue.price = credit_price
    return {
        "description": (
            "BioSTEAM's TEA of tests/validation/data/balkhash_tea_inputs.json, USD. "
            "Written by benchmarks/peer_tea_biosteam.py peer. solve_IRR and solve_price "
            "are BioSTEAM's own (loose tolerances); the polished values are Brent's "
            "method on BioSTEAM's own NPV (TEA.NPV, NPV_at_IRR)."
        ),
        "biosteam_version": bst.__version__,
        "numpy_version": np.__version__,
        "python_version": sys.version.split()[0],
        "inputs_valorize_commit": x["valorize_commit"],
        "case": x["case"],
        "price_scenario": x["price_scenario"],
        "settings": {
            "duration": list(tea.duration),
            "construction_schedule": tea.construction_schedule.tolist(),
            "startup_months": tea.startup_months,
            "startup_FOCfrac": tea.startup_FOCfrac,
            "startup_VOCfrac": tea.startup_VOCfrac,
            "startup_salesfrac": tea.startup_salesfrac,
            "WC_over_FCI": tea.WC_over_FCI,
            "finance_interest": tea.finance_interest,
            "finance_fraction": tea.finance_fraction,
            "lang_factor": tea.lang_factor,
            "operating_days": tea.operating_days,
            "depreciation": np.asarray(tea.depreciation).tolist(),
            "income_tax": tea.income_tax,
            "duration_array": tea._get_duration_array().tolist(),
        },
        "checks": checks,
        "npv_usd": npv,
        "irr_solve_IRR": irr,
        "irr_polished": irr_tight,
        "npv_at_irr_polished_usd": NPV_at_IRR(
            irr_tight, tea.cashflow_array, tea._get_duration_array()
        ),
        "PBP_yr": pbp,
        "net_earnings_usd_per_yr": net_earnings,
        "break_even": with_credits,
        "break_even_without_credits": without_credits,
        "cashflow_table": cash_table,
    }


def _write(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}")


def main(argv: list[str]) -> None:
    mode = argv[1] if len(argv) > 1 else ""
    if mode == "export":
        _write(INPUTS, export())
    elif mode == "peer":
        text = INPUTS.read_text(encoding="utf-8")
        out = peer(json.loads(text))
        out["inputs_sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        _write(PEER, out)
    else:
        raise SystemExit(__doc__.split("\n\n")[1] + "\nusage: peer_tea_biosteam.py export|peer")


if __name__ == "__main__":
    main(sys.argv)
