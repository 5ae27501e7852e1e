"""load → validate → link over a whole data folder, collecting every problem before failing."""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from djkb.data import editorial, unsafe_markup
from djkb.data.context import CheckContext, string_values, text_position
from djkb.data.link import UNCHECKED_REFERENCES_NOTE, Corpus, link, references_wait_for_id
from djkb.data.load import LoadedDoc, load_bytes, load_file
from djkb.data.schema import DRAFT_STATUS, MARKDOWN_FIELDS, RECORD_TYPE_BY_KIND, CheckSettings, Taxonomy
from djkb.data.validate import (
    ValidRecord,
    check_controlled_values,
    check_unvalidated_controlled_values,
    validate_doc,
    validate_taxonomy,
)
from djkb.errors import DataError, Problem, display_path
from djkb.kept import Kept, kept_or_made

TAXONOMY_FILE = "taxonomy.yml"
# Fields shown as plain text (page titles, meta descriptions, link texts): no markup at all.
PLAIN_FIELDS = (
    "title",
    "name",
    "term",
    "place",
    "region",
    "aliases",
    "tags",
    "expansion",
    "components",
    "owner",
    "issuer",
    "occasion",
    "speaker",
    "period",
)

# Extra per-record checks (personal data, copywriting…) register here: (kind, ValidRecord, context) → problems.
RecordCheck = Callable[[str, ValidRecord, CheckContext], Iterable[Problem]]


@dataclass
class CheckResult:
    corpus: Corpus | None
    problems: list[Problem]
    files_checked: int

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def safety_problems(kind: str, doc: LoadedDoc) -> list[Problem]:
    problems = []
    markdown_fields = set(MARKDOWN_FIELDS.get(kind, ()))
    for key, value in doc.data.items():
        for loc, text in string_values(value, (key,)):
            field_name = next((p for p in reversed(loc) if isinstance(p, str)), key)
            if (
                key in markdown_fields
                or (kind == "standards" and field_name in ("text", "requirement"))
                or field_name == "note"
            ):
                if not unsafe_markup.may_be_unsafe_markdown(text):
                    continue
                found = unsafe_markup.check_markdown(text)
            else:
                if not unsafe_markup.may_be_unsafe_plain(text):
                    continue
                found = unsafe_markup.check_plain(text)
            for offset, message in found:
                line, col = text_position(doc, loc, text, offset)
                problems.append(Problem(doc.display, line, col, message))
    return problems


def data_files(data_dir: Path, root: Path) -> tuple[list[tuple[str, Path, str]], list[Problem]]:
    """Every record file under data/ as (kind, path, displayed path), and a problem for anything there that is not one."""
    found: list[tuple[str, Path, str]] = []
    problems: list[Problem] = []
    if not data_dir.is_dir():
        return found, [Problem(display_path(data_dir, root), 1, 1, "找不到数据目录。")]
    prefix = display_path(data_dir, root).rstrip("/")  # resolved once, not per file (3,000 files)
    for folder, dirs, names in os.walk(data_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel_folder = Path(folder).relative_to(data_dir).parts
        for name in sorted(names):
            if name.startswith(".") or name == "README.md":
                continue
            rel = (*rel_folder, name)
            path = Path(folder, name)
            shown = "/".join((prefix, *rel))
            if len(rel) == 1:
                if name != TAXONOMY_FILE:
                    problems.append(
                        Problem(
                            shown,
                            1,
                            1,
                            f"data/ 根目录下只能有 {TAXONOMY_FILE}。记录文件请放进对应的子目录：{'、'.join(RECORD_TYPE_BY_KIND)}。",
                        )
                    )
                continue
            if len(rel) != 2 or rel[0] not in RECORD_TYPE_BY_KIND:
                problems.append(
                    Problem(
                        shown,
                        1,
                        1,
                        f"文件不在可识别的目录中，不会被发布。记录文件应放在 data/ 下这些子目录之一：{'、'.join(RECORD_TYPE_BY_KIND)}。",
                    )
                )
                continue
            suffix = Path(name).suffix
            if suffix != ".yml":
                hint = (
                    f"请把扩展名改为 .yml（文件名为 {Path(name).stem}.yml）。"
                    if suffix.lower() in (".yaml", ".yml", ".txt", "")
                    else "记录文件必须是 .yml 文件（YAML 格式的纯文本）。"
                )
                problems.append(Problem(shown, 1, 1, f"文件扩展名是“{suffix or '（无）'}”，不会被读取。{hint}"))
                continue
            found.append((rel[0], path, shown))
    return found, problems


def check_data(
    data_dir: Path,
    *,
    root: Path | None = None,
    include_drafts: bool = True,
    extra_checks: bool = True,
    warnings: bool = True,
    file_cache: Kept | None = None,
) -> CheckResult:
    """Run load → validate → link over everything in `data_dir`; never raises for bad data.

    `warnings=False` skips the checks that can only warn. `file_cache` (`mkdocs serve`, djkb/build/serve_cache.py)
    keeps each file's checked result, keyed by its bytes.
    """
    # The check allocates many small objects and keeps them (positions of every value): the cyclic garbage
    # collector would rescan them again and again (a fifth of the time at 3,000 records). Nothing here
    # creates reference cycles, so it is paused for the duration.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _check_data(
            Path(data_dir),
            root=root,
            include_drafts=include_drafts,
            extra_checks=extra_checks,
            warnings=warnings,
            file_cache=file_cache,
        )
    finally:
        if collecting:
            gc.enable()


def _check_data(
    data_dir: Path,
    *,
    root: Path | None,
    include_drafts: bool,
    extra_checks: bool,
    warnings: bool = True,
    file_cache: Kept | None = None,
) -> CheckResult:
    data_dir = Path(data_dir)
    root = Path(root) if root else data_dir.parent
    problems: list[Problem] = []
    taxonomy: Taxonomy | None = None
    taxonomy_path = data_dir / TAXONOMY_FILE
    taxonomy_display = display_path(taxonomy_path, root)
    try:
        taxonomy_doc = load_file(taxonomy_path, root)
        taxonomy, found = validate_taxonomy(taxonomy_doc)
        problems.extend(found)
    except DataError as exc:
        problems.extend(exc.problems)

    files, found = data_files(data_dir, root)
    problems.extend(found)
    valid: dict[str, list[ValidRecord]] = {kind: [] for kind in RECORD_TYPE_BY_KIND}
    invalid_ids: dict[str, set[str]] = {kind: set() for kind in RECORD_TYPE_BY_KIND}
    unvalidated: list[tuple[str, LoadedDoc]] = []  # failed their schema: references and controlled values still checked
    context = CheckContext(
        root=root,
        data_dir=data_dir,
        settings=taxonomy.checks if taxonomy is not None else CheckSettings(),
        kept=file_cache,
    )
    checks = list(editorial.RECORD_CHECKS) if extra_checks else []
    doc_checks = [*editorial.DOC_CHECKS, *(editorial.WARNING_DOC_CHECKS if warnings else [])] if extra_checks else []
    for kind, path, shown in files:
        doc, record, found = _checked_file(kind, path, shown, root, context, doc_checks, file_cache)
        if record is None and doc is not None and references_wait_for_id(kind, doc):
            found = _note_unchecked_references(found, doc)
        problems.extend(found)
        if doc is None:
            continue
        if record is None:
            # Known to exist (its own errors are reported): references to it are not errors too.
            invalid_ids[kind].add(path.stem)
            unvalidated.append((kind, doc))
            if taxonomy is not None:
                problems.extend(check_unvalidated_controlled_values(kind, doc, taxonomy, taxonomy_display))
            continue
        if record.id != path.stem:
            invalid_ids[kind].add(path.stem)  # mismatch already reported; spare its referrers
        item = ValidRecord(record, doc)
        if taxonomy is not None:
            problems.extend(check_controlled_values(kind, item, taxonomy, taxonomy_display))
        valid[kind].append(item)
    for check in checks:
        for kind, items in valid.items():
            for item in items:
                problems.extend(check(kind, item, context))
    for corpus_check in list(editorial.CORPUS_CHECKS) if extra_checks else []:
        problems.extend(corpus_check(valid, context))

    corpus = None
    if taxonomy is not None:
        corpus, found = link(taxonomy, valid, root, invalid_ids, unvalidated)
        problems.extend(found)
        if not include_drafts and any(_is_draft(k, v) for k, items in valid.items() for v in items):
            published = {k: [v for v in items if not _is_draft(k, v)] for k, items in valid.items()}
            corpus, _ = link(taxonomy, published, root, check=False)  # checked above, drafts included
        else:
            corpus.drafts = {v.record.id for v in valid["cases"] if _is_draft("cases", v)}
    return CheckResult(corpus, sorted(set(problems)), len(files) + 1)


def _note_unchecked_references(found: list[Problem], doc: LoadedDoc) -> list[Problem]:
    """The id's own error says that the file's references wait for a correct id (no second error for it)."""
    at = doc.position(("id",)) if "id" in doc.data else None
    for index, problem in enumerate(found):
        if (at is None and "“id”" in problem.message) or (at is not None and (problem.line, problem.col) == at):
            return [
                *found[:index],
                dataclasses.replace(problem, message=problem.message + UNCHECKED_REFERENCES_NOTE),
                *found[index + 1 :],
            ]
    return found


FileResult = tuple[LoadedDoc | None, Any, list[Problem]]  # (loaded file, its record or None, its problems)


def _checked_file(
    kind: str, path: Path, shown: str, root: Path, context: CheckContext, doc_checks: list, file_cache: Kept | None
) -> FileResult:
    """One file loaded, validated and checked on its own (what does not depend on other files)."""
    if file_cache is not None:
        try:
            raw = path.read_bytes()
        except OSError:
            raw = None  # load_file reports it
        if raw is not None:
            # The result depends on the bytes, where the file is and which checks run; the code is fixed for the
            # life of the process holding the cache. (Loaded files and records are never modified afterwards.)
            key = (
                kind,
                str(path),
                shown,
                str(root),
                str(context.data_dir),
                context.settings,
                tuple(doc_checks),
                hashlib.sha256(raw).digest(),
            )
            return kept_or_made(file_cache, key, lambda: _check_file(kind, path, shown, root, context, doc_checks, raw))
    return _check_file(kind, path, shown, root, context, doc_checks)


def _check_file(
    kind: str, path: Path, shown: str, root: Path, context: CheckContext, doc_checks: list, raw: bytes | None = None
) -> FileResult:
    try:
        doc = load_file(path, root, display=shown) if raw is None else load_bytes(raw, path=path, display=shown)
    except DataError as exc:
        return None, None, list(exc.problems)
    record, problems = validate_doc(kind, doc)
    problems = list(problems)
    problems.extend(safety_problems(kind, doc))
    for doc_check in doc_checks:
        problems.extend(doc_check(kind, doc, context))
    return doc, record, problems


def _is_draft(kind: str, item: ValidRecord) -> bool:
    return kind == "cases" and getattr(item.record, "status", None) == DRAFT_STATUS


def load_corpus(
    data_dir: Path, *, root: Path | None = None, include_drafts: bool = False, file_cache: Kept | None = None
) -> Corpus:
    """The validated, linked corpus; raises `DataError` with every problem if there is any error (checks that
    only warn are skipped: `djkb check` reports them)."""
    result = check_data(data_dir, root=root, include_drafts=include_drafts, warnings=False, file_cache=file_cache)
    if result.errors or result.corpus is None:
        raise DataError(result.errors or [Problem(str(data_dir), 0, 0, "数据无法读取。")])
    return result.corpus


def filter_problems(problems: Sequence[Problem], paths: Sequence[str]) -> list[Problem]:
    """Only the problems in the given files (as displayed)."""
    wanted = set(paths)
    return [p for p in problems if p.path in wanted]
