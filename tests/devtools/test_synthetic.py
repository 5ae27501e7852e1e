"""The synthetic corpus used by benchmarks and scale tests is valid data in the real schema."""

from __future__ import annotations

from pathlib import Path

from djkb.data.pipeline import check_data
from djkb.devtools.synthetic import generate_corpus


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.yml"))}


def test_fifty_generated_cases_pass_check(tmp_path):
    data = tmp_path / "data"
    counts = generate_corpus(data, 50, seed=3)
    assert counts["cases"] == 50
    result = check_data(data, root=tmp_path)
    assert [p.format() for p in result.errors] == []
    corpus = result.corpus
    assert corpus is not None
    for kind, count in counts.items():
        assert len(corpus.records(kind)) == count == len(list((data / kind).glob("*.yml"))), kind
    cases = list(corpus.cases.values())
    # Facets have something to filter and cases link into the rest of the corpus.
    assert len({c.domain for c in cases}) >= 4
    assert len({c.region for c in cases}) >= 5
    assert len({c.year for c in cases}) >= 4
    assert sum(1 for c in cases if c.brands) >= 25
    assert sum(1 for c in cases if c.standard_items) >= 25
    assert all("**" in c.place for c in cases)
    body = [len((c.background + c.practice + c.results + c.lessons).encode()) for c in cases]
    assert 1000 < sum(body) / len(body) < 2500


def test_same_seed_same_files_other_seed_other_files(tmp_path):
    generate_corpus(tmp_path / "a", 20, seed=7)
    generate_corpus(tmp_path / "b", 20, seed=7)
    generate_corpus(tmp_path / "c", 20, seed=8)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert _files(tmp_path / "a") != _files(tmp_path / "c")


def test_refuses_to_write_into_a_non_empty_folder(tmp_path):
    (tmp_path / "keep.txt").write_text("x")
    try:
        generate_corpus(tmp_path, 5)
    except FileExistsError:
        pass
    else:
        raise AssertionError("generate_corpus wrote into a non-empty folder")
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]
