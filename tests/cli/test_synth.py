"""`djkb synth`: the benchmarks' data folder, grown from the repository's cases by default."""

from __future__ import annotations

from djkb.cli import main
from djkb.devtools.realistic import REPO_DATA


def test_synth_grows_the_repository_by_default_and_keeps_the_old_generator(tmp_path, capsys):
    assert main(["synth", str(tmp_path / "real"), "--cases", "25", "--seed", "2"]) == 0
    cases = sorted(p.name for p in (tmp_path / "real" / "cases").glob("*.yml"))
    assert len(cases) == 25
    assert set(p.name for p in (REPO_DATA / "cases").glob("*.yml")) <= set(cases)
    assert len(list((tmp_path / "real" / "brands").glob("*.yml"))) == len(list((REPO_DATA / "brands").glob("*.yml")))
    assert "由仓库案例扩充的数据" in capsys.readouterr().out

    assert main(["synth", str(tmp_path / "old"), "--cases", "25", "--corpus", "synthetic"]) == 0
    assert (tmp_path / "old" / "cases" / "case-00001.yml").is_file()

    assert main(["synth", str(tmp_path / "real"), "--cases", "5"]) == 1  # never writes into a non-empty folder
    assert "不是空目录" in capsys.readouterr().out
    assert main(["synth", str(tmp_path / "x"), "--sentences-from", str(tmp_path / "missing")]) == 1
