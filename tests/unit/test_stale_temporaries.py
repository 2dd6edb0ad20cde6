"""Temporaries a killed run left are removed; a live run's, or a sibling target's, are not."""

import os

from valorize.report.files import remove_stale_temporaries


def test_only_this_targets_dead_temporaries_go(tmp_path):
    dead = tmp_path / ".fig-999999-abcd1234.png"  # no process 999999
    mine = tmp_path / f".fig-{os.getpid()}-efgh5678.png"  # a run still writing
    sibling = tmp_path / f".fig-9-{os.getpid()}-ijkl9012.png"  # target fig-9.png, live
    other = tmp_path / ".fig-999999-abcd1234.svg"  # another format
    for path in (dead, mine, sibling, other):
        path.write_text("")
    assert remove_stale_temporaries(tmp_path, tmp_path / "fig.png") == [dead]
    assert mine.exists() and sibling.exists() and other.exists() and not dead.exists()
