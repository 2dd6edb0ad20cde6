"""Whether a Chrome or Chromium is on PATH: Kaleido (figure export) and Playwright need one."""

import shutil

import pytest

#: The browser found on PATH, or None.
BROWSER = next(
    (
        path
        for name in ("chromium", "chromium-browser", "google-chrome", "chrome")
        if (path := shutil.which(name))
    ),
    None,
)

#: Skip a test that exports figures through Kaleido where no browser is installed.
needs_browser = pytest.mark.skipif(
    BROWSER is None,
    reason="Kaleido exports PNG/SVG/PDF figures with Chrome or Chromium and none is on PATH "
    "(apt-get install chromium; .ci/run installs it)",
)
