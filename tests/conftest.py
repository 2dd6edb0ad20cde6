import atexit
import os
import shutil
import tempfile

import numpy as np
import pytest

# the tests keep pint's conversions (valorize.quantity_memo) in a folder of their own,
# not the user's cache; the commands they start inherit it
_CACHE = tempfile.mkdtemp(prefix="valorize-test-cache-")
os.environ["VALORIZE_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)


@pytest.fixture
def rng():
    return np.random.default_rng(20261124)
