"""Speed of `djkb import` on a batch of Word write-ups — the budget is 50 documents in under 5 s.

    .venv/bin/python benchmarks/word_import.py          # 50 documents
    .venv/bin/python benchmarks/word_import.py 50 200   # other batch sizes

The documents are grown from the repository's own cases (data/cases/*.yml): each case's title, background,
practice, results and lessons written into a .docx the way offices write them, in turn with Word heading
styles, bold headings, 一、 numbered headings and （一） numbered headings, with Markdown lists as Word lists,
bold as bold runs, and every fifth document carrying a table and a sign-off (unit, date). The import runs
into a copy of the repository's data folder, so the checks afterwards cover the real records too.

Prints, per size: wall and CPU time of the whole import (read + map + write + the `djkb check` pass), the
median of RUNS runs, and the CPU share of each stage measured in one run.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import docx  # noqa: E402

from djkb.data.load import load_file  # noqa: E402
from djkb.data.pipeline import check_data  # noqa: E402
from djkb.wordimport import import_documents  # noqa: E402
from djkb.wordimport.draft import build_draft  # noqa: E402
from djkb.wordimport.reader import read_docx  # noqa: E402

BUDGET_SECONDS = 5.0
RUNS = 3
STYLES = ("style", "bold", "cn", "cnparen")
NAMES = {
    "style": ("背景", "做法", "成效", "启示"),
    "bold": ("背景与起因", "做法与经过", "取得成效", "成效及启示"),
    "cn": ("基本情况", "主要做法", "取得成效", "经验启示"),
    "cnparen": ("起因", "具体做法", "工作成效", "体会"),
}
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def _add_markdown_paragraph(document, line: str, style: str | None = None) -> None:
    paragraph = document.add_paragraph(style=style)
    position = 0
    for match in _BOLD.finditer(line):
        if match.start() > position:
            paragraph.add_run(line[position : match.start()])
        paragraph.add_run(match.group(1)).bold = True
        position = match.end()
    if position < len(line):
        paragraph.add_run(line[position:])


def write_document(case: dict, path: Path, number: int) -> None:
    style = STYLES[number % len(STYLES)]
    document = docx.Document()
    if style == "style":
        document.add_paragraph(case["title"], style="Title")
    else:
        document.add_paragraph().add_run(case["title"]).bold = True
    document.add_paragraph(case["summary"])
    prefixes = {"cn": ["一、", "二、", "三、", "四、"], "cnparen": ["（一）", "（二）", "（三）", "（四）"]}.get(
        style, [""] * 4
    )
    for prefix, name, field in zip(prefixes, NAMES[style], ("background", "practice", "results", "lessons")):
        if style == "style":
            document.add_heading(name, level=1)
        else:
            document.add_paragraph().add_run(prefix + name).bold = style == "bold"
        for line in case[field].split("\n"):
            line = line.strip()
            if not line:
                continue
            if line.startswith("- "):
                _add_markdown_paragraph(document, line[2:], "List Bullet")
            elif re.match(r"^\d+\. ", line):
                _add_markdown_paragraph(document, line.split(" ", 1)[1], "List Number")
            else:
                _add_markdown_paragraph(document, line)
        if field == "results" and number % 5 == 0:
            table = document.add_table(rows=3, cols=3)
            for r, row in enumerate([["指标", "数值", "单位"], ["新建网格", "37", "个"], ["办结事项", "1200", "件"]]):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
    if number % 5 == 0:
        document.add_paragraph("**县委组织部")
        document.add_paragraph("2024年3月15日")
    document.save(str(path))


def make_documents(folder: Path, count: int) -> list[Path]:
    cases = [load_file(p).data for p in sorted((ROOT / "data" / "cases").glob("*.yml"))]
    paths = []
    for number in range(count):
        path = folder / f"案例{number + 1:03d}.docx"
        write_document(cases[number % len(cases)], path, number)
        paths.append(path)
    return paths


def _timed(function):
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def one_run(sources: list[Path], tmp: Path, run: int) -> tuple[float, float, int]:
    project = tmp / f"project{run}"
    shutil.copytree(ROOT / "data", project / "data")
    results, wall, cpu = _timed(
        lambda: import_documents(sources, data_dir=project / "data", root=project, report_dir=project / "导入报告")
    )
    written = sum(1 for r in results if r.written)
    return wall, cpu, written


def stage_shares(sources: list[Path], tmp: Path) -> dict[str, float]:
    contents, _, read_cpu = _timed(lambda: [read_docx(p) for p in sources])
    _, _, map_cpu = _timed(
        lambda: [build_draft(c, domains=["农村", "城市社区"], org_types=["村党组织"]) for c in contents]
    )
    project = tmp / "stages"
    shutil.copytree(ROOT / "data", project / "data")
    _, _, all_cpu = _timed(
        lambda: import_documents(sources, data_dir=project / "data", root=project, report_dir=None, run_checks=False)
    )
    _, _, check_cpu = _timed(lambda: check_data(project / "data", root=project, include_drafts=True))
    return {
        "read .docx (python-docx)": read_cpu,
        "map to fields": map_cpu,
        "read+map+write (no checks)": all_cpu,
        "djkb check pass": check_cpu,
    }


def main(sizes: list[int]) -> None:
    for count in sizes:
        with tempfile.TemporaryDirectory() as tmp_name:
            tmp = Path(tmp_name)
            (tmp / "in").mkdir()
            sources = make_documents(tmp / "in", count)
            size_kb = sum(p.stat().st_size for p in sources) / 1024
            one_run(sources[:2], tmp, 99)  # warm-up: imports, pypinyin and jieba dictionaries
            runs = [one_run(sources, tmp, run) for run in range(RUNS)]
            walls = [w for w, _, _ in runs]
            cpus = [c for _, c, _ in runs]
            written = runs[0][2]
            print(f"{count} documents ({size_kb:.0f} KB of .docx), {written} drafts written per run")
            load = os.getloadavg()[0]
            print(
                f"  whole import incl. checks: best {min(walls):.2f} s wall / {min(cpus):.2f} s CPU, median {statistics.median(walls):.2f} s wall / "
                f"{statistics.median(cpus):.2f} s CPU over {RUNS} runs (load average {load:.1f} on {os.cpu_count()} cores)"
            )
            print(
                f"  budget {BUDGET_SECONDS:.0f} s: CPU time {'within' if max(cpus) < BUDGET_SECONDS else 'OVER'}, "
                f"wall time {'within' if max(walls) < BUDGET_SECONDS else 'OVER'} (wall exceeds CPU only while other work shares the cores)"
            )
            for stage, seconds in stage_shares(sources, tmp).items():
                print(f"  {stage:<28} {seconds:6.2f} s CPU")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [50])
