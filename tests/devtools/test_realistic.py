"""The realistic corpus (benchmarks' default) is like the repository's real cases, and valid data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from djkb.data.load import load_file
from djkb.data.pipeline import check_data
from djkb.devtools.realistic import (
    PROSE_FIELDS,
    REPO_DATA,
    Tolerance,
    compare,
    generate_realistic,
    new_case_text,
    profile,
    sentence_pool,
)
from djkb.devtools.synthetic import generate_corpus

REAL_CASES = sorted((REPO_DATA / "cases").glob("*.yml"))
TOLERANCE = Tolerance()  # stated in realistic.Tolerance: lengths ±20 % per quartile, counts ±0.3, density ±25 %


@pytest.fixture(scope="module")
def realistic(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("realistic") / "data"
    counts = generate_realistic(data, 200, seed=5)
    assert counts["cases"] == 200
    return data


def _clones(data: Path) -> list[Path]:
    return sorted(p for p in (data / "cases").glob("*.yml") if re.search(r"-r\d{5}$", p.stem))


def _template(clone: Path) -> Path:
    return REPO_DATA / "cases" / (re.sub(r"-r\d{5}$", "", clone.stem) + ".yml")


def test_check_accepts_it_with_no_problem_at_all(realistic):
    result = check_data(realistic, root=realistic.parent, include_drafts=True)
    assert [p.format() for p in result.problems] == []  # errors, near-duplicates and copywriting warnings alike
    corpus = result.corpus
    assert corpus is not None
    assert len(corpus.cases) == 200
    for kind in ("sources", "standards", "brands", "glossary"):  # every other record of the repository, as it is
        assert len(corpus.records(kind)) == len(list((REPO_DATA / kind).glob("*.yml"))), kind
    titles = [case.title for case in corpus.cases.values()]
    assert len(set(titles)) == len(titles)


def test_clones_are_like_the_real_cases(realistic):
    real = profile(REPO_DATA)
    assert real.cases == len(REAL_CASES) >= 10
    clones = profile(realistic, case_files=_clones(realistic))
    assert clones.cases == 200 - len(REAL_CASES)
    assert compare(real, clones, TOLERANCE) == []
    assert compare(real, profile(realistic), TOLERANCE) == []


def test_the_synthetic_corpus_is_not_like_the_real_cases(tmp_path):
    """The comparison can fail: the old generator's cases differ in length, list shape, references and terms."""
    generate_corpus(tmp_path / "data", 200, seed=5)
    found = compare(profile(REPO_DATA), profile(tmp_path / "data", glossary_dir=REPO_DATA), TOLERANCE)
    joined = "\n".join(found)
    for expected in (
        "background 长度",
        "results 长度",
        "lessons 列表项数",
        "每条案例的 brands",
        "standard_items",
        "术语密度",
    ):
        assert expected in joined, (expected, found)


def test_each_clone_keeps_its_files_structure_and_references(realistic):
    pool = sentence_pool(REPO_DATA)
    sentences = set(pool.sentences)
    for clone in _clones(realistic):
        mine, theirs = load_file(clone).data, load_file(_template(clone)).data
        assert list(mine) == [k for k in theirs if k not in ("not_personal", "distinct_from")]
        assert mine["id"] == clone.stem
        for key, value in theirs.items():
            if key in ("id", "title", "outcomes", *PROSE_FIELDS):
                continue
            assert mine[key] == value, (clone.name, key)  # references, controlled values, tags, dates, place
        place = re.match(r"^(?:(?:\*\*|XX)(?:省|市|县|区|街道|镇|乡|村)?)+", theirs["title"]).group(0)
        assert mine["title"].startswith(place) and mine["title"] != theirs["title"]
        for key in PROSE_FIELDS:
            old_lines, new_lines = theirs[key].split("\n"), mine[key].split("\n")
            assert len(old_lines) == len(new_lines), (clone.name, key)
            for old, new in zip(old_lines, new_lines):
                marker = re.match(r"^(- )?", old).group(0)
                assert new.startswith(marker) and (old.strip() == "") == (new.strip() == "")
                body = new[len(marker) :]
                # Whole sentences of the repository's own prose, nothing else.
                assert all(s in sentences for s in re.findall(r"[^。！？]+[。！？]+[”’）)]*", body)), body
            assert mine[key] != theirs[key]
        old_outcomes, new_outcomes = theirs.get("outcomes", []), mine.get("outcomes", [])
        assert [(o["unit"], o["what"], "value" in o) for o in old_outcomes] == [
            (o["unit"], o["what"], "value" in o) for o in new_outcomes
        ]


def test_same_seed_same_files_other_seed_other_files(tmp_path):
    def files(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.yml"))}

    generate_realistic(tmp_path / "a", 45, seed=1)
    generate_realistic(tmp_path / "b", 45, seed=1)
    generate_realistic(tmp_path / "c", 45, seed=2)
    assert files(tmp_path / "a") == files(tmp_path / "b")
    assert files(tmp_path / "a") != files(tmp_path / "c")
    assert files(tmp_path / "a").keys() == files(tmp_path / "c").keys()


def test_fewer_cases_than_the_repository_has_and_a_non_empty_folder(tmp_path):
    counts = generate_realistic(tmp_path / "small", 5)
    assert counts["cases"] == 5 == len(list((tmp_path / "small" / "cases").glob("*.yml")))
    with pytest.raises(FileExistsError):
        generate_realistic(tmp_path / "small", 50)


def test_sentences_from_text_files_join_the_pool(tmp_path):
    extra = tmp_path / "texts"
    extra.mkdir()
    (extra / "a.txt").write_text(
        "这是一个只在附加文本中出现的测试句子，用来确认附加句子进入句子库。\n", encoding="utf-8"
    )
    pool = sentence_pool(REPO_DATA, sentences_from=extra)
    assert "这是一个只在附加文本中出现的测试句子，用来确认附加句子进入句子库。" in pool.sentences
    assert len(pool.sentences) > len(sentence_pool(REPO_DATA).sentences)


def test_a_new_case_file_is_valid_and_unlike_the_others(realistic, tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(realistic, data)
    (data / "cases" / "bench-added-case.yml").write_text(new_case_text(data, "bench-added-case", seed=3), "utf-8")
    result = check_data(data, root=tmp_path, include_drafts=True)
    assert [p.format() for p in result.problems] == []
    assert "bench-added-case" in result.corpus.cases
