#!/usr/bin/env bash
# Build .venv-peer: valorize beside BioSTEAM < 2.52 for benchmarks/bench_vs_biosteam.py.
#
# BioSTEAM 2.52 and later, and thermosteam 0.52, use Python 3.12 syntax; BioSTEAM 2.51
# comes as a source package whose dependencies build with setuptools' pkg_resources
# (removed in setuptools 81); its thermosteam's numba wants NumPy 1.x. So: Python 3.11,
# setuptools < 81 for the builds, thermosteam < 0.52, NumPy < 2.
# Run from a clone: bash benchmarks/peer_env.sh, then
#   .venv-peer/bin/python benchmarks/bench_vs_biosteam.py
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null || PYTHON=python3
"$PYTHON" -m venv .venv-peer
.venv-peer/bin/pip install -q "setuptools<81" wheel
printf 'setuptools<81\nthermosteam<0.52\nnumpy<2\n' > .venv-peer/constraints.txt
PIP_CONSTRAINT=.venv-peer/constraints.txt .venv-peer/bin/pip install -q -e . "biosteam<2.52"
.venv-peer/bin/python -c "import biosteam, valorize; print('valorize', valorize.__version__, 'and biosteam', biosteam.__version__, 'in .venv-peer')"
