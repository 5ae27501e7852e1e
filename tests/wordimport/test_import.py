"""`djkb import`: Word write-ups → draft cases, the import report, bad inputs, the template round trip."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from djkb.load import load_file
from djkb.pipeline import check_data
from djkb.wordimport import import_documents
from djkb.wordimport.headings import SYNONYMS, field_for
from djkb.wordimport.propose import normalise_date
from djkb.wordimport.template import INFO_LINES, SECTIONS, TITLE_PLACEHOLDER, template_bytes
from tests.conftest import make_project
from tests.wordimport import docx_fixtures as fx

TODAY = dt.date(2026, 12, 7)


@pytest.fixture()
def project(tmp_path) -> Path:
    return make_project(tmp_path)


def _import(project: Path, *paths: Path, checks: bool = True):
    return import_documents(list(paths), data_dir=project / "data", root=project, report_dir=project / "导入报告", today=TODAY, run_checks=checks)


def _djkb(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ}
    env.pop("DJKB_DATA_DIR", None)
    return subprocess.run([sys.executable, "-m", "djkb", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def _cases(project: Path) -> set[str]:
    return {p.name for p in (project / "data" / "cases").glob("*.yml")}


def _data(project: Path, result) -> dict:
    return load_file(project / result.written, project).data


# -- heading styles ------------------------------------------------------------------------------------

@pytest.mark.parametrize("style,names", [
    ("style", ("背景", "做法", "成效", "启示")),
    ("bold", ("背景与起因", "做法与经过", "成效", "成效及启示")),
    ("cn", ("基本情况", "主要做法", "取得成效", "经验启示")),
    ("cnparen", ("起因", "具体做法", "工作成效", "体会")),
])
def test_each_heading_style_maps_the_four_parts(project, tmp_path, style, names):
    source = fx.write_case(tmp_path / "case.docx", heading_style=style, names=names)
    [result] = _import(project, source)
    assert result.refused is None and result.written.startswith("data/cases/")
    data = _data(project, result)
    assert data["title"] == fx.TITLE
    assert data["status"] == "草稿"
    assert data["background"].strip() == "\\*\\*县地处山区，村民居住分散，2022年以前部分村党组织联系群众不够紧密。\n\n群众反映的问题常常得不到及时回应。"
    assert data["practice"].strip() == "\n\n".join(fx.PRACTICE)
    assert data["results"].strip() == fx.RESULTS[0]
    assert data["lessons"].strip() == fx.LESSONS[0]
    assert [m.split("→")[1].strip() for m in result.draft.mapping[1:]] == ["背景（background）", "做法（practice）", "成效（results）", "启示（lessons）"]


def test_sub_headings_stay_inside_their_part(project, tmp_path):
    """（一）（二） lines under 一、二、 parts are sub-headings of that part, not new parts."""
    document = docx.Document()
    document.add_paragraph("**区推行网格党建", style="Title")
    for heading, body in (("一、基本情况", ["情况说明。"]), ("二、主要做法", ["（一）建强阵地", "新建党群服务站5个。", "（二）配强队伍", "选派网格员30名。"]),
                          ("三、取得成效", ["群众满意度提升。"]), ("四、经验启示", ["网格是基层治理的基本单元。"])):
        document.add_paragraph().add_run(heading).bold = True
        for text in body:
            document.add_paragraph(text)
    source = tmp_path / "nested.docx"
    document.save(str(source))
    [result] = _import(project, source)
    practice = _data(project, result)["practice"]
    assert practice.strip() == "**（一）建强阵地**\n\n新建党群服务站5个。\n\n**（二）配强队伍**\n\n选派网格员30名。"
    assert not [e for e in result.entries if e.kind == "未识别的标题"]


def test_synonym_table_is_the_one_place_headings_are_named():
    for field, names in SYNONYMS.items():
        for name in names:
            assert field_for(name) == field, name
            assert field_for(f"一、{name}") == field
            assert field_for(f"（三）{name}：") == field
    assert field_for("做法与成效") is None  # two parts named: not guessed
    assert field_for("为民服务的实践与探索过程中的若干思考和体会") is None  # a sentence, not a heading


# -- lists, tables, bold, footnotes, pictures ----------------------------------------------------------

def test_lists_tables_bold_and_footnotes_are_kept_and_pictures_listed(project, tmp_path):
    source = fx.write_case(tmp_path / "rich.docx", extra={"做法": [fx.add_lists, fx.add_table, fx.add_bold_run, fx.add_picture, fx.add_footnote]})
    [result] = _import(project, source)
    practice = _data(project, result)["practice"]
    assert "- 建立党员联户台账\n- 公开党员联系方式\n\n走访分两步：\n\n1. 走访\n1. 记录" in practice
    assert "| 镇 | 党员数 | 联系户数 |\n|---|---|---|\n| \\*\\*镇 | 120 | 1500 |\n| \\*\\*乡 | 86 | 1030 |" in practice
    assert "坚持**“四必访”**：困难户必访、老党员必访。" in practice
    assert "数据来自县委组织部统计［注1］。" in practice and practice.rstrip().endswith("注1：统计截至2023年底。")
    pictures = [e for e in result.entries if e.kind == "未导入" and "图片" in e.text]
    assert len(pictures) == 1 and "联户走访现场如下图" in pictures[0].text
    report = (project / result.report_path).read_text(encoding="utf-8")
    assert "图片没有导入" in report and "第 " in report


def test_embedded_objects_text_boxes_and_headers_are_listed_not_dropped(project, tmp_path):
    source = fx.write_case(tmp_path / "obj.docx", extra={"成效": [fx.add_object_textbox_and_header]})
    [result] = _import(project, source, checks=False)
    listed = [e.text for e in result.entries if e.kind == "未导入"]
    assert any("嵌入对象" in t and "Excel.Sheet.12" in t and "统计表见附件" in t for t in listed), listed
    assert any("文本框" in t and "文本框里的提示语" in t for t in listed), listed
    assert any("页眉" in t and "**县委组织部案例材料" in t for t in listed), listed
    assert "统计表见附件" in _data(project, result)["results"]


def test_markdown_renders_as_the_word_document_looked(project, tmp_path):
    """The draft's Markdown, rendered by the site's Markdown settings: lists, table, bold, anonymised names literal."""
    import markdown

    source = fx.write_case(tmp_path / "rich.docx", extra={"做法": [fx.add_lists, fx.add_table, fx.add_bold_run]})
    [result] = _import(project, source)
    data = _data(project, result)
    html = markdown.markdown(data["practice"], extensions=["tables"])
    assert "<ul>\n<li>建立党员联户台账</li>" in html and "<ol>\n<li>走访</li>" in html
    assert "<td>**镇</td>" in html and "<th>党员数</th>" in html
    assert "<strong>“四必访”</strong>" in html
    assert "<p>**县地处山区" in markdown.markdown(data["background"])


def test_a_list_right_after_a_list_of_the_other_kind_is_reported(project, tmp_path):
    def lists(document):
        document.add_paragraph("甲", style="List Bullet")
        document.add_paragraph("乙", style="List Number")

    [result] = _import(project, fx.write_case(tmp_path / "l.docx", extra={"做法": [lists]}), checks=False)
    assert any("同一个列表" in e.text for e in result.entries)


def test_unknown_heading_goes_to_practice_under_its_own_heading_and_is_listed(project, tmp_path):
    source = fx.write_case(tmp_path / "more.docx", extra={"启示": [fx.add_unknown_heading_style]})
    [result] = _import(project, source)
    data = _data(project, result)
    assert data["practice"].rstrip().endswith("**下一步打算**\n\n继续深化党员联户工作。")
    assert data["lessons"].strip() == fx.LESSONS[0]
    [entry] = [e for e in result.entries if e.kind == "未识别的标题"]
    assert "下一步打算" in entry.text and "做法" in entry.text and "下面 1 段" in entry.text


# -- proposals and dates -------------------------------------------------------------------------------

def test_region_unit_year_domain_are_proposed_and_marked(project, tmp_path):
    source = fx.write_case(tmp_path / "c.docx", signoff=["**县委组织部", "二〇二四年三月五日"])
    [result] = _import(project, source)
    data = _data(project, result)
    assert (data["place"], data["region"], data["domain"], data["org_type"]) == ("**县", "**县", "农村", "村党组织")
    assert data["submitted"] == "2024-03-05" and data["year"] == 2022
    assert data["provenance"] == "据**县委组织部报送的 Word 材料整理"
    text = (project / result.written).read_text(encoding="utf-8")
    for name in ("place", "region", "domain", "org_type", "year", "submitted", "provenance"):
        assert re.search(rf"# 请确认（导入时推定）：[^\n]+\n# [^\n]+\n{name}:", text), name
    assert "二〇二四年三月五日" not in data["lessons"]  # the sign-off is metadata, not part of the last section


@pytest.mark.parametrize("written,iso", [("2024年3月5日", "2024-03-05"), ("2024 年 12 月 31 日", "2024-12-31"), ("二〇二三年十一月二十日", "2023-11-20"),
                                          ("2024.3.5", "2024-03-05"), ("２０２４年３月５日", "2024-03-05"), ("二〇二四年十月一日", "2024-10-01")])
def test_chinese_dates_are_normalised_as_djkb_check_asks(written, iso):
    assert normalise_date(written) == iso


# -- template --------------------------------------------------------------------------------------------

def _fill_template(path: Path, values: dict[str, str], sections: dict[str, str], title: str) -> None:
    """What an editor does in Word: the title, each placeholder and each guidance paragraph replaced."""
    document = docx.Document(str(path))
    guidance = {text: heading for heading, text in SECTIONS}
    labels = dict(INFO_LINES)
    for paragraph in list(document.paragraphs):
        text = paragraph.text
        if text == TITLE_PLACEHOLDER:
            paragraph.runs[0].text = title
        elif text in guidance:
            paragraph.runs[0].text = sections[guidance[text]]
            paragraph.runs[0].italic = False
        elif text.startswith("填写说明") or text.startswith("可选的"):
            paragraph._p.getparent().remove(paragraph._p)
        else:
            label = text.split("：", 1)[0]
            if label in labels and text.endswith(labels[label]):
                paragraph.runs[-1].text = values[label]
    document.save(str(path))


def test_filled_template_round_trip_imports_with_no_report_entries(project, tmp_path):
    made = _djkb("import", "--template", str(tmp_path / "案例模板.docx"), cwd=project)
    assert made.returncode == 0, made.stderr
    template = tmp_path / "案例模板.docx"
    assert template.read_bytes() == template_bytes(*[tuple(n) for n in _taxonomy_names(project)])
    values = {"地区": "**县", "地点": "**县**镇**村", "组织类型": "村党组织", "领域": "农村", "年份": "2023", "报送单位": "**县委组织部", "报送日期": "2024年1月8日"}
    sections = {"摘要": "**县推行党员联户，党员联系群众更紧密。", "背景": fx.BACKGROUND[0], "做法": fx.PRACTICE[0], "成效": fx.RESULTS[0], "启示": fx.LESSONS[0]}
    _fill_template(template, values, sections, fx.TITLE)
    [result] = _import(project, template)
    assert result.refused is None
    assert result.entries == [], result.report
    data = _data(project, result)
    assert (data["place"], data["region"], data["org_type"], data["domain"], data["year"], data["submitted"]) == ("**县**镇**村", "**县", "村党组织", "农村", 2023, "2024-01-08")
    assert data["summary"] == "\\*\\*县推行党员联户，党员联系群众更紧密。"
    assert "请确认（导入时推定）" not in (project / result.written).read_text(encoding="utf-8")
    assert [p for p in result.problems if p.is_error] == []


def _taxonomy_names(project: Path) -> tuple[list[str], list[str]]:
    from djkb.wordimport.importer import load_taxonomy

    taxonomy = load_taxonomy(project / "data")
    return taxonomy.names("domains"), taxonomy.names("org_types")


def test_unfilled_template_is_refused_and_lists_the_guidance(project, tmp_path):
    template = tmp_path / "空模板.docx"
    template.write_bytes(template_bytes())
    [result] = _import(project, template)
    assert result.written is None and "还没有填写的案例模板" in result.refused
    assert _cases(project) == {"county-position-upgrade.yml"} | (_cases(project) - {"county-position-upgrade.yml"})


def test_template_bytes_are_reproducible():
    assert template_bytes(("农村",), ("村党组织",)) == template_bytes.__wrapped__(("农村",), ("村党组织",))


# -- batches and bad inputs ------------------------------------------------------------------------------

BAD_INPUTS = {
    "旧格式.doc": (fx.write_legacy_doc, "另存为"),
    "加密.docx": (fx.write_encrypted, "密码"),
    "损坏.docx": (fx.write_corrupt, "损坏"),
    "不是文档.docx": (fx.write_not_word_zip, "不是 Word 文档"),
    "空白.docx": (fx.write_empty, "没有文字"),
    "没有小标题.docx": (fx.write_no_sections, "没有识别出案例的各部分"),
    "零字节.docx": (lambda p: (p.write_bytes(b""), p)[1], "空的"),
    "材料.wps": (lambda p: (p.write_bytes(fx.write_legacy_doc(p).read_bytes()), p)[1], "WPS"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_gets_a_chinese_message_naming_the_file_and_nothing_is_written(project, tmp_path, name):
    maker, words = BAD_INPUTS[name]
    source = maker(tmp_path / name)
    before = _cases(project)
    result = _djkb("import", str(source), cwd=project)
    assert result.returncode == 1
    assert name in result.stderr and words in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert _cases(project) == before


def test_no_sections_still_offers_the_report(project, tmp_path):
    [result] = _import(project, fx.write_no_sections(tmp_path / "说明.docx"))
    assert result.written is None
    report = (project / result.report_path).read_text(encoding="utf-8")
    assert "今年以来，我们认真落实各项工作要求" in report and "没有写入任何文件" in report


def test_batch_with_one_bad_file_imports_the_others(project, tmp_path):
    folder = tmp_path / "材料"
    folder.mkdir()
    fx.write_case(folder / "1.docx", heading_style="cn", names=("基本情况", "主要做法", "取得成效", "经验启示"))
    fx.write_legacy_doc(folder / "2.doc")
    fx.write_case(folder / "3.docx", heading_style="bold", title="**区“红色物业”提升小区治理")
    (folder / "~$1.docx").write_bytes(b"lock")
    before = _cases(project)
    result = _djkb("import", str(folder), cwd=project)
    assert result.returncode == 1
    assert "2.doc" in result.stderr and "另存为" in result.stderr
    assert "~$1.docx：跳过" in result.stdout
    new = _cases(project) - before
    assert new == {"xian-tui-xing-dang-yuan-lian-hu-zhi.yml", "qu-hong-se-wu-ye-ti-sheng-xiao.yml"}
    assert "共 3 个文件：导入 2 个，未导入 1 个" in result.stdout
    assert "检查结果（与 djkb check 相同）" in result.stdout


def test_never_overwrites_an_existing_case(project, tmp_path):
    existing = project / "data" / "cases" / "xian-tui-xing-dang-yuan-lian-hu-zhi.yml"
    existing.write_text("keep me", encoding="utf-8")
    [result] = _import(project, fx.write_case(tmp_path / "a.docx"), checks=False)
    assert result.written == "data/cases/xian-tui-xing-dang-yuan-lian-hu-zhi-2.yml"
    assert existing.read_text(encoding="utf-8") == "keep me"


def test_written_drafts_load_strictly_and_get_the_same_checks_as_djkb_check(project, tmp_path):
    [result] = _import(project, fx.write_case(tmp_path / "a.docx", heading_style="cn", names=("基本情况", "主要做法", "取得成效", "经验启示")))
    check = check_data(project / "data", root=project, include_drafts=True)
    assert sorted(p for p in check.problems if p.path == result.written) == sorted(result.problems)
    # No summary in this document: the one error is the empty summary, at its line.
    errors = [p for p in result.problems if p.is_error]
    assert len(errors) == 1 and "summary" in errors[0].message
    cli = _djkb("check", result.written, cwd=project)
    assert errors[0].format() in cli.stderr


def test_personal_data_in_a_document_is_caught_by_the_existing_checks(project, tmp_path):
    document = docx.Document()
    document.add_paragraph("**县党员联户", style="Title")
    for heading, text in (("背景", "联系人身份证号 11010519491231002X。"), ("做法", "联系电话 13812345678。"), ("成效", "效果好。"), ("启示", "要坚持。")):
        document.add_heading(heading, level=1)
        document.add_paragraph(text)
    source = tmp_path / "p.docx"
    document.save(str(source))
    [result] = _import(project, source)
    messages = " ".join(p.message for p in result.problems if p.is_error)
    assert "身份证" in messages and "手机" in messages


# -- nothing lost --------------------------------------------------------------------------------------

def _all_run_texts(path: Path) -> list[str]:
    document = docx.Document(str(path))
    texts = [r.text for p in document.paragraphs for r in p.runs]
    texts += [r.text for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    return [t.strip() for t in texts if t.strip()]


@pytest.mark.parametrize("variant", ["style", "bold", "cn", "cnparen", "rich", "unknown", "signoff", "template", "objects"])
def test_every_text_run_ends_up_in_the_draft_or_the_report(project, tmp_path, variant):
    source = tmp_path / f"{variant}.docx"
    if variant == "rich":
        fx.write_case(source, extra={"做法": [fx.add_lists, fx.add_table, fx.add_bold_run, fx.add_picture, fx.add_footnote]}, preamble=["这是导语。", "第二段导语。"])
    elif variant == "unknown":
        fx.write_case(source, extra={"启示": [fx.add_unknown_heading_style], "背景": [fx.add_unknown_heading_style]})
    elif variant == "signoff":
        fx.write_case(source, signoff=["**县委组织部", "2024年3月15日"], preamble=["地区：**县", "不是标签的一行"])
    elif variant == "objects":
        fx.write_case(source, extra={"背景": [fx.add_object_textbox_and_header]})
    elif variant == "template":
        source.write_bytes(template_bytes(("农村",), ("村党组织",)))
        document = docx.Document(str(source))
        document.paragraphs[-1].runs[0].text = "启示的内容。"
        document.save(str(source))
    else:
        fx.write_case(source, heading_style=variant)
    [result] = _import(project, source, checks=False)
    output = result.report
    if result.written:
        output += (project / result.written).read_text(encoding="utf-8")
    output = output.replace("\\", "")
    missing = [t for t in _all_run_texts(source) if t not in output]
    assert missing == []
