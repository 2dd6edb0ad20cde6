"""Read the curated TOML data files once and return frozen records in SI units.

The files keep values in the units their sources use (g/mol, kJ/mol, cm3/mol,
atm ...), so a reader can check them against the source; this module converts
to SI (kg/mol, J/mol, m3/mol, Pa) and checks that every record names a known
reference and a known status.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from valorize.constants import GAS_CONSTANT
from valorize.data.table_memo import parsed as parsed_table
from valorize.errors import InputError, MissingParameterError

#: How sure a number is: read in a measurement or evaluation, estimated by a
#: stated method, or assumed by us.
STATUSES = ("measured", "estimated", "assumed")

#: Factors from the units used in the data files to SI.
_TO_SI: dict[str, float] = {
    "K": 1.0,
    "g/mol": 1e-3,
    "kg/mol": 1.0,
    "J/mol": 1.0,
    "kJ/mol": 1e3,
    "cm3/mol": 1e-6,
    "m3/mol": 1.0,
    "1": 1.0,
    "m": 1.0,
    "mm": 1e-3,
    "nm": 1e-9,
    "pm": 1e-12,
    "m2": 1.0,
    "Pa": 1.0,
    "W": 1.0,
    "kW": 1e3,
    "W/m2": 1.0,
    "kW/m2": 1e3,
    "J/(mol K)": 1.0,
    "J/(kg K)": 1.0,
    "W/(m K)": 1.0,
    "W/(m K^2)": 1.0,
    "W/(m2 K)": 1.0,
    "h": 3600.0,
    "s": 1.0,
    "kWh/t": 3600.0,
}

#: Factors from pressure units used by correlations to pascal.
PRESSURE_UNITS_PA: dict[str, float] = {
    "Pa": 1.0,
    "kPa": 1e3,
    "MPa": 1e6,
    "bar": 1e5,
    "atm": 101325.0,
    "mmHg": 101325.0 / 760.0,
    "torr": 101325.0 / 760.0,
}

_LN10 = math.log(10.0)


@dataclass(frozen=True)
class Reference:
    """A published source: citation text plus DOI or URL."""

    key: str
    citation: str
    doi: str = ""
    url: str = ""

    @property
    def link(self) -> str:
        """DOI link if there is a DOI, otherwise the URL."""
        return f"https://doi.org/{self.doi}" if self.doi else self.url


@dataclass(frozen=True)
class Datum:
    """One number from the world, in SI, with where it came from."""

    value: float
    unit: str
    status: str
    reference: str
    note: str = ""

    def in_unit(self, value_si: float | None = None) -> float:
        """``value_si`` (default this datum's value) in the data file's own ``unit``."""
        return (self.value if value_si is None else value_si) / _TO_SI[self.unit]


@dataclass(frozen=True)
class Element:
    """Pure-element data in SI units (kg/mol, K, J/mol, m3/mol)."""

    symbol: str
    name: str
    molar_mass: Datum
    melting_point: Datum
    normal_boiling_point: Datum
    boiling_kind: str
    enthalpy_of_fusion: Datum
    liquid_molar_volume: Datum
    vapor_species: str
    vapor_molar_mass: Datum
    #: atoms per molecule of the dominant vapour species (Te2: 2, As4: 4)
    vapor_atomicity: Datum

    def data(self) -> dict[str, Datum]:
        """Every numeric field by name, for reports and provenance tables."""
        return {
            "molar_mass": self.molar_mass,
            "melting_point": self.melting_point,
            "normal_boiling_point": self.normal_boiling_point,
            "enthalpy_of_fusion": self.enthalpy_of_fusion,
            "liquid_molar_volume": self.liquid_molar_volume,
            "vapor_molar_mass": self.vapor_molar_mass,
            "vapor_atomicity": self.vapor_atomicity,
        }


@dataclass(frozen=True)
class VaporPressureCorrelation:
    r"""One vapour-pressure correlation of one phase of one element, as published.

    ``equation`` names the form; coefficients keep the source's values and
    pressure unit, and :meth:`ln_pressure` evaluates :math:`\ln(p/\mathrm{Pa})`:

    - ``log10_poly``: :math:`\log_{10}(p/u) = A + B/T + C\log_{10}T + DT + E/T^3`
    - ``ln_poly``: :math:`\ln(p/u) = A + B/T + C\ln T + DT + E/T^3`
    - ``antoine``: :math:`\log_{10}(p/u) = A - B/(T + C)`
    - ``antoine_fusion_shift``: the ``antoine`` liquid shifted to the solid by
      :math:`-n\\Delta H_{fus}/(R\\ln 10)\\,(1/T - 1/T_m)` (keys ``n``,
      ``dH_fus_J_mol``, ``T_m_K``): a solid derived from its liquid
    - ``reduced_power``: :math:`\ln(p/p_c) = (T_c/T)\sum_k a_k \tau^{n_k}`,
      :math:`\tau = 1 - T/T_c` (the form of Huber et al. for mercury)
    """

    element: str
    phase: str
    equation: str
    coefficients: dict[str, Any]
    pressure_unit: str
    T_min: float
    T_max: float
    vapor_species: str
    status: str
    reference: str
    note: str = ""
    retrieved_from: str = ""

    def ln_pressure(self, T: np.ndarray | float) -> np.ndarray:
        """Natural log of the pressure in Pa at ``T`` (K); no range check."""
        return self.ln_pressure_and_slope(T)[0]

    def ln_pressure_and_slope(self, T: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
        """``ln(p/Pa)`` and its derivative ``d ln p / dT`` (1/K) at ``T``; no range check."""
        T = np.asarray(T, dtype=float)
        c = self.coefficients
        ln_unit = math.log(PRESSURE_UNITS_PA[self.pressure_unit])
        if self.equation in ("log10_poly", "ln_poly"):
            A, B = c["A"], c["B"]
            C, D, E = c.get("C", 0.0), c.get("D", 0.0), c.get("E", 0.0)
            inv = 1.0 / T
            if self.equation == "log10_poly":
                value = A + B * inv + C * np.log10(T) + D * T + E * inv**3
                slope = -B * inv**2 + C * inv / _LN10 + D - 3.0 * E * inv**4
                return value * _LN10 + ln_unit, slope * _LN10
            value = A + B * inv + C * np.log(T) + D * T + E * inv**3
            return value + ln_unit, -B * inv**2 + C * inv + D - 3.0 * E * inv**4
        if self.equation in ("antoine", "antoine_fusion_shift"):
            shifted = T + c["C"]
            value = (c["A"] - c["B"] / shifted) * _LN10 + ln_unit
            slope = c["B"] / shifted**2 * _LN10
            if self.equation == "antoine_fusion_shift":
                k = c["n"] * c["dH_fus_J_mol"] / GAS_CONSTANT
                value = value - k * (1.0 / T - 1.0 / c["T_m_K"])
                slope = slope + k / T**2
            return value, slope
        if self.equation == "reduced_power":
            Tc, pc = c["Tc"], c["pc"]
            tau = np.abs(1.0 - T / Tc)
            ln_tau = np.log(np.maximum(tau, 1e-300))
            total = np.zeros_like(T)
            d_total = np.zeros_like(T)
            for a, n in zip(c["a"], c["n"], strict=True):
                power = np.exp(n * ln_tau)  # tau**n
                total = total + a * power
                d_total = d_total + a * n * power / np.maximum(tau, 1e-300)
            value = (Tc / T) * total + math.log(pc) + ln_unit
            # d/dT [(Tc/T) S(tau)] with dtau/dT = -1/Tc
            slope = -(Tc / T**2) * total - d_total / T
            return value, slope
        raise ValueError(f"unknown equation form {self.equation!r}")  # pragma: no cover


@dataclass(frozen=True)
class ActivityParameterSet:
    """Published parameters of one activity model for one binary pair.

    ``values`` holds the model's parameters by name in SI units (for example
    ``B12``, ``B21`` and ``T`` for MIVM, ``a12``, ``a21`` in J/mol for Wilson,
    ``omega`` in J/mol for the regular solution).
    """

    model: str
    components: tuple[str, str]
    values: dict[str, float]
    status: str
    reference: str
    note: str = ""
    T_min: float = 0.0
    T_max: float = math.inf
    coordination_numbers: dict[str, float] = field(default_factory=dict)
    molar_volumes: dict[str, float] = field(default_factory=dict)


def _read(name: str) -> dict[str, Any]:
    """The table of data file ``name`` (parsed once per installation: :mod:`.table_memo`)."""
    folder = resources.files("valorize.data")
    text = folder.joinpath(name).read_text(encoding="utf-8")
    return parsed_table(str(folder), name, text)


def _check_status(status: str, where: str) -> str:
    if status not in STATUSES:
        raise ValueError(f"{where}: status {status!r} is not one of {STATUSES}")
    return status


@functools.cache
def references() -> dict[str, Reference]:
    """All references cited by the data files, by key."""
    table = _read("references.toml")
    return {
        key: Reference(key=key, citation=v["citation"], doi=v.get("doi", ""), url=v.get("url", ""))
        for key, v in table["reference"].items()
    }


def reference(key: str) -> Reference:
    """The reference with this key."""
    try:
        return references()[key]
    except KeyError:
        raise MissingParameterError(f"no reference {key!r} in references.toml") from None


def _datum(record: dict[str, Any], where: str) -> Datum:
    unit = record["unit"]
    if unit not in _TO_SI:
        raise ValueError(f"{where}: unit {unit!r} is not one of {sorted(_TO_SI)}")
    ref = record["reference"]
    if ref not in references():
        raise ValueError(f"{where}: reference {ref!r} is not in references.toml")
    return Datum(
        value=float(record["value"]) * _TO_SI[unit],
        unit=unit,
        status=_check_status(record["status"], where),
        reference=ref,
        note=record.get("note", ""),
    )


@functools.cache
def elements() -> dict[str, Element]:
    """All elements in ``elements.toml``, by symbol."""
    table = _read("elements.toml")["element"]
    out: dict[str, Element] = {}
    for symbol, v in table.items():
        where = f"elements.toml [{symbol}]"
        out[symbol] = Element(
            symbol=symbol,
            name=v["name"],
            molar_mass=_datum(v["molar_mass"], f"{where} molar_mass"),
            melting_point=_datum(v["melting_point"], f"{where} melting_point"),
            normal_boiling_point=_datum(v["normal_boiling_point"], f"{where} normal_boiling_point"),
            boiling_kind=v["normal_boiling_point"].get("kind", "boiling"),
            enthalpy_of_fusion=_datum(v["enthalpy_of_fusion"], f"{where} enthalpy_of_fusion"),
            liquid_molar_volume=_datum(v["liquid_molar_volume"], f"{where} liquid_molar_volume"),
            vapor_species=v["vapor_species"],
            vapor_molar_mass=_datum(v["vapor_molar_mass"], f"{where} vapor_molar_mass"),
            vapor_atomicity=_datum(v["vapor_atomicity"], f"{where} vapor_atomicity"),
        )
    return out


def element(symbol: str) -> Element:
    """The element with this symbol, or an :class:`InputError` naming the known ones."""
    table = elements()
    if symbol not in table:
        known = ", ".join(sorted(table))
        raise InputError(f"unknown element {symbol!r}; valorize has data for {known}")
    return table[symbol]


_COEFFICIENT_KEYS = ("A", "B", "C", "D", "E", "Tc", "pc", "a", "n", "dH_fus_J_mol", "T_m_K")


@functools.cache
def vapor_pressure_correlations() -> dict[str, tuple[VaporPressureCorrelation, ...]]:
    """Vapour-pressure correlations by element symbol, each element's in file order."""
    rows = _read("vapor_pressure.toml")["correlation"]
    out: dict[str, list[VaporPressureCorrelation]] = {}
    for i, v in enumerate(rows):
        where = f"vapor_pressure.toml correlation #{i + 1} ({v.get('element')})"
        if v["reference"] not in references():
            raise ValueError(f"{where}: reference {v['reference']!r} is not in references.toml")
        if v["phase"] not in ("solid", "liquid"):
            raise ValueError(f"{where}: phase must be 'solid' or 'liquid'")
        if v["pressure_unit"] not in PRESSURE_UNITS_PA:
            raise ValueError(f"{where}: pressure_unit {v['pressure_unit']!r} unknown")
        corr = VaporPressureCorrelation(
            element=v["element"],
            phase=v["phase"],
            equation=v["equation"],
            coefficients={k: v[k] for k in _COEFFICIENT_KEYS if k in v},
            pressure_unit=v["pressure_unit"],
            T_min=float(v["T_min_K"]),
            T_max=float(v["T_max_K"]),
            vapor_species=v.get("vapor_species", ""),
            status=_check_status(v["status"], where),
            reference=v["reference"],
            note=v.get("note", ""),
            retrieved_from=v.get("retrieved_from", ""),
        )
        out.setdefault(corr.element, []).append(corr)
    return {k: tuple(v) for k, v in out.items()}


@dataclass(frozen=True)
class DataSpan:
    """A temperature range one source covers for one phase of an element."""

    phase: str
    status: str
    reference: str
    T_min: float
    T_max: float


def correlation_spans(symbol: str) -> list[DataSpan]:
    """The element's vapour-pressure data as ranges, lowest first.

    Consecutive correlations of one phase, status and source (a table read piecewise,
    such as the CRC's) are one span.
    """
    spans: list[DataSpan] = []
    for c in sorted(vapor_pressure_correlations().get(symbol, ()), key=lambda c: c.T_min):
        last = spans[-1] if spans else None
        if last and (last.phase, last.status, last.reference, last.T_max) == (
            c.phase, c.status, c.reference, c.T_min
        ):  # fmt: skip
            spans[-1] = DataSpan(c.phase, c.status, c.reference, last.T_min, c.T_max)
        else:
            spans.append(DataSpan(c.phase, c.status, c.reference, c.T_min, c.T_max))
    return spans


@dataclass(frozen=True)
class CompoundForm:
    """A compound an impurity is bound in: atoms per formula unit, and whether it distils."""

    key: str
    stoichiometry: dict[str, float]
    status: str
    reference: str
    note: str = ""


@functools.cache
def compound_forms() -> dict[str, CompoundForm]:
    """Compounds of ``forms.toml`` by key (e.g. ``"Cu2Se"``)."""
    table = _read("forms.toml")["compound"]
    out = {}
    for key, v in table.items():
        where = f"forms.toml [{key}]"
        if v["reference"] not in references():
            raise ValueError(f"{where}: reference {v['reference']!r} is not in references.toml")
        out[key] = CompoundForm(
            key=key,
            stoichiometry={k: float(n) for k, n in v["atoms"].items()},
            status=_check_status(v["status"], where),
            reference=v["reference"],
            note=v.get("note", ""),
        )
    return out


@dataclass(frozen=True)
class DissociatingForm:
    """A compound that evaporates by dissociating, MX(s) = M(g) + X, leaving X in the melt.

    ``formation_enthalpy`` and ``formation_entropy`` are those of MX from liquid
    M and solid X (J/mol, J/(mol K)); ``vapour`` is M, ``partner`` is X.
    """

    key: str
    stoichiometry: dict[str, float]
    vapour: str
    partner: str
    formation_enthalpy: Datum
    formation_entropy: Datum
    status: str
    reference: str
    note: str = ""


@functools.cache
def dissociating_forms() -> dict[str, DissociatingForm]:
    """Dissociating compounds of ``forms.toml`` by key (e.g. ``"HgSe"``)."""
    out = {}
    for key, v in _read("forms.toml").get("dissociating", {}).items():
        where = f"forms.toml [dissociating.{key}]"
        if v["reference"] not in references():
            raise ValueError(f"{where}: reference {v['reference']!r} is not in references.toml")
        atoms = {k: float(n) for k, n in v["atoms"].items()}
        partners = [k for k in atoms if k != v["vapour"]]
        if v["vapour"] not in atoms or len(partners) != 1:
            raise ValueError(f"{where}: give two elements, one of them the vapour")
        out[key] = DissociatingForm(
            key=key,
            stoichiometry=atoms,
            vapour=v["vapour"],
            partner=partners[0],
            formation_enthalpy=_datum(v["formation_enthalpy"], f"{where} formation_enthalpy"),
            formation_entropy=_datum(v["formation_entropy"], f"{where} formation_entropy"),
            status=_check_status(v["status"], where),
            reference=v["reference"],
            note=v.get("note", ""),
        )
    return out


@dataclass(frozen=True)
class Grade:
    """A product grade: the element it is of, its minimum mass fraction, impurity limits.

    ``max_ppm`` maps an element to its highest content in the product, ppm by
    mass; empty where the standard's impurity table is not on record.
    """

    name: str
    element: str
    min_fraction: float
    status: str
    reference: str
    note: str = ""
    max_ppm: dict[str, float] = field(default_factory=dict)


@functools.cache
def grades() -> tuple[Grade, ...]:
    """Product grades of ``grades.toml`` (selenium and tellurium), lowest minimum first."""
    table = _read("grades.toml")["grade"]
    out = []
    for name, v in table.items():
        where = f"grades.toml [{name}]"
        if v["reference"] not in references():
            raise ValueError(f"{where}: reference {v['reference']!r} is not in references.toml")
        limits = {str(k): float(x) for k, x in v.get("max_ppm", {}).items()}
        for symbol, limit in limits.items():
            element(symbol)
            if not limit >= 0:
                raise ValueError(f"{where}: max_ppm.{symbol} must be >= 0")
        symbol = str(v.get("element", "Se"))
        element(symbol)
        out.append(
            Grade(
                name=name,
                element=symbol,
                min_fraction=float(v["min_wt_pct"]) / 100.0,
                status=_check_status(v["status"], where),
                reference=v["reference"],
                note=v.get("note", ""),
                max_ppm=limits,
            )
        )
    return tuple(sorted(out, key=lambda g: (g.element, g.min_fraction)))


@functools.cache
def economics_data() -> dict[str, Any]:
    """Exchange rates, prices and price scenarios of ``economics.toml`` (checked references)."""
    data = _read("economics.toml")
    for table in (
        "rate",
        "price",
        "parameter",
        "emission_factor",
        "freight_factor",
        "route_distance",
        "tax_code",
        "grade_price",
    ):
        for key, v in data.get(table, {}).items():
            if v["reference"] not in references():
                raise ValueError(f"economics.toml [{table}.{key}]: unknown reference")
            _check_status(v["status"], f"economics.toml [{table}.{key}]")
    return data


def exchange_rate(currency: str, field: str = "currency") -> float:
    """Units of ``currency`` per USD (1 for USD), from ``economics.toml``."""
    if currency == "USD":
        return 1.0
    rates = economics_data().get("rate", {})
    if currency not in rates:
        known = ", ".join(["USD", *sorted(rates)])
        raise InputError(f"{field}: unknown currency {currency!r}; known: {known}")
    return float(rates[currency]["per_usd"])


def _economics_record(table: str, name: str, field: str, unit: str, what: str) -> Datum:
    """One record of a table of ``economics.toml`` as a Datum; ``what`` names it in errors."""
    records = economics_data().get(table, {})
    if name not in records:
        raise InputError(f"unknown {what} {name!r}; known: {', '.join(records)}")
    v = records[name]
    return Datum(float(v[field]), unit, v["status"], v["reference"], v.get("note", ""))


def emission_factor(name: str) -> Datum:
    """A grid or fuel emission factor of ``economics.toml`` (kg CO2 per kWh)."""
    return _economics_record("emission_factor", name, "kg_co2_per_kwh", "kg/kWh", "emission factor")


def freight_factor(mode: str) -> Datum:
    """kg CO2e per tonne-km of a freight mode of ``economics.toml`` (rail, road, sea)."""
    return _economics_record("freight_factor", mode, "kg_co2_per_tkm", "kg/(t*km)", "freight mode")


def route_distance(name: str) -> Datum:
    """A documented route distance of ``economics.toml``, km."""
    return _economics_record("route_distance", name, "km", "km", "route")


@dataclass(frozen=True)
class TaxCode:
    """A country's income-tax rules of ``economics.toml`` (``[tax_code.NAME]``).

    ``loss_carry_forward_years`` is None where losses are kept without limit;
    ``depreciation`` is ``"pooled-declining"`` (declining balance at
    ``depreciation_rate``, the rest written off in the plant's last year) or
    ``"straight-line-rate"`` (``depreciation_rate`` of the cost each year until written off).
    """

    key: str
    name: str
    income_tax_rate: float
    loss_carry_forward_years: int | None
    loss_offset_share: float
    depreciation: str
    depreciation_rate: float
    status: str
    reference: str
    note: str = ""


def tax_code(name: str, field: str = "economics.tax_code") -> TaxCode:
    """The tax code ``name`` of ``economics.toml``; :class:`InputError` naming ``field``."""
    codes = economics_data().get("tax_code", {})
    if name not in codes:
        raise InputError(f"{field}: unknown tax code {name!r}; known: {', '.join(codes)}")
    v = codes[name]
    return TaxCode(
        key=name,
        name=v["name"],
        income_tax_rate=float(v["income_tax_rate"]),
        loss_carry_forward_years=v.get("loss_carry_forward_years"),
        loss_offset_share=float(v["loss_offset_share"]),
        depreciation=v["depreciation"],
        depreciation_rate=float(v["depreciation_rate"]),
        status=v["status"],
        reference=v["reference"],
        note=v.get("note", ""),
    )


@dataclass(frozen=True)
class GradePrice:
    """The price of a product grade as a factor on the refined price (``[grade_price.*]``)."""

    grade: str
    element: str
    factor: float
    status: str
    reference: str
    note: str = ""


def grade_prices(element: str = "Se") -> tuple[GradePrice, ...]:
    """The priced grades of ``element`` in ``economics.toml``, each a grade of ``grades.toml``."""
    known = {g.name for g in grades()}
    out = []
    for key, v in economics_data().get("grade_price", {}).items():
        if v["grade"] not in known:
            raise ValueError(f"economics.toml [grade_price.{key}]: unknown grade {v['grade']!r}")
        if v["element"] == element:
            out.append(
                GradePrice(
                    v["grade"],
                    element,
                    float(v["factor"]),
                    v["status"],
                    v["reference"],
                    v.get("note", ""),
                )
            )
    return tuple(out)


def price_basis(scenario: str, item: str) -> float | None:
    """The selenium content, wt %, that a scenario's price of ``item`` is quoted for.

    None where the record states none (a price per kg as sold).
    """
    data = economics_data()
    key = data["scenario"][scenario]["prices"].get(item)
    if key is None:
        return None
    basis = data["price"][key].get("basis_se_wt_pct")
    return None if basis is None else float(basis)


def price_scenario(name: str) -> dict[str, Datum]:
    """Prices (USD per kg or per kWh) of a named scenario, each with its status and source."""
    data = economics_data()
    scenarios = data.get("scenario", {})
    if name not in scenarios:
        raise InputError(f"unknown price scenario {name!r}; scenarios: {', '.join(scenarios)}")
    out = {}
    for item, key in scenarios[name]["prices"].items():
        v = data["price"][key]
        out[item] = Datum(
            value=float(v["usd"]),
            unit=v["unit"],
            status=v["status"],
            reference=v["reference"],
            note=v.get("note", ""),
        )
    return out


@dataclass(frozen=True)
class PriceSeries:
    """A dated price series of ``price_series.toml``: quotes in USD/kg, oldest first."""

    name: str
    description: str
    dates: tuple[str, ...]
    usd_per_kg: tuple[float, ...]
    statuses: tuple[str, ...]
    references: tuple[str, ...]


@functools.cache
def price_series_table() -> dict[str, PriceSeries]:
    """Every dated price series of ``price_series.toml``, by name (checked references)."""
    out = {}
    for name, v in _read("price_series.toml")["series"].items():
        where = f"price_series.toml [series.{name}]"
        if v["unit"] != "USD/kg":
            raise ValueError(f"{where}: unit must be USD/kg")
        points = v["points"]
        for p in points:
            if p["reference"] not in references():
                raise ValueError(f"{where}: unknown reference {p['reference']!r}")
            _check_status(p["status"], where)
        out[name] = PriceSeries(
            name=name,
            description=v["description"],
            dates=tuple(p["date"] for p in points),
            usd_per_kg=tuple(float(p["usd"]) for p in points),
            statuses=tuple(p["status"] for p in points),
            references=tuple(p["reference"] for p in points),
        )
    return out


def price_series(name: str, field: str = "series") -> PriceSeries:
    """The dated price series ``name``; an unknown name is an :class:`InputError`."""
    table = price_series_table()
    if name not in table:
        raise InputError(f"{field}: unknown price series {name!r}; known: {', '.join(table)}")
    return table[name]


@functools.cache
def process_parameters() -> dict[str, Datum]:
    """Process-model defaults and conventions of ``process.toml``, by name, in SI."""
    table = _read("process.toml")["parameter"]
    return {name: _datum(v, f"process.toml [{name}]") for name, v in table.items()}


def process_parameter(name: str) -> Datum:
    """One process default (value in SI with its status and reference)."""
    try:
        return process_parameters()[name]
    except KeyError:
        raise MissingParameterError(f"no process parameter {name!r} in process.toml") from None


def _parse_binaries(
    data: dict[str, Any], where: str, known_references: set[str]
) -> tuple[ActivityParameterSet, ...]:
    out = []
    for i, v in enumerate(data.get("binary", [])):
        label = f"{where} binary #{i + 1}"
        try:
            a, b = v["components"]
            model = v["model"]
            raw = v["parameters"]
            ref = v["reference"]
            status = v["status"]
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(
                f"{label}: needs model, components = [A, B], parameters, status and "
                f"reference ({exc.__class__.__name__}: {exc})"
            ) from None
        if ref not in known_references:
            raise InputError(f"{label}: reference {ref!r} is not defined in [reference.*]")
        if status not in STATUSES:
            raise InputError(f"{label}: status {status!r} is not one of {', '.join(STATUSES)}")
        needed = {
            "regular": ("omega",),
            "redlich-kister": ("L0_a",),
            "wilson": ("a12", "a21"),
            "mivm": ("B12", "B21", "T"),
        }
        if model not in needed:
            raise InputError(f"{label}: model {model!r} is not one of {', '.join(needed)}")
        missing = [k for k in needed[model] if k not in raw]
        if missing:
            raise InputError(f"{label}: {model} needs parameters {', '.join(missing)}")
        try:
            values = {k: float(x) for k, x in raw.items()}
        except (TypeError, ValueError):
            raise InputError(f"{label}: parameters must be numbers") from None
        energy_unit = v.get("energy_unit", "J/mol")
        if energy_unit not in ("J/mol", "kJ/mol"):
            raise InputError(f"{label}: energy_unit must be 'J/mol' or 'kJ/mol'")
        if model == "redlich-kister" and any(not re.fullmatch(r"L\d+_[ab]", k) for k in values):
            raise InputError(f"{label}: Redlich-Kister parameters are named L0_a, L0_b, L1_a ...")
        for key in values:
            if key in ("a12", "a21", "omega") or re.fullmatch(r"L\d+_[ab]", key):
                values[key] *= _TO_SI[energy_unit]
        if model == "mivm" and (values["B12"] <= 0 or values["B21"] <= 0 or values["T"] <= 0):
            raise InputError(f"{label}: MIVM needs B12, B21 and T above zero")
        out.append(
            ActivityParameterSet(
                model=model,
                components=(a, b),
                values=values,
                status=status,
                reference=ref,
                note=v.get("note", ""),
                T_min=float(v.get("T_min_K", 0.0)),
                T_max=float(v.get("T_max_K", math.inf)),
                coordination_numbers={k: float(z) for k, z in v.get("Z", {}).items()},
                molar_volumes={k: float(m) * 1e-6 for k, m in v.get("Vm_cm3_mol", {}).items()},
            )
        )
    return tuple(out)


@functools.cache
def activity_parameters() -> tuple[ActivityParameterSet, ...]:
    """Every published binary parameter set in ``activity.toml``."""
    return _parse_binaries(_read("activity.toml"), "activity.toml", set(references()))


def read_activity_file(path: str) -> tuple[ActivityParameterSet, ...]:
    """Read a user's activity-parameter file, same schema as ``activity.toml``.

    The file may define its own ``[reference.KEY]`` tables (``citation`` and
    ``doi`` or ``url``) besides using the package's references.
    """
    from valorize.case_files import parse_toml, read_input_text

    try:
        data = parse_toml(read_input_text(Path(path), "file"), str(path))
    except InputError as exc:
        raise InputError(f"--activity-data: {exc}") from None
    unknown = sorted(set(data) - {"binary", "reference"})
    if unknown or "binary" not in data:  # e.g. a case file given by mistake
        what = f"unknown tables {', '.join(unknown)}" if unknown else "no [[binary]] records"
        raise InputError(
            f"--activity-data: {path}: {what}; an activity-data file holds [[binary]] records "
            "and [reference.KEY] tables, as data/activity.toml"
        )
    own = data.get("reference", {})
    for key, ref in own.items():
        if not isinstance(ref, dict) or not ref.get("citation"):
            raise InputError(f"{path}: [reference.{key}] needs a citation")
    return _parse_binaries(data, str(path), set(references()) | set(own))
