"""The layer contract: analyses never import a route; routes and models never import interfaces.

An equivalent of an import-linter contract, read from the source with ``ast`` (every
``import`` and ``from ... import``, at any depth, so lazy imports inside functions
count too). Each known exception is listed with its reason; the test fails both on a
new violation and on a listed exception that no longer occurs.
"""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "valorize"

#: Modules of the routes: what a route's case, model and physics live in.
ROUTES = (
    "valorize.refinery",
    "valorize.slime",
    "valorize.hydrogen",
    "valorize.refinery.case",
    "valorize.refinery.run",
    "valorize.refinery.flowsheet",
    "valorize.refinery.economics",
)
#: The interfaces: what people see.
INTERFACES = ("valorize.cli", "valorize.report", "valorize.dashboard", "valorize.portfolio")
#: The analyses.
ANALYSIS = ("valorize.analysis",)
#: The protocol and the registry (the registry names routes by string only).
MODEL = ("valorize.model",)

#: (importer, imported) pairs not yet brought under the contract, and why.
KNOWN: dict[tuple[str, str], str] = {}


def _module(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, names: bool = False) -> set[str]:
    """The valorize modules a file imports (with ``names``, also module.name for each name)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
            if names:
                out |= {f"{node.module}.{a.name}" for a in node.names}
    return {name for name in out if name.startswith("valorize")}


def _within(name: str, packages: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in packages)


def _violations() -> set[tuple[str, str]]:
    rules = [
        (ANALYSIS, ROUTES + INTERFACES),
        (ROUTES, INTERFACES + ANALYSIS),
        (MODEL, ROUTES + INTERFACES + ANALYSIS),
    ]
    found = set()
    for path in SRC.rglob("*.py"):
        importer = _module(path)
        for imported in _imports(path):
            for layer, forbidden in rules:
                if _within(importer, layer) and _within(imported, forbidden):
                    found.add((importer, imported))
    return found


def test_no_layer_is_crossed_beyond_the_known_exceptions():
    found = _violations()
    new = sorted(found - set(KNOWN))
    assert not new, "layer contract broken: " + ", ".join(f"{a} imports {b}" for a, b in new)


def test_every_known_exception_still_occurs():
    gone = sorted(set(KNOWN) - _violations())
    assert not gone, "remove these from KNOWN, they are fixed: " + ", ".join(map(str, gone))


@pytest.mark.parametrize("module", ["valorize.model.registry", "valorize.model.protocol"])
def test_model_layer_imports_no_route_at_import_time(module):
    """The registry names routes as strings; importing it loads none of them."""
    import subprocess
    import sys

    code = (
        f"import sys, {module}; "
        "print(sorted(m for m in sys.modules if m.split('.')[1:2] and "
        "m.split('.')[1] in ('refinery', 'slime', 'hydrogen', 'run', 'case')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout


def test_no_import_cycles():
    """No module imports, directly or through others, a module that imports it back
    (lazy imports inside functions count: they are cycles all the same)."""
    modules = {_module(p): p for p in SRC.rglob("*.py")}
    graph = {
        m: {i for i in _imports(p, names=True) if i in modules and i != m}
        for m, p in modules.items()
    }
    from valorize.flowsheet.system import _strong_components  # Tarjan's, as for loops

    edges = {m: sorted(targets) for m, targets in graph.items()}
    cycles = [sorted(c) for c in _strong_components(list(graph), edges) if len(c) > 1]
    assert not cycles, f"import cycles: {cycles}"
