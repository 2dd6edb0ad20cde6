"""A portfolio of projects ranked the way a funding commission weighs them.

Each project is a case of any route (refinery, anode slime, slag to hydrogen)
with its technology readiness level and grant stated in the portfolio file.
Every project reports the same measures, from its own model:

- NPV, IRR and payback of the project on its own merit (without the grant);
- NPV per unit of grant money, :math:`NPV / G`;
- CO2 avoided a year against the baseline the case states (none stated: none);
- the probability of a negative NPV over the case's declared uncertain inputs,
  through the project's model with the same sample count and seed for every
  project (:func:`valorize.analysis.risk.npv_risk`; none declared: not estimated);
- TRL, a stated input.

Money is in USD of the cases' own price scenarios; the measures are only as
comparable as the cases' assumptions, which each case file states.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError

from valorize.case_files import StrictModel, parse_toml, read_input_text
from valorize.errors import InputError

#: Measures a portfolio can be ranked by, and whether larger is better.
RANKINGS = {
    "npv": ("npv_usd", True),
    "irr": ("irr_pct", True),
    "payback": ("payback_yr", False),
    "npv_per_grant": ("npv_per_grant", True),
    "co2_avoided": ("co2_avoided_t_per_yr", True),
    "risk": ("probability_npv_negative", False),
    "trl": ("trl", True),
}

#: What ``--rank-by`` ranks by, in words.
RANK_WORDS = {
    "npv": "net present value",
    "irr": "internal rate of return",
    "payback": "payback",
    "npv_per_grant": "NPV per unit of grant",
    "co2_avoided": "CO2 avoided",
    "risk": "probability of a negative NPV",
    "trl": "technology readiness",
}


class PortfolioInfo(StrictModel):
    """What the portfolio is."""

    name: str
    title: str
    description: str = ""
    price_scenario: str | None = Field(
        None, description="one price scenario of data/economics.toml for every project"
    )


class Project(StrictModel):
    """One project: a case, its readiness and its grant."""

    case: str = Field(description="built-in case name or case file path")
    route: Literal["roast", "leach"] | None = Field(
        None, description="anode slime cases: which route"
    )
    credited_products: list[Literal["Se", "Te", "Au", "Ag"]] | None = Field(
        None, description="anode slime cases: the products the project is credited with"
    )
    credit_note: str = ""
    trl: Annotated[int, Field(ge=1, le=9)] = Field(description="technology readiness, 1-9")
    trl_source: str = Field(description="why this TRL")
    grant: str = Field("0 USD", description="grant money, e.g. '280e6 KZT'")
    grant_source: str = ""


class Portfolio(StrictModel):
    """A portfolio file."""

    portfolio: PortfolioInfo
    project: list[Project] = Field(min_length=1)


@dataclass(frozen=True)
class ProjectMeasures:
    """The measures of one project, JSON-ready."""

    values: dict[str, Any]


def builtin_portfolios() -> list[str]:
    """Names of the built-in portfolios."""
    folder = resources.files("valorize.portfolios")
    return sorted(
        e.name.removesuffix(".toml") for e in folder.iterdir() if e.name.endswith(".toml")
    )


def load_portfolio(name_or_path: str) -> Portfolio:
    """Read a built-in portfolio by name or a portfolio file by path."""
    if name_or_path in builtin_portfolios():
        text = resources.files("valorize.portfolios").joinpath(f"{name_or_path}.toml").read_text()
        where = f"built-in portfolio {name_or_path}"
    else:
        path = Path(name_or_path)
        if not path.exists():
            raise InputError(
                f"no portfolio file {name_or_path!r}; built-in portfolios: "
                + ", ".join(builtin_portfolios())
            )
        text, where = read_input_text(path, "portfolio file"), str(path)
    data = parse_toml(text, where)
    try:
        return Portfolio.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise InputError(f"{where}: {loc}: {first['msg']}") from None


def _refinery(
    project: Project, samples: int, seed: int, price_scenario: str | None
) -> dict[str, Any]:
    from valorize.analysis.risk import npv_risk
    from valorize.refinery.case import load_case
    from valorize.refinery.model import RefineryModel
    from valorize.refinery.run import run

    case, _, sha = load_case(project.case)
    if case.economics is None:
        raise InputError(f"project {project.case}: the case has no [economics]")
    if price_scenario is not None:  # priced, and sampled, under the portfolio's prices
        economics = case.economics.model_copy(update={"price_scenarios": [price_scenario]})
        case = case.model_copy(update={"economics": economics})
    s = run(case, sha).summary
    avoided = s.get("co2_avoided", {}).get("avoided_t_per_yr")
    return {
        "title": case.case.title,
        "route": "vacuum refining of crude selenium",
        "price_scenario": s["price_scenario"],
        "capex_usd": s["capex_usd"],
        "npv_usd": s["npv_usd"],
        "irr_pct": s["irr_pct"],
        "payback_yr": s["payback_yr"],
        "co2_avoided_t_per_yr": avoided,
        "co2_basis": s.get("co2_avoided", {}).get("basis", "no baseline stated in the case"),
        **npv_risk(RefineryModel(case, sha), samples, seed),
    }


def _slime(project: Project, samples: int, seed: int, price_scenario: str | None) -> dict[str, Any]:
    from valorize.analysis.risk import npv_risk
    from valorize.slime.case import load_slime_case
    from valorize.slime.model import SlimeModel
    from valorize.slime.run import evaluate

    case, _, sha = load_slime_case(project.case)
    route = project.route or "roast"
    basis = "all products credited"
    if price_scenario is not None and project.credited_products is None:
        economics = case.economics.model_copy(update={"price_scenario": price_scenario})
        case = case.model_copy(update={"economics": economics})
    if project.credited_products is not None:
        payable = {
            p: (1.0 if p in project.credited_products else 0.0) for p in ("Se", "Te", "Au", "Ag")
        }
        payable = {p: case.economics.payable.get(p, 1.0) * share for p, share in payable.items()}
        economics = case.economics.model_copy(update={"payable": payable})
        case = case.model_copy(update={"economics": economics})
        basis = "credited with " + ", ".join(project.credited_products)
    result = evaluate(case, (route,))["routes"][route]
    e = result["economics"]
    first = 0  # the case's own slime; the others are variants
    avoided = result.get("co2_avoided", [None])[first]
    return {
        "title": case.case.title,
        "route": f"anode slime, {route}; {basis}",
        "price_scenario": e["price_scenario"],
        "capex_usd": e["capex_usd"],
        "npv_usd": e["npv_usd"][first],
        "irr_pct": e["irr_pct"][first],
        "payback_yr": e["payback_yr"][first],
        "co2_avoided_t_per_yr": None if avoided is None else avoided["avoided_t_per_yr"],
        "co2_basis": "no baseline stated in the case"
        if avoided is None
        else f"{avoided['basis']} (baseline: {_first_sentence(avoided['description'])})",
        **npv_risk(SlimeModel(case, route, sha), samples, seed),
    }


def _first_sentence(text: str) -> str:
    words = " ".join(text.split())
    return words.split(". ")[0].rstrip(".")


def _hydrogen(project: Project, samples: int, seed: int) -> dict[str, Any]:
    from valorize.analysis.risk import npv_risk
    from valorize.hydrogen.case import load_hydrogen_case
    from valorize.hydrogen.model import HydrogenModel
    from valorize.hydrogen.run import evaluate

    case, _, sha = load_hydrogen_case(project.case)
    payload, _ = evaluate(case)
    p = payload["project"]
    return {
        "title": case.case.title,
        "route": "slag photocatalyst panels for solar hydrogen",
        "price_scenario": p["basis"],
        "capex_usd": p["capex_usd"],
        "npv_usd": p["npv_usd"],
        "irr_pct": p["irr_pct"],
        "payback_yr": p["payback_yr"],
        "co2_avoided_t_per_yr": p["co2_avoided_t_per_yr"],
        "co2_basis": "against steam methane reforming (direct CO2)",
        **npv_risk(HydrogenModel(case, sha), samples, seed),
    }


def _kind(case: str) -> str:
    from valorize.model.registry import builtin_cases, route_of

    builtin = builtin_cases()
    if case in builtin:
        return builtin[case][0]
    path = Path(case)
    if not path.is_file():
        raise InputError(f"project case {case!r}: no built-in case or case file of that name")
    return route_of(parse_toml(read_input_text(path, "case file"), case)).name


def evaluate_portfolio(
    portfolio: Portfolio, *, samples: int = 2000, seed: int = 0, rank_by: str = "npv_per_grant"
) -> dict[str, Any]:
    """Every project's measures, ranked by one of :data:`RANKINGS`; JSON-ready."""
    from valorize.economics.money import parse_money

    if rank_by not in RANKINGS:
        raise InputError(f"--rank-by: {rank_by!r} is not one of {', '.join(RANKINGS)}")
    rows = []
    for i, project in enumerate(portfolio.project):
        kind = _kind(project.case)
        if kind != "slime" and (project.route or project.credited_products):
            raise InputError(f"project[{i}]: route and credited_products are for slime cases")
        grant = parse_money(project.grant, f"project[{i}].grant")
        if grant < 0:
            raise InputError(f"project[{i}].grant must not be negative, not {project.grant!r}")
        if kind == "refinery":
            row = _refinery(project, samples, seed, portfolio.portfolio.price_scenario)
        elif kind == "slime":
            row = _slime(project, samples, seed, portfolio.portfolio.price_scenario)
        elif kind == "hydrogen":
            row = _hydrogen(project, samples, seed)
        else:
            raise InputError(
                f"project[{i}]: a case of the {kind} route has no NPV to rank; portfolios "
                "take refinery, anode slime and slag-to-hydrogen cases"
            )
        if grant > row["capex_usd"]:  # as a case's economics.grant
            raise InputError(
                f"project[{i}].grant ({grant:,.0f} USD) exceeds the capital cost of "
                f"{project.case} ({row['capex_usd']:,.0f} USD); a grant pays at most for the "
                "plant's building"
            )
        row.update(
            {
                "case": project.case,
                "kind": kind,
                "trl": project.trl,
                "trl_source": " ".join(project.trl_source.split()),
                "grant_usd": grant,
                "grant_source": project.grant_source,
                "npv_per_grant": row["npv_usd"] / grant if grant > 0 else None,
                "credit_note": project.credit_note,
            }
        )
        rows.append(row)
    key, larger_better = RANKINGS[rank_by]
    known = [r for r in rows if r[key] is not None]
    known.sort(key=lambda r: r[key], reverse=larger_better)
    ranked = known + [r for r in rows if r[key] is None]
    for rank, r in enumerate(ranked, start=1):
        r["rank"] = rank
    return {
        "portfolio": portfolio.portfolio.name,
        "title": portfolio.portfolio.title,
        "ranked_by": rank_by,
        "risk_samples": samples,
        "risk_seed": seed,
        "projects": ranked,
    }
