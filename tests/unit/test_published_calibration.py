"""The command line of the published calibrations: outputs, exit status, bad input."""

import json

import pytest

from valorize.calibration import luo2024, zha2023


def test_a_short_run_writes_its_posterior_and_says_not_converged(tmp_path, capsys):
    out = tmp_path / "luo"
    code = luo2024.main(["--max-steps", "250", "--walkers", "8", "--out", str(out)])
    assert code == 3  # as valorize calibrate: written, but NOT converged
    printed = capsys.readouterr().out
    assert printed.startswith("ASSUMED: ") and "NOT converged after 250 steps" in printed
    posterior = (out / "luo2024" / "posterior.csv").read_text().splitlines()
    assert posterior[0] == "# python -m valorize.calibration.luo2024: posterior samples"
    assert any(line.startswith("# NOT converged") for line in posterior[:4])
    assert "model.evaporation_coefficient" in next(x for x in posterior if not x[0] == "#")
    document = json.loads((out / "luo2024" / "calibration.json").read_text())
    assert document["summary"]["converged"] is False


def test_a_file_for_a_folder_is_one_error_and_nothing_runs(tmp_path, capsys):
    afile = tmp_path / "afile"
    afile.write_text("")
    assert zha2023.main(["--max-steps", "250", "--out", str(afile)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --out:") and err.count("\n") == 1
    assert afile.read_text() == ""


def test_a_negative_seed_is_one_error_line(capsys):
    with pytest.raises(SystemExit) as done:
        luo2024.main(["--seed", "-1"])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: argument --seed") and err.count("\n") == 1
