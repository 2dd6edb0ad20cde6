"""Mutated case files end in one error line or a sound answer, never a traceback (issue 16).

Hypothesis mutates every built-in case by the kinds of fault a user makes (a field
deleted, a wrong type, a wrong dimension, a negative, zero, NaN, infinite, huge or
out-of-bounds number, an unknown element or field, a composition not summing to 100, a
value nested in a table or list) and runs ``valorize run CASE --json --out DIR``
in-process. Each run must either

- exit 2 with exactly one stderr line starting ``error:``, and write nothing; or
- exit 0 with strict JSON whose numbers are finite (``null`` where undefined), no
  negative mass flow, no purity above 100 % and every mass balance closed to 1e-9.

An uncaught exception fails the test (it would be a traceback). CI runs a fixed budget
of examples per case (``VALORIZE_FUZZ_EXAMPLES``, default 12); a longer run by hand:
``VALORIZE_FUZZ_EXAMPLES=400 VALORIZE_FUZZ_TALLY=fuzz.json pytest tests/e2e/test_fuzz_cases.py``
(the tally file counts how each mutated case ended).
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import math
import os
import re
import tempfile
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from valorize.cli import main

pytestmark = pytest.mark.e2e
CASES = Path(__file__).resolve().parents[2] / "src/valorize/cases"
BUILTIN = sorted(p.stem for p in CASES.glob("*.toml"))
EXAMPLES = int(os.environ.get("VALORIZE_FUZZ_EXAMPLES", "12"))
TALLY: Counter[str] = Counter()

KINDS = (
    "delete",
    "wrong_type",
    "wrong_dimension",
    "negative",
    "zero",
    "nan",
    "inf",
    "huge",
    "out_of_bounds",
    "unknown_key",
    "not_100",
    "nesting",
)
QUANTITY = re.compile(r"^\s*([-+]?\d[\d.eE+-]*)\s+(\S.*)$")


def _leaves(node: Any, path: tuple = ()) -> list[tuple]:
    """Paths to every value of a parsed case (through tables and lists of tables)."""
    out = []
    if isinstance(node, dict):
        for key, value in node.items():
            out.append((*path, key))
            out += _leaves(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            if isinstance(value, dict):
                out += _leaves(value, (*path, i))
    return out


def _parent(data: Any, path: tuple) -> Any:
    for key in path[:-1]:
        data = data[key]
    return data


def _mutate(value: Any, kind: str) -> Any:
    """The value mutated by ``kind`` (None: delete it)."""
    quantity = QUANTITY.match(value) if isinstance(value, str) else None
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "wrong_type":
        return "abc" if number or isinstance(value, dict | list) else 12345
    if kind == "wrong_dimension":
        return f"{quantity.group(1)} kg" if quantity else "3 kg/s"
    if kind == "nesting":
        return {"x": value} if not isinstance(value, dict) else [[value]]
    special = {
        "negative": -abs(float(value)) - 1.0 if number else None,
        "zero": 0 if number else None,
        "nan": math.nan,
        "inf": math.inf,
        "huge": 1e300,
        "out_of_bounds": float(value) * 1e6 + 1e6 if number else 1e9,
    }[kind]
    if quantity and kind in ("negative", "zero", "huge", "out_of_bounds"):
        amount = {"negative": f"-{quantity.group(1).lstrip('-+')}", "zero": "0", "huge": "1e300"}
        return f"{amount.get(kind, quantity.group(1) + '000000')} {quantity.group(2)}"
    return special


def mutated(data: dict, path: tuple, kind: str) -> dict:
    """A deep copy of ``data`` with the value at ``path`` mutated by ``kind``."""
    data = copy.deepcopy(data)
    parent, key = _parent(data, path), path[-1]
    value = parent[key]
    if kind == "delete":
        del parent[key]
    elif kind == "unknown_key":
        target = value if isinstance(value, dict) else parent
        target["Xx" if "composition" in str(key) else "bogus_field"] = 1.0
    elif kind == "not_100" and isinstance(value, dict) and "composition" in str(key):
        first = next(iter(value))
        value[first] = float(value[first]) * 1.5 + 1.0
    else:
        new = _mutate(value, "out_of_bounds" if kind == "not_100" else kind)
        parent[key] = 1e9 if new is None else new
    return data


def _run(path: Path, out: Path) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            code = main(["run", str(path), "--json", "--out", str(out)])
        except SystemExit as exc:  # argparse
            code = int(exc.code or 0)
    return code, stdout.getvalue(), stderr.getvalue()


def _check_sound(node: Any, key: str = "") -> None:
    """Finite numbers, no negative mass flow, purity <= 100 %, balances closed."""
    if isinstance(node, dict):
        for k, v in node.items():
            _check_sound(v, k)
        return
    if isinstance(node, list):
        for v in node:
            _check_sound(v, key)
        return
    if isinstance(node, bool) or not isinstance(node, int | float):
        return
    assert math.isfinite(node), key
    if key.endswith("_t_per_yr") and not any(w in key for w in ("co2", "avoided")):
        assert node >= -1e-9, (key, node)
    if key.endswith("_wt_pct"):
        assert -1e-9 <= node <= 100.0 + 1e-9, (key, node)
    if key == "mass_balance_rel_error":
        assert node <= 1e-9, node


def _strict(text: str) -> Any:
    def refuse(constant: str) -> None:
        raise AssertionError(f"bare {constant} in the JSON")

    return json.loads(text, parse_constant=refuse)


@st.composite
def case_mutations(draw: st.DrawFn) -> tuple[str, dict, tuple, str]:
    name = draw(st.sampled_from(BUILTIN))
    data = tomllib.loads((CASES / f"{name}.toml").read_text())
    path = draw(st.sampled_from(_leaves(data)))
    kind = draw(st.sampled_from(KINDS))
    return name, data, path, kind


@settings(
    max_examples=EXAMPLES * len(BUILTIN),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case_mutations())
def test_a_mutated_case_is_one_error_line_or_a_sound_answer(tmp_path, mutation):
    import tomlkit

    name, data, path, kind = mutation
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    case = folder / "case.toml"
    case.write_text(tomlkit.dumps(mutated(data, path, kind)))
    out = folder / "out"
    code, stdout, stderr = _run(case, out)
    where = f"{name}: {kind} at {'.'.join(map(str, path))}"
    if code == 0:
        _check_sound(_strict(stdout))
        TALLY["answer"] += 1
    else:
        lines = stderr.strip().splitlines()
        assert code == 2, (where, code, stderr)
        assert len(lines) == 1 and lines[0].startswith("error:"), (where, stderr)
        assert not out.exists(), where
        TALLY["refused"] += 1
    TALLY[f"{kind}"] += 1
    tally = os.environ.get("VALORIZE_FUZZ_TALLY")
    if tally:
        Path(tally).write_text(json.dumps(dict(TALLY), indent=2))
