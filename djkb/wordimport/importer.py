"""Import a batch of Word documents: one draft case per document, an import report each, then the project's checks.

One document's failure never stops the others: each is read, mapped, written (never over an existing file) and
reported on its own. A draft is written only when the project's strict loader and the case schema's loader
accept the YAML text produced; afterwards the same checks as `djkb check` run over the data folder and the
problems of the new files are returned with each result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from djkb.data.ids import free_id, slug_from_title
from djkb.data.load import load_bytes, load_file
from djkb.data.pipeline import check_data
from djkb.data.schema import ID_RE, Taxonomy
from djkb.errors import DataError, Problem, display_path
from djkb.wordimport.draft import Draft, ReportEntry, build_draft
from djkb.wordimport.reader import ImportRefused, read_docx
from djkb.wordimport.yamlout import draft_yaml

WORD_SUFFIXES = (".docx", ".doc", ".wps")
REPORT_DIR_NAME = "导入报告"


@dataclass
class DocumentResult:
    source: Path
    shown: str  # the source as printed
    written: str | None = None  # data/cases/<id>.yml as printed, when a draft was written
    refused: str | None = None  # why nothing was written (Chinese)
    draft: Draft | None = None
    report: str = ""  # the import report (Markdown)
    report_path: str | None = None
    problems: list[Problem] = field(default_factory=list)  # `djkb check` findings in the written draft
    outline: list[str] = field(default_factory=list)  # the document's paragraphs, when no part was recognised

    @property
    def entries(self) -> list[ReportEntry]:
        return self.draft.entries if self.draft else []


def collect_sources(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """Files to import from the arguments (folders searched for Word files), and notes on what was passed over."""
    found: list[Path] = []
    notes: list[str] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in WORD_SUFFIXES:
                    if child.name.startswith("~$"):
                        notes.append(f"{child}：跳过。这是 Word 打开文档时生成的临时文件（以“~$”开头），不是案例材料。")
                    else:
                        found.append(child)
        elif path.name.startswith("~$"):
            notes.append(f"{path}：跳过。这是 Word 打开文档时生成的临时文件（以“~$”开头），不是案例材料。")
        else:
            found.append(path)
    return found, notes


def load_taxonomy(data_dir: Path) -> Taxonomy | None:
    try:
        return Taxonomy.model_validate(load_file(data_dir / "taxonomy.yml", data_dir.parent).data)
    except (DataError, ValueError):
        return None


def import_documents(
    sources: list[Path],
    *,
    data_dir: Path,
    root: Path,
    report_dir: Path | None,
    today: dt.date | None = None,
    run_checks: bool = True,
) -> list[DocumentResult]:
    taxonomy = load_taxonomy(data_dir)
    domains = taxonomy.names("domains") if taxonomy else []
    org_types = taxonomy.names("org_types") if taxonomy else []
    cases_dir = data_dir / "cases"
    results = []
    for source in sources:
        result = DocumentResult(source, display_path(source, root))
        try:
            _import_one(result, cases_dir=cases_dir, root=root, domains=domains, org_types=org_types, today=today)
        except ImportRefused as exc:
            result.refused = str(exc)
        except Exception as exc:  # one document's unexpected failure must not stop the batch
            result.refused = (
                f"导入时出现意外错误（{type(exc).__name__}: {exc}）。没有写入任何文件。请把这个 Word 文件发给维护人员。"
            )
        result.report = report_text(result)
        if report_dir is not None and (result.draft is not None or result.refused):
            report_dir.mkdir(parents=True, exist_ok=True)
            stem = Path(result.written).stem if result.written else source.stem
            target = report_dir / f"{stem}.md"
            target.write_text(result.report, encoding="utf-8", newline="\n")
            result.report_path = display_path(target, root)
        results.append(result)
    written = [r for r in results if r.written]
    if run_checks and written:
        problems = check_data(data_dir, root=root, include_drafts=True).problems
        for result in written:
            result.problems = [p for p in problems if p.path == result.written]
    return results


def _import_one(
    result: DocumentResult,
    *,
    cases_dir: Path,
    root: Path,
    domains: list[str],
    org_types: list[str],
    today: dt.date | None,
) -> None:
    content = read_docx(result.source)
    if not content.blocks:
        raise ImportRefused(
            "文档里没有文字（空白文档）。请确认选对了文件；如果内容在图片或扫描件里，请先把文字录入 Word。"
        )
    draft = build_draft(content, domains=domains, org_types=org_types, today=today)
    result.draft = draft
    if not draft.fields.any() and any("案例模板中的填写说明" in e.text for e in draft.entries):
        raise ImportRefused("这是还没有填写的案例模板：各部分仍是模板中的说明。请把说明换成案例内容后再导入。")
    if not draft.recognised:
        kinds = {"para": "段落", "item": "列表项", "table": "表格"}
        result.outline = [
            f"第 {b.index} 段（{kinds[b.kind]}{'，样式 ' + b.style if b.style and b.style != 'Normal' else ''}{'，加粗' if b.all_bold else ''}）：{b.text[:60]}"
            for b in content.blocks
        ]
        raise ImportRefused(
            "没有识别出案例的各部分：文中找不到“背景”“做法”“成效”“启示”（或“基本情况”“主要做法”“取得成效”“经验启示”等）这样的小标题。"
            "请按案例模板（djkb import --template 案例模板.docx）给各部分加上小标题后再导入；导入报告列出了文中找到的内容。"
        )
    wanted = slug_from_title(draft.title)
    if not ID_RE.match(wanted) or len(wanted) < 2:
        wanted = "case"
    record_id = free_id(wanted, cases_dir)
    target = cases_dir / f"{record_id}.yml"
    shown = display_path(target, root)
    text = draft_yaml(record_id, draft, source_name=result.source.name, path=shown)
    try:
        load_bytes(text.encode("utf-8"), path=target, display=shown)
    except DataError as exc:  # the importer's own output must load: never write a file the loader refuses
        raise ImportRefused(
            "导入生成的草稿无法通过格式检查，没有写入："
            + "；".join(p.message for p in exc.problems[:3])
            + "。请把这个 Word 文件发给维护人员。"
        ) from None
    cases_dir.mkdir(parents=True, exist_ok=True)
    with open(target, "xb") as handle:  # exclusive: never overwrite a file that appeared meanwhile
        handle.write(text.encode("utf-8"))
    result.written = shown


def report_text(result: DocumentResult) -> str:
    lines = [f"# 导入报告：{result.source.name}", "", f"- 来源文件：{result.shown}"]
    if result.written:
        lines.append(f"- 结果：已写入草稿 {result.written}（status: 草稿）")
    else:
        lines.append(f"- 结果：没有写入任何文件。{result.refused or ''}")
    draft = result.draft
    if draft is not None:
        lines += ["", "## 各部分的去向", ""]
        lines += [f"- {m}" for m in draft.mapping] or ["- （没有识别出任何小标题）"]
        lines += ["", f"## 需要编辑处理的地方（{len(draft.entries)} 项）", ""]
        if not draft.entries:
            lines.append("- 无：全部内容都已按小标题放入对应字段。")
        for kind in ("缺少内容", "待确认", "未识别的标题", "未导入", "文字处理"):
            items = [e for e in draft.entries if e.kind == kind]
            if items:
                lines += [f"### {kind}（{len(items)} 项）", ""]
                lines += [f"- {e.where + '：' if e.where else ''}{e.text}" for e in items]
                lines.append("")
    if result.outline:
        lines += ["", "## 文中的全部段落（没有一段被认作背景、做法、成效或启示的小标题）", ""]
        lines += [f"- {line}" for line in result.outline]
    return "\n".join(lines).rstrip() + "\n"
