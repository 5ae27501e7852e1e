"""The trainers' printed handbook (`djkb handbook`, `djkb bundle --pdf`), read back from the PDF it writes:
text, outline, page count, fonts and metadata, the bundle's selection messages, and page pictures kept in
test-artifacts/handbook/ for a person to look at."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from djkb.bundle.handbook import CHECKLIST_SECTION, SECTIONS
from djkb.bundle.pages import bundle_name
from djkb.bundle.selection import Selection, normalize, resolve
from djkb.data.pipeline import load_corpus
from tests.conftest import ROOT, make_project

BUNDLE_DATA = ROOT / "tests" / "fixtures" / "bundle" / "data"
DATE = "2026-11-22"
ARTIFACTS = ROOT / "test-artifacts" / "handbook"
A4 = (595.28, 841.89)  # points
CLOSING = set("，。、；：？！）】》」』〕〉”’…·%,.;:?!)]}")


def run_djkb(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("DJKB_DATA_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "djkb", *args], cwd=project, env=env, capture_output=True, text=True, timeout=900
    )


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("handbook"), BUNDLE_DATA)


@pytest.fixture(scope="module")
def rural(project, tmp_path_factory):
    """`djkb handbook --domain 农村`: (pdf path, reader, the kept records, the corpus, stdout)."""
    out = tmp_path_factory.mktemp("handbook-out")
    result = run_djkb(project, "handbook", "--domain", "农村", "--date", DATE, "--out", str(out))
    assert result.returncode == 0, result.stderr
    pdfs = list(out.glob("*.pdf"))
    assert len(pdfs) == 1, pdfs
    corpus = load_corpus(project / "data", root=project)
    kept = resolve(corpus, normalize(corpus, Selection(domains=("农村",))))
    return pdfs[0], PdfReader(pdfs[0]), kept, corpus, result


def page_texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() or "" for page in reader.pages]


def outline(reader: PdfReader) -> list[tuple[str, int, list[tuple[str, int]]]]:
    """(section title, page index, [(entry title, page index)]) from the PDF's bookmarks."""
    sections: list[tuple[str, int, list[tuple[str, int]]]] = []
    for item in reader.outline:
        if isinstance(item, list):
            title, page, _ = sections[-1]
            sections[-1] = (title, page, [(child.title, reader.get_destination_page_number(child)) for child in item])
        else:
            sections.append((item.title, reader.get_destination_page_number(item), []))
    return sections


def test_named_like_the_bundle_a4_with_progress(rural):
    pdf, reader, kept, corpus, result = rural
    assert pdf.name == bundle_name("党建品牌知识库", "农村", DATE) + ".pdf"
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - A4[0]) < 1 and abs(height - A4[1]) < 1
    assert "已生成培训手册" in result.stdout and f"{len(reader.pages)} 页" in result.stdout
    for stage in ("生成页面", "转换 Markdown", "排版", "写入 PDF"):
        assert f"[手册] {stage}：" in result.stderr


def test_outline_has_every_record_and_sheet_and_nothing_else(rural):
    _, reader, kept, corpus, _ = rural
    sections = outline(reader)
    expected_sections = ["目录"] + [title for kind, title in SECTIONS if kept.ids(kind)] + [CHECKLIST_SECTION]
    assert [title for title, _, _ in sections] == expected_sections
    by_title = {title: entries for title, _, entries in sections}
    for kind, title in SECTIONS:
        names = sorted(corpus.records(kind)[i].display_name for i in kept.ids(kind))
        assert sorted(name for name, _ in by_title.get(title, [])) == names, kind
    sheets = by_title[CHECKLIST_SECTION]
    assert sorted(name for name, _ in sheets) == sorted(
        f"{corpus.standards[i].name} · 自查表" for i in kept.ids("standards")
    )
    # Every record's bookmark is on a page after the previous one's (reading order), inside the document.
    pages = [page for _, page, entries in sections for page in [page] + [p for _, p in entries]]
    assert pages == sorted(pages) and pages[-1] < len(reader.pages)


def test_text_holds_every_selected_title_and_every_item_in_order(rural):
    _, reader, kept, corpus, _ = rural
    texts = page_texts(reader)
    whole = squeeze("".join(texts))
    for kind, _ in SECTIONS:
        for record_id in kept.ids(kind):
            assert squeeze(corpus.records(kind)[record_id].display_name) in whole, (kind, record_id)
    sections = {title: entries for title, _, entries in outline(reader)}
    for name, start in sections["标准规范"]:
        standard = next(s for s in corpus.standards.values() if s.name == name)
        # From the standard's first page to the next bookmark: its numbered items, in order.
        following = [p for _, p in sections["标准规范"] + sections.get("品牌项目", []) if p > start]
        end = min(following) if following else len(texts)
        text = squeeze("".join(texts[start:end]))
        position = text.index(squeeze(standard.name))
        for number, item in enumerate(standard.items, 1):
            found = text.find(squeeze(f"{number}. {item.title}"), position)
            assert found > position, (standard.id, item.id)
            position = found
        # And on its self-check sheet, the same items in the same order.
        sheet_page = dict(sections[CHECKLIST_SECTION])[f"{standard.name} · 自查表"]
        sheet = squeeze("".join(texts[sheet_page : sheet_page + 3]))
        position = 0
        for item in standard.items:
            found = sheet.find(squeeze(item.title), position)
            assert found >= position, (standard.id, item.id)
            position = found + 1


def test_nothing_outside_the_selection(rural):
    _, reader, kept, corpus, _ = rural
    whole = squeeze("".join(page_texts(reader)))
    left_out = [c for c in corpus.cases.values() if ("cases", c.id) not in kept]
    assert left_out, "the fixture must leave cases out of this selection"
    for case in left_out:
        assert squeeze(case.title) not in whole, case.id
    for kind, _ in SECTIONS:
        for record in corpus.records(kind).values():
            if (kind, record.id) not in kept:
                assert record.display_name not in [t for _, _, entries in outline(reader) for t, _ in entries]


def test_page_count_matches_footer_and_contents(rural):
    _, reader, kept, corpus, _ = rural
    texts = page_texts(reader)
    total = len(reader.pages)
    for number, text in enumerate(texts[1:], 2):  # the cover has no footer
        assert f"第 {number} 页 / 共 {total} 页" in text, number
    # The contents give each record's page as the outline does (printed numbers start at 1).
    contents = squeeze(texts[1])
    for title, page, entries in outline(reader)[1:]:
        for name, entry_page in entries:
            assert re.search(re.escape(squeeze(name)) + r"\.*" + str(entry_page + 1), contents), name
    # Each self-check sheet starts a page of its own.
    sheets = [page for _, page in dict((t, e) for t, _, e in outline(reader))[CHECKLIST_SECTION]]
    assert len(set(sheets)) == len(sheets) == len(kept.ids("standards"))
    for page in sheets[1:]:
        assert squeeze(texts[page]).split("页/共")[0].count("自查表") >= 1


def test_internal_links_reach_the_item_pages(rural):
    """A case's standard item links to the page of that item on the standard's pages."""
    _, reader, kept, corpus, _ = rural
    names = reader.named_destinations
    item_anchors = [name for name in names if name.startswith("r-standards-") and "--item-" in name]
    assert item_anchors
    links = 0
    for index, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            action = annotation.get("/A")
            target = annotation.get("/Dest") or (action.get("/D") if action else None)
            if target is None:
                assert action and action.get("/S") == "/URI", annotation
                continue
            target = str(target)
            assert target in names, target
            links += 1
    assert links > len(kept.keys)
    for case_id in kept.ids("cases"):
        for ref in corpus.cases[case_id].standard_items:
            std_id, item_id = ref.split("#")
            if ("standards", std_id) in kept:
                assert f"r-standards-{std_id}--item-{item_id}" in names, ref


def test_metadata_title_and_language(rural):
    _, reader, _, _, _ = rural
    assert reader.metadata.title == "党建品牌知识库·培训手册（农村）"
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"


def embedded_fonts(reader: PdfReader) -> dict[str, TTFont]:
    fonts: dict[str, TTFont] = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"]
            files = [descriptor[key] for key in ("/FontFile", "/FontFile2", "/FontFile3") if key in descriptor]
            assert files, f"{font['/BaseFont']} is not embedded"
            if font["/BaseFont"] not in fonts:
                fonts[font["/BaseFont"]] = TTFont(io.BytesIO(files[0].get_object().get_data()))
    return fonts


# Record fields holding ids or reviewers' notes: not printed as such (links show the target's name).
NOT_PRINTED = {
    "id",
    "sources",
    "not_personal",
    "distinct_from",
    "brands",
    "standards",
    "related",
    "standard_items",
    "supersedes",
    "seed_file",
}


def printed_text(value) -> str:
    """Every text value of a record that its page prints."""
    if isinstance(value, dict):
        return "".join(printed_text(v) for k, v in value.items() if k not in NOT_PRINTED)
    if isinstance(value, list):
        return "".join(printed_text(v) for v in value)
    return value if isinstance(value, str) else ""


def test_cjk_fonts_embedded_with_a_glyph_for_every_character(rural):
    _, reader, kept, corpus, _ = rural
    fonts = embedded_fonts(reader)
    assert any("Noto-Serif-CJK-SC" in name for name in fonts) and any("Noto-Sans-CJK-SC" in name for name in fonts), (
        list(fonts)
    )
    covered: set[str] = set()
    for font in fonts.values():
        cmap = font.getBestCmap() or {}
        covered |= {chr(code) for code, glyph in cmap.items() if glyph != ".notdef"}
    # A case's review status (已审核) is editorial state, not shown to readers.
    text = "".join(
        printed_text(corpus.records(kind)[i].model_dump(exclude={"status"} if kind == "cases" else None))
        for kind, i in kept.keys
    )
    wanted = {ch for ch in text if not ch.isspace() and ch not in "*#`[]_|<>"}
    missing = sorted(ch for ch in wanted if ch not in covered)
    assert not missing, missing
    assert "\ufffd" not in "".join(page_texts(reader))


def test_no_line_starts_with_closing_punctuation(rural):
    _, reader, _, _, _ = rural
    for number, text in enumerate(page_texts(reader), 1):
        for line in text.splitlines():
            stripped = line.lstrip()
            assert not stripped or stripped[0] not in CLOSING or stripped[0] in ".…", (number, line)


def test_bad_selection_fails_with_the_bundles_message_and_writes_nothing(project, tmp_path):
    args = ["--domain", "农材", "--brand", "no-such-brand", "--date", DATE]
    handbook = run_djkb(project, "handbook", *args, "--out", str(tmp_path / "h"))
    bundle = run_djkb(project, "bundle", *args, "--out", str(tmp_path / "b"))
    assert handbook.returncode == bundle.returncode == 1
    assert handbook.stderr.splitlines()[1:] == bundle.stderr.splitlines()[1:]
    assert "没有这个领域“农材”。最接近的：农村。" in handbook.stderr
    assert not (tmp_path / "h").exists()
    # Names that exist but select nothing together: the bundle's "matches nothing" message, no file.
    nothing = run_djkb(project, "handbook", "--domain", "农村", "--region", "**区", "--out", str(tmp_path / "h2.pdf"))
    assert nothing.returncode == 1
    assert "选择条件“农村+**区”没有匹配任何案例、品牌项目或标准规范。" in nothing.stderr
    assert not (tmp_path / "h2.pdf").exists() and not list(tmp_path.glob("h2*"))


def test_pictures_of_the_first_pages(rural):
    """Cover, contents, a standard, a case and a self-check sheet as PNG, kept for a person to look at."""
    import pypdfium2

    pdf, reader, _, _, _ = rural
    sections = {title: (page, entries) for title, page, entries in outline(reader)}
    wanted = {
        "1-cover": 0,
        "2-contents": sections["目录"][0],
        "3-standard": sections["标准规范"][1][0][1],
        "4-case": sections["典型案例"][1][0][1],
        "5-checklist": sections[CHECKLIST_SECTION][1][0][1],
    }
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    document = pypdfium2.PdfDocument(str(pdf))
    for name, index in wanted.items():
        image = document[index].render(scale=1.2).to_pil()
        assert image.size[0] > 600
        # Not blank: a rendered page of text has many dark pixels.
        assert sum(1 for value in image.convert("L").get_flattened_data() if value < 128) > 2000, name
        image.save(ARTIFACTS / f"{name}.png")


def test_bundle_pdf_ships_the_handbook_linked_from_the_start_page(project, tmp_path):
    result = run_djkb(project, "bundle", "--domain", "农村", "--pdf", "--date", DATE, "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "培训手册（PDF）已放进离线包" in result.stdout and "[手册] 排版：" in result.stderr
    (zip_path,) = tmp_path.glob("*.zip")
    name = bundle_name("党建品牌知识库", "农村", DATE)
    with zipfile.ZipFile(zip_path) as archive:
        pdf = archive.read(f"{name}/{name}.pdf")
        start = archive.read(f"{name}/index.html").decode("utf-8")
    assert f'href="{name}.pdf"' in start and "培训手册" in start
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == "党建品牌知识库·培训手册（农村）"


LONG_STANDARD = """id: long-sheet-standard
name: 长表测试规范
summary: 条目很多、说明很长的标准，用来检查跨页表格和中文断行。
category: 组织生活
domains: [农村]
org_types: [村党组织]
level: 县级
description: |
{description}
items:
{items}
"""


@pytest.fixture(scope="module")
def long_sheet(tmp_path_factory):
    """A standard of 40 items with punctuation-heavy text: its sheet spans pages; its lines test line breaking."""
    project = make_project(tmp_path_factory.mktemp("handbook-long"), BUNDLE_DATA)
    phrases = [
        "按要求（每季度不少于一次）开展，",
        "做到“有记录、有整改”。",
        "党员大会、支委会、党小组会，",
        "落实“三会一课”制度；",
        "（一）",
        "坚持问题导向！",
        "是否达到？",
    ]
    sentences = ["".join(phrases[(i + j) % len(phrases)] * (1 + (i * j) % 3) for j in range(6)) for i in range(12)]
    items = "\n".join(
        f'  - {{id: item-{n}, title: 第{n}项要求, requirement: "{sentences[n % len(sentences)][: 20 + n * 3]}"}}'
        for n in range(1, 41)
    )
    description = "\n".join("  " + "x" * (n % 5) + sentence for n, sentence in enumerate(sentences))
    (project / "data" / "standards" / "long-sheet-standard.yml").write_text(
        LONG_STANDARD.format(description=description, items=items), encoding="utf-8"
    )
    out = tmp_path_factory.mktemp("handbook-long-out")
    result = run_djkb(project, "handbook", "--standard", "长表测试规范", "--date", DATE, "--out", str(out / "long.pdf"))
    assert result.returncode == 0, result.stderr
    return PdfReader(out / "long.pdf")


def test_long_sheet_breaks_across_pages_with_its_header_repeated(long_sheet):
    texts = page_texts(long_sheet)
    sections = {title: entries for title, _, entries in outline(long_sheet)}
    ((_, first),) = sections[CHECKLIST_SECTION]
    sheet_pages = [t for t in texts[first:] if "第1项要求" in squeeze(t) or re.search(r"第\d+项要求", t)]
    assert len(sheet_pages) >= 2, "40 items must need more than one page"
    for text in sheet_pages:
        assert "序号" in text and "自查结果" in text and "情况说明" in text
    rows = re.findall(r"第(\d+)项要求", squeeze("".join(sheet_pages)))
    assert [int(n) for n in rows] == list(range(1, 41))  # no row lost or split between pages


def test_long_text_no_line_starts_with_closing_punctuation(long_sheet):
    lines = [line.strip() for text in page_texts(long_sheet) for line in text.splitlines() if line.strip()]
    assert len(lines) > 200
    bad = [line for line in lines if line[0] in CLOSING and line[0] not in ".…"]
    assert not bad, bad[:5]
