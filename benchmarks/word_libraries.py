"""Compare the .docx libraries considered for `djkb import` on the same fixtures: what each one lets us recover, and speed.

    .venv/bin/pip install mammoth==1.13.0 docx2python==3.7.1   # only for this comparison; not project dependencies
    .venv/bin/python benchmarks/word_libraries.py

The fixture is the richest test document (tests/wordimport/docx_fixtures.py): a Title-style title, Word heading
styles, bullet and numbered lists, a table, a bold run, a footnote and a picture, plus a second document whose
headings are bold paragraphs. For each library the script looks in its output for each feature and prints
yes/no, then times reading the 50 documents of benchmarks/word_import.py (CPU seconds, best of 3).
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.wordimport import docx_fixtures as fx  # noqa: E402

FEATURES = (
    "title style",
    "heading style",
    "bold heading paragraph",
    "bullet list",
    "numbered list",
    "table cells",
    "bold run",
    "footnote text",
    "picture noticed",
    "writes .docx",
)


def with_python_docx(rich: Path, bold: Path) -> dict[str, bool]:
    from djkb.wordimport.reader import read_docx

    content, plain = read_docx(rich), read_docx(bold)
    blocks = content.blocks
    return {
        "title style": any(b.style == "Title" for b in blocks),
        "heading style": any(b.style.lower() == "heading 1" for b in blocks),  # stored lower-case, as Word does
        "bold heading paragraph": any(b.all_bold and b.text == "背景" for b in plain.blocks),
        "bullet list": any(b.kind == "item" and not b.list_ordered for b in blocks),
        "numbered list": any(b.kind == "item" and b.list_ordered for b in blocks),
        "table cells": any(b.kind == "table" and b.rows[1][0] == "\\*\\*镇" for b in blocks),  # Markdown-escaped
        "bold run": any("**“四必访”**" in b.markdown for b in blocks),
        "footnote text": "统计截至2023年底。" in content.footnotes.values(),
        "picture noticed": any(s.what == "图片" for s in content.skipped),
        "writes .docx": True,
    }


def with_mammoth(rich: Path, bold: Path) -> dict[str, bool]:
    import mammoth

    with open(rich, "rb") as handle:
        html = mammoth.convert_to_html(handle).value
    with open(bold, "rb") as handle:
        plain = mammoth.convert_to_html(handle).value
    return {
        "title style": f">{fx.TITLE}</h" in html,  # the default style map leaves Title as <p> (with a warning)
        "heading style": "<h1>背景</h1>" in html,
        "bold heading paragraph": "<p><strong>背景</strong></p>" in plain,
        "bullet list": "<ul><li>建立党员联户台账" in html,
        "numbered list": "<ol><li>走访" in html,
        "table cells": "<td><p>**镇</p></td>" in html or "<td>**镇</td>" in html,
        "bold run": "<strong>“四必访”</strong>" in html,
        "footnote text": "统计截至2023年底。" in html,
        "picture noticed": "<img" in html,
        "writes .docx": False,
    }


def with_docx2python(rich: Path, bold: Path) -> dict[str, bool]:
    from docx2python import docx2python

    with docx2python(str(rich), html=True) as result:
        text, footnotes, images = result.text, result.footnotes, result.images
        body = result.body
    with docx2python(str(bold), html=True) as result:
        plain = result.text
    flat = str(body)
    return {
        "title style": f">{fx.TITLE}</h" in text,
        "heading style": "<h1>背景</h1>" in text,
        "bold heading paragraph": "<b>背景</b>" in plain,
        "bullet list": bool(re.search(r"\S\t建立党员联户台账", text)),  # a list marker before the item
        "numbered list": bool(re.search(r"1\S?\t走访", text)),
        "table cells": "**镇" in flat and "1500" in flat,  # present, though as plain paragraphs in .text
        "bold run": "坚持<b>“四必访”</b>" in text,  # only the bold run, not its plain neighbour
        "footnote text": "统计截至2023年底。" in str(footnotes),
        "picture noticed": bool(images),
        "writes .docx": False,
    }


def timed_read(paths: list[Path], library: str) -> float:
    def once() -> float:
        start = time.process_time()
        for path in paths:
            if library == "python-docx (djkb reader)":
                from djkb.wordimport.reader import read_docx

                read_docx(path)
            elif library == "mammoth":
                import mammoth

                with open(path, "rb") as handle:
                    mammoth.convert_to_html(handle)
            else:
                from docx2python import docx2python

                with docx2python(str(path), html=True) as result:
                    result.text
        return time.process_time() - start

    return min(once() for _ in range(3))


def main() -> None:
    from benchmarks.word_import import make_documents

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        rich = fx.write_case(
            tmp / "rich.docx",
            extra={"做法": [fx.add_lists, fx.add_table, fx.add_bold_run, fx.add_picture, fx.add_footnote]},
        )
        bold = fx.write_case(tmp / "bold.docx", heading_style="bold")
        (tmp / "batch").mkdir()
        batch = make_documents(tmp / "batch", 50)
        rows = {}
        for name, probe in (
            ("python-docx (djkb reader)", with_python_docx),
            ("mammoth", with_mammoth),
            ("docx2python", with_docx2python),
        ):
            try:
                found = probe(rich, bold)
            except ImportError:
                print(f"{name}: not installed (see the module docstring)")
                continue
            rows[name] = (found, timed_read(batch, name))
        print(f"{'feature':<24}" + "".join(f"{name:>28}" for name in rows))
        for feature in FEATURES:
            print(f"{feature:<24}" + "".join(f"{'yes' if found[feature] else 'no':>28}" for found, _ in rows.values()))
        print(f"{'read 50 docs (CPU s)':<24}" + "".join(f"{seconds:>28.2f}" for _, seconds in rows.values()))


if __name__ == "__main__":
    main()
