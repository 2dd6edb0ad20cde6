"""Every key of the result documents, with the routes that write it and what it means.

The result document (:mod:`valorize.model.results`) of each route is described here,
key by key, and nowhere else: ``python -m valorize.model.result_keys > docs/results.md``
writes the documentation page, and a test walks the documents of every built-in case
and refuses a key that is not described here (and a description no document uses), so
the page cannot drift from what valorize writes.

A key is a dotted path. ``[]`` stands for the items of a list; ``<element>`` for a
chemical symbol (a table keyed by elements); ``<path>`` for an anode slime path
(``roast``, ``leach``); ``<name>`` for an entry of a table keyed by names (a price
scenario, an outlet, a reagent). A key ending in ``.*`` describes everything under it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

#: Tables whose keys are names (their entries are described once, as ``<name>``).
NAMED_TABLES = frozenset(
    {
        "summary.energy_breakdown_kWh_per_t_product",
        "summary.target",
        "summary.economics.scenarios[].prices_usd_per_kg",
        "summary.economics.scenarios[].price_sources",
        "summary.economics.scenarios[].pricing_rules",
        "routes.<path>.outlets_t_per_yr",
        "routes.<path>.reagents_t_per_yr",
        "routes.<path>.energy_breakdown_mwh_per_yr",
        "baselines",
        "photocatalysis.scenarios",
        "slag.phases_wt_pct",
    }
)

#: Top-level keys every route's document has (listed first, as one group).
SHARED_HEADS = frozenset(
    {
        "case",
        "title",
        "route",
        "valorize_version",
        "case_sha256",
        "assumptions",
        "warnings",
        "files",
    }
)

R, T, S, H = "refinery", "tellurium", "slime", "hydrogen"
ALL = (R, T, S, H)
DISTIL = (R, T)

#: (key, routes that write it, meaning), in the order the page lists them.
RESULT_KEYS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    # ---------------------------------------------------------------- shared
    ("case", ALL, "the case's name (`[case] name`)"),
    ("title", ALL, "the case's title"),
    ("route", ALL, "`refinery`, `tellurium`, `slime` or `hydrogen`"),
    ("valorize_version", ALL, "the valorize version that computed the document"),
    ("case_sha256", ALL, "SHA-256 of the case file's bytes (of the built-in file for a name)"),
    ("assumptions[].name", ALL, "an assumed, estimated or case-file number the answer rests on"),
    ("assumptions[].value", ALL, "its value, in `unit` (a table or a list for a split or range)"),
    ("assumptions[].value.*", ALL, "a composition's or split's entries, by element or name"),
    ("assumptions[].value[]", ALL, "a range's low and high, or a split's shares"),
    ("assumptions[].unit", ALL, "the value's unit as the data file writes it (`1`: a number)"),
    ("assumptions[].status", ALL, "`measured`, `estimated`, `assumed` or `case file`"),
    ("assumptions[].source", ALL, "full citation of the source"),
    ("assumptions[].note", ALL, "how the value was reached and what is uncertain"),
    ("warnings[]", ALL, "what the reader must know: extrapolations, ideal pairs, capacity"),
    ("files[]", ALL, "`report --json` only: the files written, the report first"),
    # ------------------------------------------------------- summary: distilling
    ("summary.feed_t_per_yr", DISTIL, "crude fed, t/yr"),
    ("summary.product_t_per_yr", (R, T, S), "refined product out (Se or Te), t/yr"),
    ("summary.product_Se_wt_pct", (R, S), "selenium in the product, wt %"),
    ("summary.product_Te_wt_pct", (T,), "tellurium in the product, wt %"),
    ("summary.Se_recovery_pct", (R,), "direct recovery: Se in the product over Se fed, %"),
    ("summary.Te_recovery_pct", (T,), "direct recovery: Te in the product over Te fed, %"),
    ("summary.Se_ppm", (T,), "selenium left in the tellurium product, ppm by mass"),
    ("summary.impurities_ppm.<element>", DISTIL, "each impurity in the product, ppm by mass"),
    (
        "summary.grade",
        (R, T, S),
        "highest grade of data/grades.toml met: its minimum content and the impurity limits "
        "it has on record (none yet: by content only); `none` if none",
    ),
    ("summary.residue_t_per_yr", DISTIL, "residue left in the crucible, t/yr"),
    ("summary.residue_wt_pct.<element>", (R,), "the residue's composition, wt %"),
    ("summary.residue_sold_t_per_yr", (R,), "residue sold to the smelter, t/yr"),
    ("summary.residue_sold_wt_pct.<element>", (R,), "the sold residue's composition, wt %"),
    ("summary.stockpile_t_per_yr", (R,), "residue sent to a stockpile, t/yr"),
    ("summary.volatile_cut_t_per_yr", DISTIL, "head cut and cold-trap condensate, t/yr"),
    ("summary.volatile_cut_wt_pct.<element>", (R,), "the volatile cut's composition, wt %"),
    (
        "summary.side_condensates[].*",
        (R,),
        "per condensation zone other than the product's: `name`, `stream`, `temperature_C`, "
        "`destination` (a sink, or `recycle`), `t_per_yr`, `wt_pct` by element",
    ),
    ("summary.waste_t_per_yr", (R,), "disposed of (costed at `waste_disposal`), t/yr"),
    (
        "summary.energy_kWh_per_t_product",
        DISTIL,
        "the plant's electricity per t of product, kWh/t",
    ),
    (
        "summary.sulfur_t_per_yr",
        (R,),
        "sulfur dosed for a sulfidation (`operation.sulfidation`), t/yr; 0 without one",
    ),
    (
        "summary.sulfidation.*",
        (R,),
        "the sulfidation's `sulfur_dose_wt_pct`, hold `temperature_C` and `time_h`, its `hgs` "
        "limit (`retained` or `equilibrium`) and `hg_as_hgs_pct`, the share of the mercury "
        "it turned to HgS; null without one",
    ),
    (
        "summary.energy_breakdown_kWh_per_t_product.<name>",
        (R,),
        "its parts: heating and melting, vaporization, radiation to the condenser and the "
        "furnace shell (or `furnace_losses` where the case gives `heat_loss`), fixtures reheated "
        "every batch, vacuum pumps, cooling water, and a flowsheet's melter and caster",
    ),
    (
        "summary.mass_balance_rel_error",
        (R, T, S),
        "largest relative error of any element's balance",
    ),
    ("summary.batches_per_yr", DISTIL, "batches a year"),
    ("summary.batch_duration_h", DISTIL, "hours per batch, pump-down included"),
    ("summary.furnace_hours_per_yr", DISTIL, "furnace hours all the crude needs a year"),
    ("summary.furnaces", DISTIL, "furnaces the case has"),
    ("summary.furnaces_needed", DISTIL, "furnaces all the crude needs"),
    ("summary.furnace_capacity_h_per_yr", DISTIL, "hours a year each furnace can run"),
    (
        "summary.processed_share",
        DISTIL,
        "share of the crude the furnaces process (below 1 the yearly flows are that share, "
        "and a warning says so)",
    ),
    ("summary.crude_processed_t_per_yr", DISTIL, "crude processed, t/yr"),
    ("summary.crude_unprocessed_t_per_yr", DISTIL, "crude the furnaces cannot process, t/yr"),
    ("summary.mean_free_path_mm", (R,), "mean free path of the vapour molecules, mm"),
    ("summary.knudsen_number", (R,), "mean free path over the melt-condenser gap"),
    ("summary.flow_regime", (R,), "`molecular`, `transition` or `continuum`"),
    (
        "summary.gas_resistance_share",
        (R,),
        "share of the evaporation rate the residual gas holds back",
    ),
    ("summary.activity_model", (R,), "the activity model of the melt"),
    ("summary.passes", (R,), "distillation passes per batch"),
    ("summary.residue_recycle", (R,), "share of the residue returned to the next charge"),
    (
        "summary.streams[].*",
        (R,),
        "every stream of the flowsheet: `name`, `source`, `sink`, `t_per_yr`, `wt_pct`",
    ),
    (
        "summary.units[].*",
        (R,),
        "every unit: `name`, `kind`, its design (size, duty) and its capital cost",
    ),
    ("summary.recycle_t_per_yr", (R,), "residue and condensates returned to the furnace, t/yr"),
    ("summary.recycle_iterations", (R,), "Wegstein passes the recycle loop took"),
    ("summary.recycle_loops[]", (R,), "the streams torn to solve each recycle loop"),
    (
        "summary.target.<name>.target",
        (R,),
        "a target's bound: `product_t_per_yr` and `product_Se_wt_pct` (at least), "
        "`<element>_ppm_max` and `furnace_hours_per_yr` (at most)",
    ),
    ("summary.target.<name>.met", (R,), "whether the run meets it"),
    # ---------------------------------------------------------- summary: money
    ("summary.capex_usd", (R, S, H), "capital, USD (the first price scenario's)"),
    ("summary.opex_usd_per_yr", (R,), "operating cost, USD a year"),
    ("summary.revenue_usd_per_yr", (R,), "revenue, USD a year"),
    ("summary.npv_usd", (R, S, H), "net present value without the grant, USD"),
    ("summary.npv_with_grant_usd", (H,), "net present value with the grant, USD"),
    ("summary.irr_pct", (R, S, H), "internal rate of return, % (null: no unique root)"),
    ("summary.payback_yr", (R,), "payback from the first spending, yr (null: never)"),
    (
        "summary.unit_cost_usd_per_kg",
        (R,),
        "levelized cost with the feed, net of residue credits, USD per kg of product",
    ),
    ("summary.refining_cost_usd_per_kg", (R,), "levelized cost without feed or credits, USD/kg"),
    (
        "summary.minimum_selling_price_usd_per_kg",
        (R,),
        "selenium price giving the target IRR (negative: the credits alone earn it), USD/kg",
    ),
    ("summary.price_scenario", (R,), "the price scenario of the summary's money"),
    ("summary.economics.scenarios[].price_scenario", (R,), "the scenario's name"),
    ("summary.economics.scenarios[].prices_usd_per_kg.<name>", (R,), "its prices, USD/kg"),
    ("summary.economics.scenarios[].price_sources.<name>", (R,), "each price's source"),
    (
        "summary.economics.scenarios[].pricing_rules.<name>",
        (R,),
        "how off-grade product and crude are priced (`off_grade`, `crude_pricing`)",
    ),
    (
        "summary.economics.scenarios[].grade_sold",
        (R,),
        "the grade the product is sold at (or `off-grade`)",
    ),
    (
        "summary.economics.scenarios[].product_price_usd_per_kg",
        (R,),
        "what that grade sells at, USD/kg",
    ),
    (
        "summary.economics.scenarios[].crude_price_usd_per_kg_crude",
        (R,),
        "what the crude costs per kg of crude, USD",
    ),
    ("summary.economics.scenarios[].capex_usd", (R,), "capital, USD"),
    ("summary.economics.scenarios[].capex_basis", (R,), "how the capital was reached"),
    (
        "summary.economics.scenarios[].equipment[].*",
        (R,),
        "the capital item by item: name, size, cost and its source",
    ),
    ("summary.economics.scenarios[].grant_usd", (R,), "grant, USD (pays the first spending)"),
    ("summary.economics.scenarios[].opex_usd_per_yr", (R,), "operating cost, USD a year"),
    ("summary.economics.scenarios[].revenue_usd_per_yr", (R,), "revenue, USD a year"),
    ("summary.economics.scenarios[].unit_cost_usd_per_kg", (R,), "as the summary's, USD/kg"),
    ("summary.economics.scenarios[].refining_cost_usd_per_kg", (R,), "as the summary's, USD/kg"),
    ("summary.economics.scenarios[].npv_usd", (R,), "NPV without the grant, USD"),
    ("summary.economics.scenarios[].npv_with_grant_usd", (R,), "NPV with the grant, USD"),
    ("summary.economics.scenarios[].irr_pct", (R,), "IRR, % (null: see `irr_status`)"),
    (
        "summary.economics.scenarios[].irr_status",
        (R,),
        "`unique`, or why there is no IRR: all flows zero, no sign change, no root, ambiguous",
    ),
    ("summary.economics.scenarios[].irr_roots_pct[]", (R,), "every root found, %"),
    ("summary.economics.scenarios[].mirr_pct", (R,), "modified IRR, %"),
    ("summary.economics.scenarios[].payback_yr", (R,), "payback, yr (null: never)"),
    ("summary.economics.scenarios[].discounted_payback_yr", (R,), "discounted payback, yr"),
    (
        "summary.economics.scenarios[].minimum_selling_price_usd_per_kg",
        (R,),
        "Se price for the target IRR with residue credits, USD/kg",
    ),
    (
        "summary.economics.scenarios[].minimum_selling_price_without_credits_usd_per_kg",
        (R,),
        "the same without residue credits, USD/kg",
    ),
    ("summary.economics.scenarios[].residue_credits_usd_per_yr", (R,), "residue credits, USD/yr"),
    ("summary.economics.scenarios[].loan_usd", (R,), "loan drawn, USD"),
    ("summary.economics.scenarios[].equity_npv_usd", (R,), "NPV of the owner's cash flow, USD"),
    ("summary.economics.scenarios[].equity_irr_pct", (R,), "IRR of the owner's cash flow, %"),
    ("summary.economics.scenarios[].minimum_dscr", (R,), "lowest debt-service coverage ratio"),
    ("summary.economics.scenarios[].discount_rate", (R,), "discount rate (real), fraction"),
    ("summary.economics.scenarios[].target_irr", (R,), "the IRR the selling price aims at"),
    ("summary.economics.scenarios[].operating_years[]", (R,), "the years the plant runs"),
    (
        "summary.economics.scenarios[].cash_flow[].*",
        (R,),
        "the yearly table: year, revenue, operating cost, tax, capital, project cash flow, "
        "cash flow with the grant, loan interest and principal, equity cash flow (USD)",
    ),
    ("summary.co2_kg_per_kg_product", (R,), "scope-2 CO2 per kg of product"),
    ("summary.co2_t_per_yr", (R, S), "scope-2 CO2, t/yr"),
    ("summary.co2_basis", (R,), "the grid factor and what it covers"),
    ("summary.co2_avoided_t_per_yr", (S, H), "CO2 avoided against the baseline, t/yr"),
    (
        "summary.co2_avoided.this_route_t_per_yr.*",
        (R,),
        "this route's CO2 by part (refining, transport, total), t/yr",
    ),
    ("summary.co2_avoided.baseline_t_per_yr.*", (R,), "the baseline's, by the same parts, t/yr"),
    (
        "summary.co2_avoided.avoided_t_per_yr",
        (R,),
        "baseline less this route, t/yr (negative: the route emits more)",
    ),
    ("summary.co2_avoided.avoided_kg_per_kg_product", (R,), "the same per kg of product"),
    ("summary.co2_avoided.basis", (R,), "the grids compared"),
    ("summary.co2_avoided.description", (R,), "the baseline in words, with what is assumed"),
    (
        "summary.co2_avoided.legs[].*",
        (R,),
        "each transport leg: `mode`, `km`, `distance_from` (its record), `t_co2`",
    ),
    # -------------------------------------------------- summary: slime, hydrogen
    ("summary.path", (S,), "the slime path the summary is of (`roast` or `leach`)"),
    ("summary.te_t_per_yr", (S,), "tellurium out, t/yr"),
    ("summary.au_t_per_yr", (S,), "gold out, t/yr"),
    ("summary.ag_t_per_yr", (S,), "silver out, t/yr"),
    ("summary.energy_MWh_per_yr", (S,), "electricity, MWh a year"),
    ("summary.se_cost_usd_per_kg", (S,), "levelized selenium cost, USD/kg"),
    ("summary.lcoh_usd_per_kg", (H,), "levelized cost of hydrogen, USD/kg"),
    ("summary.h2_mean_kg_per_yr", (H,), "hydrogen made in a mean year, kg"),
    (
        "summary.probability_npv_negative",
        (H,),
        "`hydrogen` only: P(NPV < 0) over the case's uncertain inputs",
    ),
    # ------------------------------------------------------------ refinery details
    ("variants[].name", (R,), "another crude run through the same plant"),
    ("variants[].source", (R,), "where its composition comes from"),
    ("variants[].summary.*", (R,), "its summary, of the same form as `summary`"),
    # -------------------------------------------------------------- slime details
    ("copper_t_per_yr", (S,), "copper the plant makes, t/yr (the slime scales with it)"),
    ("routes.<path>.route", (S,), "the path"),
    ("routes.<path>.slimes[]", (S,), "the slimes run: the case's first, then its variants"),
    ("routes.<path>.slime_kg_per_t_copper", (S,), "slime per t of copper, kg"),
    ("routes.<path>.slime_t_per_yr[]", (S,), "slime, t/yr, per slime"),
    ("routes.<path>.se_in_slime_t_per_yr[]", (S,), "Se in the slime, t/yr"),
    ("routes.<path>.te_in_slime_t_per_yr[]", (S,), "Te in the slime, t/yr"),
    ("routes.<path>.crude_se_t_per_yr[]", (S,), "crude selenium, t/yr"),
    ("routes.<path>.crude_se_wt_pct[]", (S,), "Se in the crude, wt %"),
    ("routes.<path>.refined_se_t_per_yr[]", (S,), "refined selenium, t/yr"),
    ("routes.<path>.refined_se_wt_pct[]", (S,), "Se in the refined product, wt %"),
    ("routes.<path>.grade[]", (S,), "grade the refined selenium meets"),
    ("routes.<path>.target_995_met[]", (S,), "whether it reaches 99.5 wt % Se"),
    ("routes.<path>.se_recovery_slime_to_product_pct[]", (S,), "Se recovery slime to product, %"),
    ("routes.<path>.te_t_per_yr[]", (S,), "tellurium, t/yr"),
    ("routes.<path>.au_t_per_yr[]", (S,), "gold, t/yr"),
    ("routes.<path>.ag_t_per_yr[]", (S,), "silver, t/yr"),
    ("routes.<path>.outlets_t_per_yr.<name>[]", (S,), "each outlet of the path, t/yr"),
    ("routes.<path>.reagents_t_per_yr.<name>[]", (S,), "each reagent, t/yr"),
    ("routes.<path>.energy_mwh_per_yr[]", (S,), "electricity, MWh/yr"),
    ("routes.<path>.energy_breakdown_mwh_per_yr.<name>[]", (S,), "by step, MWh/yr"),
    ("routes.<path>.refining_furnace_hours_per_yr[]", (S,), "the vacuum furnace's hours a year"),
    ("routes.<path>.mass_balance_rel_error[]", (S,), "largest relative balance error"),
    ("routes.<path>.economics.price_scenario", (S,), "the price scenario"),
    ("routes.<path>.economics.capex_usd", (S,), "capital, USD"),
    ("routes.<path>.economics.capex_source", (S,), "its source"),
    ("routes.<path>.economics.grant_usd", (S,), "grant, USD"),
    ("routes.<path>.economics.target_irr", (S,), "the IRR the selling price aims at"),
    ("routes.<path>.economics.co2_basis", (S,), "the grid factor used"),
    ("routes.<path>.economics.se_grade_sold[]", (S,), "grade the selenium is sold at"),
    ("routes.<path>.economics.se_price_usd_per_kg[]", (S,), "its price after the payable share"),
    (
        "routes.<path>.economics.revenue_by_product_usd_per_yr.<element>[]",
        (S,),
        "revenue by product, USD/yr",
    ),
    ("routes.<path>.economics.revenue_usd_per_yr[]", (S,), "revenue, USD/yr"),
    ("routes.<path>.economics.reagent_cost_usd_per_yr[]", (S,), "reagents, USD/yr"),
    ("routes.<path>.economics.energy_cost_usd_per_yr[]", (S,), "electricity, USD/yr"),
    ("routes.<path>.economics.opex_usd_per_yr[]", (S,), "operating cost, USD/yr"),
    ("routes.<path>.economics.npv_usd[]", (S,), "NPV without the grant, USD"),
    ("routes.<path>.economics.npv_with_grant_usd[]", (S,), "NPV with the grant, USD"),
    ("routes.<path>.economics.irr_pct[]", (S,), "IRR, %"),
    ("routes.<path>.economics.irr_status[]", (S,), "as the refinery's `irr_status`"),
    ("routes.<path>.economics.irr_roots_pct[][]", (S,), "every root found, %"),
    ("routes.<path>.economics.mirr_pct[]", (S,), "modified IRR, %"),
    ("routes.<path>.economics.payback_yr[]", (S,), "payback, yr (null: never)"),
    ("routes.<path>.economics.discounted_payback_yr[]", (S,), "discounted payback, yr"),
    ("routes.<path>.economics.equity_npv_usd[]", (S,), "NPV of the owner's cash flow, USD"),
    ("routes.<path>.economics.equity_irr_pct[]", (S,), "IRR of the owner's cash flow, %"),
    ("routes.<path>.economics.se_cost_usd_per_kg[]", (S,), "levelized Se cost, USD/kg"),
    (
        "routes.<path>.economics.se_cost_net_of_credits_usd_per_kg[]",
        (S,),
        "the same net of Te, Au and Ag credits, USD/kg",
    ),
    (
        "routes.<path>.economics.se_minimum_selling_price_usd_per_kg[]",
        (S,),
        "Se price for the target IRR, USD/kg",
    ),
    ("routes.<path>.economics.co2_t_per_yr[]", (S,), "scope-2 CO2, t/yr"),
    ("routes.<path>.economics.co2_kg_per_kg_se[]", (S,), "scope-2 CO2 per kg of Se"),
    (
        "routes.<path>.co2_avoided[].*",
        (S,),
        "per slime, of the same form as the refinery's `summary.co2_avoided`",
    ),
    ("routes.<path>.check.source", (S,), "where the reported outputs come from"),
    (
        "routes.<path>.check.selenium.*",
        (S,),
        "modelled against reported selenium output: `modelled_t_per_yr`, "
        "`reported_t_per_yr`, `ratio`, `tolerance_factor`, `agrees`, `slime_wt_pct`, "
        "`modelled_recovery_pct`, and what the report implies (`implied`)",
    ),
    ("routes.<path>.check.tellurium.*", (S,), "the same for tellurium"),
    ("routes.<path>.warnings[]", (S,), "the path's warnings (also in `warnings`)"),
    # ----------------------------------------------------------- hydrogen details
    ("slag.phases_wt_pct.<name>", (H,), "the slag's phases, wt %"),
    ("slag.photocatalyst_kg_per_kg_slag", (H,), "photocatalyst made per kg of slag"),
    ("slag.magnetic_product_kg_per_kg_slag", (H,), "magnetic by-product per kg of slag"),
    ("slag.fayalite_in_photocatalyst_wt_pct", (H,), "fayalite in the photocatalyst, wt %"),
    ("slag.grinding_kwh_per_t_slag", (H,), "grinding energy, kWh per t of slag"),
    ("slag.calcination_gas_m3_per_t_slag", (H,), "calcination gas, m3 per t of slag"),
    ("slag.photocatalyst_cost_usd_per_kg", (H,), "photocatalyst cost, USD/kg"),
    ("slag.photocatalyst_co2_kg_per_kg", (H,), "its CO2, kg per kg"),
    ("slag.slag_needed_t_per_yr", (H,), "slag the panels need, t/yr"),
    ("solar.ghi_clear_kwh_per_m2_yr", (H,), "global horizontal irradiation, clear sky"),
    ("solar.poa_clear_kwh_per_m2_yr", (H,), "on the tilted panels, clear sky"),
    ("solar.ghi_typical_kwh_per_m2_yr", (H,), "global horizontal irradiation, typical year"),
    ("solar.poa_typical_kwh_per_m2_yr", (H,), "on the tilted panels, typical year"),
    ("solar.tilt_deg", (H,), "panel tilt, degrees"),
    ("solar.pv_capacity_factor", (H,), "capacity factor of PV at the site"),
    ("panels.area_m2", (H,), "panel area, m2"),
    ("panels.land_m2", (H,), "land the panels need, m2"),
    ("panels.catalyst_cost_usd_per_m2", (H,), "catalyst sheet cost, USD per m2"),
    ("panels.catalyst_life_yr", (H,), "catalyst sheet life, yr"),
    ("panels.compression_kwh_per_kg", (H,), "compression energy, kWh per kg of H2"),
    (
        "photocatalysis.case.*",
        (H,),
        "the case's panels: `sth_pct`, `h2_kg_per_m2_yr`, `h2_first_year_kg`, "
        "`h2_mean_kg_per_yr`, `lcoh_usd_per_kg`, `lcoh_with_co2_price_usd_per_kg`, "
        "`co2_kg_per_kg`",
    ),
    ("photocatalysis.scenarios.<name>.*", (H,), "the same at each STH scenario"),
    (
        "baselines.<name>.*",
        (H,),
        "reforming and electrolysis: `lcoh_usd_per_kg`, `lcoh_with_co2_price_usd_per_kg`, "
        "`co2_kg_per_kg`, `co2_lifecycle_kg_per_kg`",
    ),
    ("breakeven.reference", (H,), "the route photocatalysis is compared with"),
    ("breakeven.co2_price_usd_per_t", (H,), "the CO2 price of the comparison, USD/t"),
    ("breakeven.sth_pct_without_co2_price", (H,), "STH to break even without it, %"),
    ("breakeven.sth_pct_with_co2_price", (H,), "STH to break even with it, %"),
    ("breakeven.at_catalyst_cost_usd_per_m2", (H,), "at this catalyst cost, USD/m2"),
    ("economics.discount_rate", (H,), "discount rate (real), fraction"),
    ("economics.lifetime_yr", (H,), "project life, yr"),
    (
        "project.*",
        (H,),
        "the panels as a project selling hydrogen at `hydrogen_price_usd_per_kg`: `basis`, "
        "`capex_usd`, `grant_usd`, `npv_usd`, `npv_with_grant_usd`, `irr_pct`, `irr_status`, "
        "`irr_roots_pct`, `mirr_pct`, `payback_yr`, `discounted_payback_yr`, "
        "`minimum_selling_price_usd_per_kg`, `target_irr`, `equity_npv_usd`, "
        "`co2_avoided_t_per_yr`, `co2_avoided` (as the refinery's), yearly `cash_flow_usd`, "
        "`cash_flow_with_grant_usd`, `hydrogen_kg`; with `valorize hydrogen` also "
        "`probability_npv_negative`, `npv_p5_p50_p95_usd` and `risk_basis`",
    ),
)


def _element_symbols() -> frozenset[str]:
    from valorize.data.loader import elements

    return frozenset(elements())


def key_paths(document: Any) -> set[str]:
    """The document's keys as the registry writes them (``[]``, ``<element>``, ...)."""
    symbols = _element_symbols()
    out: set[str] = set()

    def walk(x: Any, path: str) -> None:
        if isinstance(x, dict):
            if path == "routes":
                for v in x.values():
                    walk(v, "routes.<path>")
                return
            if x and all(k in symbols for k in x) and path not in NAMED_TABLES:
                for v in x.values():
                    walk(v, f"{path}.<element>")
                return
            if path in NAMED_TABLES:
                for v in x.values():
                    walk(v, f"{path}.<name>")
                return
            for k, v in x.items():
                walk(v, f"{path}.{k}" if path else k)
        elif isinstance(x, list):
            if not x:
                out.add(path + "[]")
            for v in x:
                walk(v, path + "[]")
        else:
            out.add(path)

    walk(document, "")
    return out


def describes(key: str, path: str) -> bool:
    """Whether the registry's ``key`` describes the document's ``path``."""
    if key.endswith(".*"):
        stem = key[:-2]
        return path == stem or path.startswith((stem + ".", stem + "[]"))
    return path == key


def undescribed(paths: set[str]) -> list[str]:
    """The paths no key of :data:`RESULT_KEYS` describes, sorted."""
    return sorted(p for p in paths if not any(describes(k, p) for k, _, _ in RESULT_KEYS))


def _rows() -> Iterator[str]:
    groups: dict[str, list[tuple[str, tuple[str, ...], str]]] = {}
    for key, routes, meaning in RESULT_KEYS:
        head = key.split(".")[0].split("[")[0]
        group = "the shared keys" if head in SHARED_HEADS else f"`{head}`"
        groups.setdefault(group, []).append((key, routes, meaning))
    for group, rows in groups.items():
        yield f"\n## {group}\n\n| key | routes | meaning |\n|---|---|---|\n"
        for key, routes, meaning in rows:
            who = "all" if routes == ALL else ", ".join(routes)
            yield f"| `{key}` | {who} | {meaning} |\n"


def page() -> str:
    """The Markdown page docs/results.md."""
    head = (
        "# Result documents\n\n"
        "<!-- written by `python -m valorize.model.result_keys > docs/results.md`; "
        "edit src/valorize/model/result_keys.py, not this page -->\n\n"
        "`valorize run CASE --json` (and `results.json`, `slime.json`, `hydrogen.json`, "
        "`report --json`) write one document shape for every route: the shared keys, "
        "`summary` (the answer), then the route's details. A key is a dotted path: `[]` "
        "stands for the items of a list, `<element>` for a chemical symbol, `<path>` for "
        "an anode slime path (`roast`, `leach`), `<name>` for an entry of a table keyed "
        "by names; a key ending in `.*` is described with everything under it. Money is "
        "in USD, masses in t/yr unless the key says otherwise; a number that is undefined "
        "(a payback never reached, an IRR without a root) is `null`. A test walks the "
        "documents of every built-in case against this list, so a key cannot appear "
        "without being described here.\n"
    )
    return head + "".join(_rows())


if __name__ == "__main__":  # pragma: no cover
    sys.stdout.write(page())
