"""Search index builder: text extraction, normalisation, pinyin, written files (no browser)."""

from __future__ import annotations

import json
import re

from djkb.search import SearchExpansion, SearchIndexBuilder, fold, html_to_text, normalize, query_words
from djkb.search.text import normalize_line
from djkb.search.pinyin import syllables

REGISTER = re.compile(r'^\(window\.djkbSearchRegister\|\|function\(\)\{\}\)\("(\w+)",(?:(\d+),)?(.*)\);\n$', re.S)


def read_payload(path):
    m = REGISTER.match(path.read_text(encoding="utf-8"))
    assert m, path.name
    return m.group(1), m.group(2), json.loads(m.group(3))


def test_html_to_text_keeps_visible_text_only():
    html = (
        '<h1 id="x">三会一课<a class="headerlink" href="#x" title="Permanent link">¶</a></h1>'
        "<p>党员\n教育 <strong>1237</strong>1 热线</p><script>var secret = 1;</script><style>p{}</style>"
        '<p>图片：<img src="a.png" alt="党旗"></p>'
    )
    text = html_to_text(html)
    assert "¶" not in text and "secret" not in text and "p{}" not in text
    assert "三会一课" in text
    assert "党员教育12371热线" in text  # inline markup and line breaks do not split words
    assert "党旗" in text


def test_block_boundaries_are_hard_separators():
    text = html_to_text("<ul><li>党费</li><li>收缴</li></ul><table><tr><td>支部</td><td>委员会</td></tr></table>")
    assert text.split("\n") == ["党费", "收缴", "支部", "委员会"]
    assert "费收" not in fold(text)


def test_normalize_whitespace_and_width():
    assert normalize_line("Party  \n Building") == "Party Building"
    assert normalize_line("党建\n引领") == "党建引领"
    assert normalize("党费 \n\n 收缴") == "党费\n收缴" == normalize(normalize("党费 \n\n 收缴"))
    assert normalize("１２３７１ 党建") == "12371党建"
    assert normalize("党建　引领") == "党建引领"  # ideographic space
    assert normalize("ＡＢＣ") == "ABC"
    assert fold("ＡＢＣ 党") == "abc党"


def test_query_words():
    assert query_words("  三会一课  １２３７１ 三会一课 ABC") == ["三会一课", "12371", "abc"]
    assert query_words("党建　引领") == ["党建", "引领"]
    assert query_words("   ") == []


def test_pinyin_syllables_in_phrase_context():
    assert [s for s, _ in syllables("党旗引航工程")] == ["dang", "qi", "yin", "hang", "gong", "cheng"]
    assert [s for s, _ in syllables("三会一课")] == ["san", "hui", "yi", "ke"]
    mixed = syllables("12371党员")
    assert mixed == (("12371", 5), ("dang", 6), ("yuan", 7))
    assert syllables("党") == ()  # a single syllable is never expanded


def build_index(tmp_path, **kwargs):
    builder = SearchIndexBuilder(
        [SearchExpansion("三会一课", ("三会一课制度",), ("支部党员大会", "党课"), "glossary/shyk/")]
    )
    builder.add_page("cases/a/", "案例　Ａ", "<h1>案例</h1><p>党费 12371</p>", ["案例Ａ", "案例Ａ", ""])
    builder.add_page("", "首页", "<p>欢迎</p>")
    builder.add_page("standards/x.html", "标准", "<p>三会一课</p>", ["三会一课标准"])
    return builder, builder.write(tmp_path)


def test_write_produces_manifest_lexicon_and_shards(tmp_path):
    builder, written = build_index(tmp_path)
    out = tmp_path / "assets" / "djkb" / "search"
    assert {p.parent for p in written} == {out}
    kind, _, manifest = read_payload(out / "manifest.js")
    assert kind == "manifest" and manifest["pages"] == 3 == len(builder)
    assert all((out / name).is_file() for name in manifest["shards"] + [manifest["lexicon"]])
    rows = []
    for i, name in enumerate(manifest["shards"]):
        kind, number, payload = read_payload(out / name)
        assert kind == "shard" and int(number) == i
        rows += payload
    by_location = {row[0]: row for row in rows}
    assert set(by_location) == {"cases/a/", "", "standards/x.html"}
    assert by_location["cases/a/"][1] == "案例A"
    assert by_location["cases/a/"][2] == ["案例A"]  # normalised, deduplicated, empty dropped
    assert by_location["cases/a/"][3] == "案例\n党费12371"
    kind, _, lexicon = read_payload(out / manifest["lexicon"])
    assert kind == "lexicon"
    assert lexicon["expansions"] == [["三会一课", ["三会一课制度"], ["支部党员大会", "党课"], "glossary/shyk/"]]
    readings = {name: (syl, ends) for name, syl, ends in lexicon["pinyin"]}
    assert readings["三会一课"] == ("san hui yi ke", 0)
    assert readings["三会一课标准"][0] == "san hui yi ke biao zhun"


def test_rewrite_removes_stale_files_and_keeps_others(tmp_path):
    _, first = build_index(tmp_path)
    out = tmp_path / "assets" / "djkb" / "search"
    (out / "djkb-search.js").write_text("// engine", encoding="utf-8")
    builder = SearchIndexBuilder()
    builder.add_page("other/", "别的", "<p>内容</p>")
    second = builder.write(tmp_path)
    names = {p.name for p in out.iterdir()}
    assert names == {p.name for p in second} | {"djkb-search.js"}
    assert not any(p.exists() for p in first if p.name != "manifest.js")


def test_empty_index_is_valid(tmp_path):
    SearchIndexBuilder().write(tmp_path)
    _, _, manifest = read_payload(tmp_path / "assets/djkb/search/manifest.js")
    assert manifest["shards"] == [] and manifest["pages"] == 0


def test_line_separators_are_escaped(tmp_path):
    builder = SearchIndexBuilder()
    builder.add_page("a/", "甲", "<p>一\u2028二</p>")
    for path in builder.write(tmp_path):
        assert "\u2028" not in path.read_text(encoding="utf-8")


def test_full_width_punctuation_is_kept_for_snippets():
    assert normalize("查标准：看做法（试行），１２３") == "查标准：看做法（试行），123"
    assert query_words("党建：引领") == ["党建：引领"]


def test_pinyin_readings_start_at_first_letter(tmp_path):
    builder = SearchIndexBuilder()
    builder.add_page("brands/x/", "“党旗引航”工程", "<p>x</p>", ["“党旗引航”工程", "党旗引航"])
    builder.write(tmp_path)
    out = tmp_path / "assets/djkb/search"
    _, _, manifest = read_payload(out / "manifest.js")
    _, _, lexicon = read_payload(out / manifest["lexicon"])
    readings = {name: syl for name, syl, _ in lexicon["pinyin"]}
    assert readings["党旗引航”工程"] == "dang qi yin hang gong cheng"
    assert readings["党旗引航"] == "dang qi yin hang"
