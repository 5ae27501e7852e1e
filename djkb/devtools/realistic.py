"""A data folder grown from the repository's own records, for benchmarks that must measure data like the real data.

`generate_realistic(out_dir, n_cases, seed=…)` copies the repository's data/ (taxonomy, sources, standards, brands,
glossary and the real cases) and adds clones of the real case files, round-robin, up to `n_cases` cases in all.
A clone keeps its file's keys in their order, its references (brands, standards, standard items, sources), its
controlled values (place, region, org_type, domain, year, status, dates), tags and list shapes (as many list items
and paragraphs per field; outcomes keep their count, units and indicators, with other values). Its prose (title,
summary, background, practice, results, lessons, outcome notes) is replaced, line by line, by sentences of about
the same length drawn from the prose of every record in the repository (cases, brands, standards and their items,
glossary explanations, source summaries), so the text costs what real text costs: the same lengths, Markdown shape,
punctuation, anonymised places (`**县`, `XX省`) and density of glossary terms. Titles keep their anonymised place
prefix and stay unique; the same seed gives the same files.

Why not the synthetic generator (`synthetic.py`): its cases are short, uniform and light on references, and
its standards and brands are few; a build over them is cheaper for us and dearer for a baseline than the real data.
`profile()` and `compare()` measure how close a corpus is to the real cases (tests/devtools/test_realistic.py).
"""

from __future__ import annotations

import bisect
import json
import random
import re
import shutil
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from djkb.data.editorial import without_digit_spacing
from djkb.data.load import load_file
from djkb.project import PACKAGE_DIR

REPO_DATA = PACKAGE_DIR.parent / "data"
RECORD_KINDS = ("sources", "standards", "brands", "glossary", "cases")

# Case fields whose text is replaced in a clone (every other field is kept as written).
PROSE_FIELDS = ("summary", "background", "practice", "results", "lessons")
# Prose read from each kind of record for the sentence pool (lists of strings and standard items included).
POOL_FIELDS = {
    "cases": ("title", "summary", "background", "practice", "results", "lessons"),
    "brands": ("summary", "goals", "measures"),
    "standards": ("summary", "description"),
    "glossary": ("explanation",),
    "sources": ("summary",),
}
# What a clone never keeps: confirmations that numbers in the original text are not personal data (that text is
# gone), and "not a duplicate of" notes about the original's text.
DROPPED_FIELDS = ("not_personal", "distinct_from")

_LIST_PREFIX = re.compile(r"^(\s*(?:[-*+] |\d+[.)] )?)")
_SENTENCE = re.compile(r"[^。！？!?]+(?:[。！？!?]+[”’」』）)]*|$)")
_CLAUSE_SPLIT = re.compile(r"[，；：。！？,;:!?]")
_LONG_NUMBER = re.compile(r"\d[\d \-]{10}")  # never carry a run that the personal-data check would look at
_PLACE_PREFIX = re.compile(r"^(?:(?:\*\*|XX)(?:省|自治区|市|州|盟|县|区|旗|街道|镇|乡|村|社区)?)+")
_PAIRS = ("“”", "‘’", "（）", "()", "《》", "「」", "【】", "[]")


def _balanced(text: str) -> bool:
    return all(text.count(a) == text.count(b) for a, b in _PAIRS) and "`" not in text


def _tidy(text: str) -> bool:
    """Whether `djkb check`'s copywriting rules leave the text as it is. Its quick pre-test looks at a whole file,
    so a sentence that passes unnoticed in its own file (`党建+网格`) could be flagged in a clone beside a digit."""
    import autocorrect_py  # a dependency of `djkb check`; loaded only when a pool is made

    return all(without_digit_spacing(f.old, f.new) == f.old for f in autocorrect_py.lint_for(text, "text").lines)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for entry in value:
            yield from _strings(entry)


@dataclass
class SentencePool:
    """Sentences (ending in 。！？) and clauses (no final punctuation) by length, for filling a target length."""

    sentences: list[str] = field(default_factory=list)
    clauses: list[str] = field(default_factory=list)

    def add_text(self, text: str) -> None:
        for line in text.split("\n"):
            body = line[_LIST_PREFIX.match(line).end() :].strip()
            for found in _SENTENCE.finditer(body):
                sentence = found.group(0).strip()
                if len(sentence) < 4 or _LONG_NUMBER.search(sentence) or not _balanced(sentence):
                    continue
                if sentence[-1] not in "。！？!?”’」』）)":
                    sentence += "。"
                self.sentences.append(sentence)
                for clause in _CLAUSE_SPLIT.split(sentence):
                    clause = clause.strip("“”‘’ ")
                    if 4 <= len(clause) and _balanced(clause) and not clause[0].isdigit():
                        self.clauses.append(clause)

    def freeze(self) -> None:
        # Sorted and de-duplicated, so that the pool (and every file drawn from it) is independent of file order.
        self.sentences = sorted({s for s in set(self.sentences) if _tidy(s)}, key=lambda s: (len(s), s))
        self.clauses = sorted({s for s in set(self.clauses) if _tidy(s)}, key=lambda s: (len(s), s))
        self._sentence_lengths = [len(s) for s in self.sentences]
        self._clause_lengths = [len(s) for s in self.clauses]

    def fill(self, target: int, rng: random.Random, used: set[str], *, clauses: bool = False, joiner: str = "") -> str:
        """Units joined to about `target` characters: the last unit within ±15 % of what remains, the others
        taking 30–60 % of what remains, none used twice in the same case (`used`)."""
        units = self.clauses if clauses else self.sentences
        lengths = self._clause_lengths if clauses else self._sentence_lengths
        parts: list[str] = []
        remaining = max(target, 1)
        while True:
            final = self._pick(units, lengths, remaining * 0.85, remaining * 1.15, rng, used)
            if final is not None:
                parts.append(final)
                break
            if parts and remaining < lengths[0] * 1.5:
                break  # what is left is shorter than any unit: stop a little short rather than overshoot
            part = self._pick(units, lengths, remaining * 0.3, remaining * 0.6, rng, used)
            if part is None:  # nothing short enough: the nearest length there is
                index = min(bisect.bisect_left(lengths, remaining), len(units) - 1)
                part = units[index]
            parts.append(part)
            used.add(part)
            remaining -= len(part) + len(joiner)
            if remaining <= 0:
                break
        used.update(parts)
        return joiner.join(parts)

    @staticmethod
    def _pick(
        units: list[str], lengths: list[int], low: float, high: float, rng: random.Random, used: set[str]
    ) -> str | None:
        start, stop = bisect.bisect_left(lengths, low), bisect.bisect_right(lengths, high)
        if start >= stop:
            return None
        for _ in range(8):
            unit = units[rng.randrange(start, stop)]
            if unit not in used:
                return unit
        return units[rng.randrange(start, stop)]


def sentence_pool(data_dir: Path, *, sentences_from: Path | None = None, max_cases: int | None = None) -> SentencePool:
    """The prose of every record under `data_dir` (and of the .txt files under `sentences_from`), as units."""
    pool = SentencePool()
    for kind, fields in POOL_FIELDS.items():
        files = sorted((data_dir / kind).glob("*.yml"))
        if kind == "cases" and max_cases is not None:
            files = files[:max_cases]
        for path in files:
            data = load_file(path).data
            for key in fields:
                for text in _strings(data.get(key)):
                    pool.add_text(text)
            for item in data.get("items") or ():  # a standard's items: their explanations and requirements
                if isinstance(item, dict):
                    for key in ("text", "requirement"):
                        if isinstance(item.get(key), str):
                            pool.add_text(item[key])
    if sentences_from is not None:
        for path in sorted(Path(sentences_from).rglob("*.txt")):
            pool.add_text(path.read_text(encoding="utf-8"))
    if not pool.sentences or not pool.clauses:
        raise ValueError(f"{data_dir} 中没有可用的文字（句子）。")
    pool.freeze()
    return pool


# -- cloning --------------------------------------------------------------------------------------------------


class CaseCloner:
    """Makes clones of case files with new prose from a pool; remembers titles and ids already taken."""

    def __init__(self, pool: SentencePool, rng: random.Random, *, titles: Iterable[str] = (), ids: Iterable[str] = ()):
        self.pool = pool
        self.rng = rng
        self.titles = set(titles)
        self.ids = set(ids)

    def clone(self, template: dict[str, Any], new_id: str) -> str:
        """YAML text of a clone of `template` (a case file's data, in its key order) under `new_id`."""
        if new_id in self.ids:
            raise ValueError(f"编号 {new_id} 已被使用。")
        self.ids.add(new_id)
        # The original's own sentences are not drawn again: a clone shares no text with its template.
        own = SentencePool()
        for key in ("title", *PROSE_FIELDS):
            if isinstance(template.get(key), str):
                own.add_text(template[key])
        used: set[str] = {*own.sentences, *own.clauses}
        fields: list[tuple[str, Any]] = []
        for key, value in template.items():
            if key in DROPPED_FIELDS:
                continue
            if key == "id":
                value = new_id
            elif key == "title":
                value = self._title(str(value), used)
            elif key in PROSE_FIELDS and isinstance(value, str):
                value = self._prose(value, used)
            elif key == "outcomes" and isinstance(value, list):
                value = [self._outcome(entry, used) if isinstance(entry, dict) else entry for entry in value]
            fields.append((key, value))
        return dump_fields(fields)

    def _title(self, original: str, used: set[str]) -> str:
        prefix = _PLACE_PREFIX.match(original).group(0)
        target = max(len(original) - len(prefix), 4)
        for attempt in range(200):
            if attempt < 20:
                body = self.pool.fill(target, self.rng, used, clauses=True, joiner="，")
            else:  # one clause titles are taken: two, split at a random point
                first = self.pool.fill(max(2, int(target * self.rng.uniform(0.3, 0.6))), self.rng, used, clauses=True)
                body = first + "，" + self.pool.fill(max(2, target - len(first) - 1), self.rng, used, clauses=True)
            title = prefix + body
            if title not in self.titles:
                self.titles.add(title)
                return title
        raise RuntimeError("无法生成不重复的标题：句子库太小。")

    def _prose(self, original: str, used: set[str]) -> str:
        """Each line replaced by sentences of about its length; list markers, blank lines and the end kept."""
        lines = []
        for line in original.split("\n"):
            prefix = _LIST_PREFIX.match(line).group(1)
            body = line[len(prefix) :]
            lines.append(prefix + self.pool.fill(len(body), self.rng, used) if body.strip() else line)
        return "\n".join(lines)

    def _outcome(self, entry: dict[str, Any], used: set[str]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in entry.items():
            if key == "value" and isinstance(value, (int, float)) and not isinstance(value, bool):
                value = self._vary(value)
            elif key == "note" and isinstance(value, str) and value.strip():
                value = self.pool.fill(len(value), self.rng, used, clauses=True, joiner="，")
            out[key] = value
        return out

    def _vary(self, value: int | float) -> int | float:
        if isinstance(value, int):
            return max(1, round(value * self.rng.uniform(0.5, 1.5))) if value > 0 else value
        decimals = len(repr(value).split(".")[1]) if "." in repr(value) else 0
        varied = round(value * self.rng.uniform(0.5, 1.5), decimals)
        return varied if varied != 0 or value == 0 else value


def generate_realistic(
    out_dir: Path,
    n_cases: int,
    *,
    seed: int = 0,
    base_data: Path | None = None,
    sentences_from: Path | None = None,
) -> dict[str, int]:
    """Write a data folder with every record of `base_data` (default: the repository's data/) and `n_cases`
    cases in all (its cases first, then clones of them); return the count per kind.

    `out_dir` must be empty or missing: the generator never deletes anything. With fewer `n_cases` than real
    cases, the first `n_cases` of them (by file name) are kept.
    """
    out = Path(out_dir)
    base = Path(base_data or REPO_DATA)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} 不是空目录：请指定一个新的目录。")
    if not (base / "taxonomy.yml").is_file():
        raise FileNotFoundError(f"找不到受控词表 {base / 'taxonomy.yml'}")
    templates = sorted((base / "cases").glob("*.yml"))
    if not templates:
        raise FileNotFoundError(f"{base / 'cases'} 中没有案例文件，无法据此生成。")
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(base / "taxonomy.yml", out / "taxonomy.yml")
    counts: dict[str, int] = {}
    for kind in RECORD_KINDS:
        (out / kind).mkdir()
        files = sorted((base / kind).glob("*.yml"))
        if kind == "cases":
            files = files[:n_cases]
        for path in files:
            shutil.copyfile(path, out / kind / path.name)
        counts[kind] = len(files)

    rng = random.Random(seed)
    pool = sentence_pool(base, sentences_from=sentences_from)
    docs = [load_file(path).data for path in templates]
    cloner = CaseCloner(pool, rng, titles=(str(d.get("title")) for d in docs), ids=(p.stem for p in templates))
    for index in range(n_cases - len(templates)):
        template = docs[index % len(docs)]
        new_id = f"{template['id']}-r{index + 1:05d}"
        (out / "cases" / f"{new_id}.yml").write_text(cloner.clone(template, new_id), encoding="utf-8")
        counts["cases"] += 1
    return counts


def new_case_text(data_dir: Path, new_id: str, *, seed: int = 0) -> str:
    """One more case for `data_dir` (as an editor adds one): the YAML of a clone of its first case with prose from
    its records and a title no case has (for `djkb bench`'s serve measurement, which times saving it)."""
    cases = sorted((data_dir / "cases").glob("*.yml"))
    pool = sentence_pool(data_dir, max_cases=200)
    titles = (str(load_file(path).data.get("title")) for path in cases)
    cloner = CaseCloner(pool, random.Random(seed), titles=titles, ids=(p.stem for p in cases))
    return cloner.clone(load_file(cases[0]).data, new_id)


# -- YAML in the editors' layout ------------------------------------------------------------------------------


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)


def _block(text: str, indent: str) -> str:
    chomp = "" if text.endswith("\n") and not text.endswith("\n\n") else ("-" if not text.endswith("\n") else "+")
    body = text[:-1] if text.endswith("\n") else text
    indicator = "2" if body[:1] == " " else ""
    return f"|{indicator}{chomp}\n" + "".join(f"{indent}{line}\n" if line else "\n" for line in body.split("\n"))


def dump_fields(fields: list[tuple[str, Any]]) -> str:
    """A record as the editors' files write it: block lists, `|` blocks for multi-line text, every key kept."""
    lines: list[str] = []
    for key, value in fields:
        if isinstance(value, str) and "\n" in value:
            lines.append(f"{key}: {_block(value, '  ')}".rstrip("\n"))
        elif isinstance(value, list):
            if not value:
                lines.append(f"{key}: []")
                continue
            lines.append(f"{key}:")
            for entry in value:
                if isinstance(entry, dict):
                    for i, (k, v) in enumerate(entry.items()):
                        lines.append(("  - " if i == 0 else "    ") + f"{k}: {_scalar(v)}")
                else:
                    lines.append(f"  - {_scalar(entry)}")
        elif isinstance(value, dict):
            lines.append(f"{key}:")
            lines.extend(f"  {k}: {_scalar(v)}" for k, v in value.items())
        else:
            lines.append(f"{key}: {_scalar(value)}")
    return "\n".join(lines) + "\n"


# -- how close a corpus is to the real cases --------------------------------------------------------------------

LIST_FIELDS = ("practice", "lessons", "results", "background")
REFERENCE_LISTS = ("brands", "standards", "standard_items", "sources", "tags")


@dataclass(frozen=True)
class Quartiles:
    q1: float
    median: float
    q3: float

    @classmethod
    def of(cls, values: list[float]) -> "Quartiles":
        if len(values) < 2:
            value = float(values[0]) if values else 0.0
            return cls(value, value, value)
        q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
        return cls(q1, median, q3)


@dataclass
class Profile:
    """Per-case statistics of a data folder's cases (characters of text, not bytes)."""

    cases: int
    lengths: dict[str, Quartiles]  # title and prose fields
    list_items: dict[str, float]  # mean `- ` items per prose field
    paragraphs: dict[str, float]  # mean blocks separated by blank lines, per prose field
    references: dict[str, float]  # mean count per case
    outcomes: float  # mean count per case
    term_density: float  # glossary terms and aliases per 1,000 characters of case prose


def _glossary_terms(data_dir: Path) -> list[str]:
    terms: set[str] = set()
    for path in sorted((data_dir / "glossary").glob("*.yml")):
        data = load_file(path).data
        terms.update(t for t in [data.get("term"), *(data.get("aliases") or [])] if isinstance(t, str) and t)
    return sorted(terms, key=len, reverse=True)


def profile(data_dir: Path, *, case_files: Iterable[Path] | None = None, glossary_dir: Path | None = None) -> Profile:
    """Statistics of the cases under `data_dir` (or of `case_files`); glossary terms from `glossary_dir`'s data."""
    files = sorted(case_files) if case_files is not None else sorted((data_dir / "cases").glob("*.yml"))
    terms = _glossary_terms(glossary_dir or data_dir)
    pattern = re.compile("|".join(re.escape(t) for t in terms)) if terms else None
    lengths: dict[str, list[float]] = {f: [] for f in ("title", *PROSE_FIELDS)}
    items: dict[str, list[float]] = {f: [] for f in LIST_FIELDS}
    paragraphs: dict[str, list[float]] = {f: [] for f in LIST_FIELDS}
    references: dict[str, list[int]] = {f: [] for f in REFERENCE_LISTS}
    outcomes: list[int] = []
    hits = chars = 0
    for path in files:
        data = load_file(path).data
        for key in lengths:
            lengths[key].append(len(str(data.get(key) or "").strip()))
        for key in LIST_FIELDS:
            text = str(data.get(key) or "").strip()
            items[key].append(sum(1 for line in text.split("\n") if re.match(r"^\s*[-*+] ", line)))
            paragraphs[key].append(len([b for b in re.split(r"\n\s*\n", text) if b.strip()]))
        for key in REFERENCE_LISTS:
            references[key].append(len(data.get(key) or []))
        outcomes.append(len(data.get("outcomes") or []))
        prose = "\n".join(str(data.get(key) or "") for key in ("title", *PROSE_FIELDS))
        chars += len(prose)
        hits += len(pattern.findall(prose)) if pattern else 0
    return Profile(
        cases=len(files),
        lengths={k: Quartiles.of(v) for k, v in lengths.items()},
        list_items={k: statistics.fmean(v) if v else 0.0 for k, v in items.items()},
        paragraphs={k: statistics.fmean(v) if v else 0.0 for k, v in paragraphs.items()},
        references={k: statistics.fmean(v) if v else 0.0 for k, v in references.items()},
        outcomes=statistics.fmean(outcomes) if outcomes else 0.0,
        term_density=1000 * hits / chars if chars else 0.0,
    )


@dataclass(frozen=True)
class Tolerance:
    """How far a generated corpus may stray from the real cases before it no longer counts as like them."""

    length: float = 0.20  # relative, on each quartile of each field's length
    items: float = 0.3  # absolute, on the mean list items / paragraphs per field (counts are small integers)
    references: float = 0.20  # relative (or 0.3 absolute for small means), on the mean per case
    term_density: float = 0.25  # relative


def _close(real: float, other: float, relative: float, absolute: float = 0.0) -> bool:
    return abs(other - real) <= max(relative * abs(real), absolute)


def compare(real: Profile, other: Profile, tolerance: Tolerance = Tolerance()) -> list[str]:
    """Every statistic of `other` outside the tolerance around `real`'s, one line each (empty: alike)."""
    found: list[str] = []
    for key, quartiles in real.lengths.items():
        theirs = other.lengths[key]
        for name in ("q1", "median", "q3"):
            a, b = getattr(quartiles, name), getattr(theirs, name)
            if not _close(a, b, tolerance.length):
                found.append(f"{key} 长度 {name}：真实 {a:.0f} 字，生成 {b:.0f} 字")
    for label, mine, theirs in (
        ("列表项", real.list_items, other.list_items),
        ("段落", real.paragraphs, other.paragraphs),
    ):
        for key, mean in mine.items():
            if not _close(mean, theirs[key], 0.0, tolerance.items):
                found.append(f"{key} {label}数：真实平均 {mean:.2f}，生成 {theirs[key]:.2f}")
    for key, mean in real.references.items():
        if not _close(mean, other.references[key], tolerance.references, 0.3):
            found.append(f"每条案例的 {key}：真实平均 {mean:.2f}，生成 {other.references[key]:.2f}")
    if not _close(real.outcomes, other.outcomes, tolerance.references, 0.3):
        found.append(f"每条案例的 outcomes：真实平均 {real.outcomes:.2f}，生成 {other.outcomes:.2f}")
    if not _close(real.term_density, other.term_density, tolerance.term_density):
        found.append(f"术语密度（每千字）：真实 {real.term_density:.1f}，生成 {other.term_density:.1f}")
    return found
