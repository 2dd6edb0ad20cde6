"""Samples of an uncertainty run written to Parquet chunk by chunk (pyarrow, optional).

One row per sample, one column per sampled input (named by its parameter,
e.g. ``price.refined_selenium``) and per output; each chunk is one row group,
so writing takes one chunk's memory whatever the number of samples.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from valorize.errors import InputError

INSTALL_HINT = "pip install 'valorize[scale]' (or pip install pyarrow)"


def require_pyarrow(option: str = "--out") -> None:
    """Fail early, in one line, when pyarrow is missing."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise InputError(
            f"{option}: writing the samples as Parquet needs pyarrow; {INSTALL_HINT}, "
            "or give --no-samples"
        ) from None


class ParquetSamples:
    """Write chunks of samples to one Parquet file: ``write`` each, then ``close``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._writer: Any = None

    def write(self, inputs: dict[str, np.ndarray], outputs: dict[str, np.ndarray]) -> None:
        """Append one chunk (inputs then outputs) as a row group."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.table({**inputs, **outputs})
        if self._writer is None:
            self._writer = pq.ParquetWriter(self.path, table.schema, compression="zstd")
        self._writer.write_table(table)

    def close(self) -> None:
        """Finish the file."""
        if self._writer is not None:
            self._writer.close()
