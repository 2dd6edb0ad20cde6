"""How valorize.compiled sets up numba: the vectorizer's overlap checks on an older LLVM."""

import pytest

from valorize import compiled

binding = pytest.importorskip("llvmlite.binding")


@pytest.fixture
def options(monkeypatch):
    """The LLVM options set, with a fresh once-per-process cache around the test."""
    given = []
    monkeypatch.setattr(binding, "set_option", lambda name, option: given.append(option))
    compiled._vectorizer_checks.cache_clear()
    yield given
    compiled._vectorizer_checks.cache_clear()


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ((14, 0, 6), [f"-runtime-memory-check-threshold={compiled.RUNTIME_MEMORY_CHECKS}"]),
        ((compiled.MEMORY_CHECKS_FROM_LLVM, 0, 0), []),
        ((22, 1, 0), []),
    ],
)
def test_overlap_checks_are_raised_only_below_the_llvm_that_needs_none(
    monkeypatch, options, version, expected
):
    monkeypatch.setattr(binding, "llvm_version_info", version)
    compiled._vectorizer_checks()
    compiled._vectorizer_checks()  # once per process
    assert options == expected


def test_the_checks_are_set_before_a_kernel_compiles(monkeypatch, options):
    pytest.importorskip("numba")
    monkeypatch.setattr(binding, "llvm_version_info", (14, 0, 6))

    def twice(x: float) -> float:
        return 2.0 * x

    kernel = compiled.compile_kernel(twice)
    assert options  # set by compile_kernel, before numba sees the function
    assert kernel(1.5) == 3.0
