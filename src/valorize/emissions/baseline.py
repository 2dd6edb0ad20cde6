r"""CO2 avoided against a stated baseline: one definition for every route.

Every route reports its CO2 avoided as :func:`co2_comparison` does: this route's
emissions and the baseline's, by source, for the same product delivered, and the
difference. The refinery and the slime plant compare refining at the smelter with
exporting the crude (or the slime), :func:`avoided_emissions`; the slag-to-hydrogen
field compares its hydrogen with reforming's (:mod:`valorize.hydrogen.run`).
Scope 2 (electricity times the grid's factor of ``data/economics.toml``) is the
electricity part of every route's own emissions.

Refining here or abroad
-----------------------

Both routes deliver the same refined selenium to the same market, taken to be
where the exported crude would be refined. Here the crude is refined with the
site's grid electricity and the product travels to that market; in the
baseline the crude travels there and is refined by the same process (the same
kWh per tonne of product) on the market's grid:

.. math::

    E_{here} &= e\,m_{prod}\,f_{site} + m_{prod} \sum_k d_k\,g_k \\
    E_{base} &= e\,m_{prod}\,f_{base} + m_{feed} \sum_k d_k\,g_k, \qquad
    \Delta E = E_{base} - E_{here}

with e the electricity per tonne of product (kWh/t), f the grid factors (kg
CO2/kWh), and the transport legs' distances :math:`d_k` (km) and freight
factors :math:`g_k` (kg CO2e per tonne-km, ``data/economics.toml``). Scope 2 of
the refining and the freight's direct emissions only: the residue's fate and
the plants' construction are outside the boundary.
"""

from __future__ import annotations

from typing import Any

from valorize.data.loader import emission_factor, freight_factor, route_distance
from valorize.errors import InputError


def leg_emissions(mass_t: float, legs: list[Any]) -> tuple[float, list[dict[str, Any]]]:
    """t CO2 a year to carry ``mass_t`` t/yr over the legs, and the legs as JSON."""
    total, rows = 0.0, []
    for leg in legs:
        factor = freight_factor(leg.mode)
        if leg.route is not None:
            km = route_distance(leg.route)
            distance, where = km.value, f"{leg.route} ({km.status}, {km.reference})"
        else:
            distance, where = leg.distance / 1000.0, "given in the case"
        t_co2 = mass_t * distance * factor.value / 1000.0
        total += t_co2
        rows.append({"mode": leg.mode, "km": distance, "distance_from": where, "t_co2": t_co2})
    return total, rows


def co2_comparison(
    here: dict[str, float],
    there: dict[str, float],
    product_t: float,
    description: str,
    basis: str,
) -> dict[str, Any]:
    r"""CO2 avoided, :math:`\Delta E = E_{base} - E_{here}`, in the shape every route reports.

    Parameters
    ----------
    here, there
        This route's and the stated baseline's emissions by source, t CO2 a year, for the
        same product delivered.
    product_t
        Product delivered, t/yr (for the avoided kg per kg).
    description, basis
        The baseline in words, and what each side counts.

    Returns
    -------
    dict
        ``this_route_t_per_yr`` and ``baseline_t_per_yr`` (each by source and in total),
        ``avoided_t_per_yr``, ``avoided_kg_per_kg_product``, ``description`` and ``basis``.
    """
    here = {**here, "total": sum(here.values())}
    there = {**there, "total": sum(there.values())}
    avoided = there["total"] - here["total"]
    return {
        "description": description,
        "this_route_t_per_yr": here,
        "baseline_t_per_yr": there,
        "avoided_t_per_yr": avoided,
        "avoided_kg_per_kg_product": avoided / product_t if product_t > 0 else None,
        "basis": basis,
    }


def avoided_emissions(
    summary: dict[str, Any], baseline: Any, site_grid: str, feed: str = "the crude"
) -> dict[str, Any]:
    """Compare the case with its ``[co2_baseline]``; yearly t CO2, JSON-ready.

    ``feed`` names what the baseline ships (the crude selenium; an anode slime).
    """
    if not baseline.legs:
        raise InputError("co2_baseline.legs: give at least one transport leg")
    product_t, feed_t = summary["product_t_per_yr"], summary["feed_t_per_yr"]
    kwh = summary["energy_kWh_per_t_product"] * product_t
    site, base = emission_factor(site_grid), emission_factor(baseline.refining_grid)
    here_transport, here_legs = leg_emissions(product_t, baseline.legs)
    base_transport, _ = leg_emissions(feed_t, baseline.legs)
    here = {"refining": kwh * site.value / 1000.0, "transport": here_transport}
    there = {"refining": kwh * base.value / 1000.0, "transport": base_transport}
    out = co2_comparison(
        here,
        there,
        product_t,
        baseline.description,
        f"refining on {site_grid} ({site.value} kg/kWh) and shipping the product, against "
        f"refining on {baseline.refining_grid} ({base.value} kg/kWh) after shipping {feed}",
    )
    out["legs"] = here_legs
    return out
