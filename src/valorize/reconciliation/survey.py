"""Plant surveys for reconciliation: the TOML file of streams, nodes, masses and assays.

A survey file (docs/reconciliation.md has a complete example)::

    [survey]
    title = "Balkhash vacuum refinery, one month"
    synthetic = true                 # data made by a script, not measured: said everywhere
    note = "how the data were made or taken"
    components = ["Se", "Te", "Hg"]  # the components every node balances
    case = "balkhash-selenium"       # optional: the nodes from this case's flowsheet

    [[node]]                         # or give the nodes yourself
    name = "vacuum furnace"
    inputs = ["crude"]
    outputs = ["product", "residue", "volatile cut"]

    [[stream]]
    name = "crude"
    mass = "6.25 t"                  # a mass over the survey period, or a rate ("1.2 t/h")
    mass_sd = "0.5 %rel"             # absolute ("0.03 t") or relative ("0.5 %rel")
    assay = { Se = "91.2 %", Te = "1.18 %", Hg = "2950 ppm" }
    assay_sd = { Se = "0.3 %", Te = "5 %rel", Hg = "150 ppm" }

A stream's mass or assay left out is estimated from the balances. Assays are mass shares:
``%`` (= wt %), ``ppm`` (= g/t), ``ppb``. An assay below the laboratory's detection limit
is written ``"<0.001 %"`` and needs no sd: it is read as uniform between zero and the
limit, its mean with that distribution's sd (limit / sqrt 12). Every problem is one
:class:`InputError` naming the row (``stream[2] 'residue'``) and the field.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import Field

from valorize.case_files import StrictModel
from valorize.errors import InputError
from valorize.quantities import number_and_unit, parse_quantity, relative_share
from valorize.reconciliation.balance import (
    ASSAY_SUM_SD,
    Measurement,
    Network,
    Node,
    assays_sum_too_high,
)

#: Assay units a survey may use, as mass fractions.
ASSAY_UNITS: dict[str, float] = {
    "%": 1e-2,
    "wt%": 1e-2,
    "wt %": 1e-2,
    "ppm": 1e-6,
    "g/t": 1e-6,
    "ppb": 1e-9,
}


class SurveyInfo(StrictModel):
    """What the survey is and where its data come from."""

    title: str = Field(description="one line for the outputs")
    synthetic: bool = Field(
        description="true when the data were made by a script, not measured in a plant"
    )
    note: str = Field("", description="how the data were taken or made")
    source: str = Field("", description="who measured, when, or the script that made them")
    components: list[str] = Field(min_length=0, description="components balanced at every node")
    case: str | None = Field(None, description="take the nodes from this case's flowsheet")


class NodeSpec(StrictModel):
    """A node: a unit, a bin or a junction."""

    name: str = Field(min_length=1)
    inputs: list[str] = Field(description="streams into the node")
    outputs: list[str] = Field(description="streams out of the node")


class StreamSpec(StrictModel):
    """A stream and what was measured of it."""

    name: str = Field(min_length=1)
    mass: str | None = Field(None, description="measured mass or mass rate, e.g. '6.25 t'")
    mass_sd: str | None = Field(None, description="its standard deviation, '0.03 t' or '1 %rel'")
    assay: dict[str, str] = Field(default_factory=dict, description="measured mass shares")
    assay_sd: dict[str, str] = Field(default_factory=dict, description="their sd")


class SurveyFile(StrictModel):
    """A whole survey file."""

    survey: SurveyInfo
    node: list[NodeSpec] = Field(default_factory=list)
    stream: list[StreamSpec] = Field(min_length=1)


@dataclass(frozen=True)
class Shown:
    """How a measurement was written: the unit text and its size in SI (kg, kg/s, fraction)."""

    unit: str
    factor: float


@dataclass(frozen=True)
class Survey:
    """A survey read and checked: its network, measurements and how each was written."""

    info: SurveyInfo
    network: Network
    measurements: tuple[Measurement, ...]
    shown: tuple[Shown, ...]
    mass_dimension: str
    path: str
    sha256: str


def _mass(text: str, where: str) -> tuple[float, Shown, str]:
    """A mass or mass rate: SI value, how it was written and its dimension."""
    for dimension in ("mass", "mass_rate"):
        try:
            value = parse_quantity(text, dimension, where)
        except InputError:
            continue
        unit = number_and_unit(text)[1]  # type: ignore[index]  # parsed above
        return value, Shown(unit, parse_quantity(f"1 {unit}", dimension, where)), dimension
    raise InputError(
        f"{where}: cannot read {text!r} as a mass ('6.25 t') or a mass rate ('1.2 t/h')"
    )


def _censored(text: str, where: str) -> tuple[float, float, Shown] | None:
    """An assay below the detection limit (``'<0.001 %'``): mean, sd and unit; None if not."""
    if not text.strip().startswith("<"):
        return None
    limit, how = _assay(text.strip()[1:], where)
    if not limit > 0:
        raise InputError(f"{where}: {text!r}: a detection limit must be above zero")
    return limit / 2.0, limit / np.sqrt(12.0), how


def _assay(text: str, where: str) -> tuple[float, Shown]:
    """An assay as a mass fraction, and how it was written."""
    read = number_and_unit(text)
    unit = read[1].strip() if read else ""
    if read is None or unit not in ASSAY_UNITS:
        raise InputError(
            f"{where}: cannot read {text!r} as an assay; give a number and one of "
            + ", ".join(repr(u) for u in ASSAY_UNITS)
            + " (e.g. '91.2 %', '150 ppm')"
        )
    factor = ASSAY_UNITS[unit]
    return read[0] * factor, Shown(unit, factor)


def _sd(text: str | None, value: float, read: Any, where: str, measured: str, what: str) -> float:
    """A standard deviation: absolute (read like the value) or relative ('2 %rel').

    ``measured`` is the value as written and ``what`` its kind (``"mass"``, ``"assay"``),
    for the message when a relative sd of a zero value would be zero.
    """
    if text is None:
        raise InputError(f"{where}: give its standard deviation (absolute, or e.g. '2 %rel')")
    share = relative_share(text)
    if share is not None and value == 0 and share > 0:
        unit = (number_and_unit(measured) or (0.0, ""))[1].strip()
        raise InputError(
            f"{where}: {text!r} of the {what} {measured!r} is zero; a relative sd needs the "
            f"{what} above zero: give an absolute sd (in {unit or 'its unit'})"
        )
    sd = share * value if share is not None else read(text, where)[0]
    if not sd > 0:
        raise InputError(f"{where}: {text!r}: a standard deviation must be above zero")
    return sd


def _check_sum(read: list[tuple[float, float]], assay: dict[str, str], where: str) -> None:
    """Refuse a stream whose measured assays sum above 100 % beyond their errors.

    ``read`` holds each assay above its detection limit (mass fraction, sd); those below
    it count as zero, the least they can be. Independent errors on a near-pure product
    may take the sum a little above 100 % (:data:`~valorize.reconciliation.balance.ASSAY_SUM_SD`
    standard deviations of the sum are allowed); beyond that it is a wrong unit, a
    decimal point, a mislabelled sample.
    """
    total = sum(v for v, _ in read)
    sd = float(np.sqrt(sum(e**2 for _, e in read)))
    if read and assays_sum_too_high(total, sd):
        raise InputError(
            f"{where}: the measured assays ("
            + ", ".join(f"{c} {text.strip()}" for c, text in assay.items())
            + f") sum to {100 * total:.4g} %, above 100 % by more than their standard "
            f"deviations allow ({ASSAY_SUM_SD:g} sd = {100 * ASSAY_SUM_SD * sd:.2g} %); the "
            "components of one sample cannot: check the units and decimal points"
        )


def _network(spec: SurveyFile, where: str) -> Network:
    """The survey's network: its own nodes, or those of its case's flowsheet."""
    names = [s.name for s in spec.stream]
    for i, s in enumerate(spec.stream):
        if names.index(s.name) != i:
            raise InputError(f"{where}: stream[{i}] {s.name!r}: a second stream of that name")
    nodes = [Node(n.name, tuple(n.inputs), tuple(n.outputs)) for n in spec.node]
    if spec.survey.case is not None:
        if nodes:
            raise InputError(f"{where}: survey.case: give the nodes or the case, not both")
        from valorize.reconciliation.network import case_nodes

        nodes = case_nodes(spec.survey.case)
    if not nodes:
        raise InputError(f"{where}: no [[node]] and no survey.case; give the network")
    joined: set[str] = set()
    for i, n in enumerate(nodes):
        for side in ("inputs", "outputs"):
            for s in getattr(n, side):
                if s not in names:
                    raise InputError(
                        f"{where}: node[{i}] {n.name!r}.{side}: no stream {s!r}; streams: "
                        + ", ".join(names)
                    )
                joined.add(s)
    loose = [s for s in names if s not in joined]
    if loose:
        raise InputError(f"{where}: stream {loose[0]!r} joins no node")
    components = spec.survey.components
    if len(set(components)) != len(components):
        raise InputError(f"{where}: survey.components: a component named twice")
    return Network(tuple(names), tuple(nodes), tuple(components))


def _measurements(
    spec: SurveyFile, network: Network, where: str
) -> tuple[tuple[Measurement, ...], tuple[Shown, ...], str]:
    """Every measured mass and assay in SI, how each was written, and the mass dimension."""
    out: list[Measurement] = []
    shown: list[Shown] = []
    dimensions: set[str] = set()
    for i, s in enumerate(spec.stream):
        row = f"{where}: stream[{i}] {s.name!r}"
        if s.mass is not None:
            value, how, dimension = _mass(s.mass, f"{row}.mass")
            if dimensions and dimension not in dimensions:
                raise InputError(f"{row}.mass: masses and mass rates mixed in one survey")
            dimensions.add(dimension)
            if value < 0:
                raise InputError(f"{row}.mass: {s.mass!r} is negative")
            sd = _sd(
                s.mass_sd, value, lambda t, w: _mass(t, w)[:2], f"{row}.mass_sd", s.mass, "mass"
            )
            out.append(Measurement(s.name, "mass", value, sd))
            shown.append(how)
        elif s.mass_sd is not None:
            raise InputError(f"{row}.mass_sd: given without a mass")
        for c in s.assay_sd:
            if c not in s.assay:
                raise InputError(f"{row}.assay_sd.{c}: given without an assay of {c}")
        read: list[tuple[float, float]] = []  # the stream's assays above detection, with sd
        for c, text in s.assay.items():
            if c not in network.components:
                raise InputError(
                    f"{row}.assay.{c}: not a component of the survey; survey.components: "
                    + ", ".join(network.components)
                )
            censored = _censored(text, f"{row}.assay.{c}")
            if censored is not None:
                if c in s.assay_sd:
                    raise InputError(
                        f"{row}.assay_sd.{c}: an assay below the detection limit takes no sd"
                    )
                out.append(Measurement(s.name, c, censored[0], censored[1]))
                shown.append(censored[2])
                continue
            value, how = _assay(text, f"{row}.assay.{c}")
            if value < 0:
                raise InputError(f"{row}.assay.{c}: {text!r} is negative")
            if value > 1:
                raise InputError(f"{row}.assay.{c}: {text!r} is above 100 %")
            sd = _sd(s.assay_sd.get(c), value, _assay, f"{row}.assay_sd.{c}", text, "assay")
            out.append(Measurement(s.name, c, value, sd))
            shown.append(how)
            read.append((value, sd))
        _check_sum(read, s.assay, f"{row}.assay")
    return tuple(out), tuple(shown), (dimensions.pop() if dimensions else "mass")


def read_survey(path: str) -> Survey:
    """Read, parse and check a survey file.

    Raises
    ------
    InputError
        One line naming the file, the row and the field: a missing file, bad TOML, an
        unknown field, a unit that is not a mass or an assay, a negative mass or assay,
        an assay above 100 %, a stream's assays summing above 100 % (beyond their
        errors), a standard deviation that is not above zero (or relative to a zero
        value), a node naming a stream that does not exist, a stream joining no node.
    """
    from valorize.case_files import parse_toml, read_input_text, validate

    text = read_input_text(Path(path), "survey file")
    spec = validate(SurveyFile, parse_toml(text, path), path, "docs/reconciliation.md")
    network = _network(spec, path)
    measurements, shown, dimension = _measurements(spec, network, path)
    return Survey(
        spec.survey,
        network,
        measurements,
        shown,
        dimension,
        path,
        hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )
