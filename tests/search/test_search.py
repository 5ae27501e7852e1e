"""Search index builder: text extraction, normalisation, pinyin, written files (no browser)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import zlib

import pytest

from djkb.search import SearchExpansion, SearchIndexBuilder, fold, html_to_text, normalize, query_words
from djkb.search.indexer import FORMAT_VERSION, read_index
from djkb.search.pinyin import syllables
from djkb.search.text import normalize_line
from tests.conftest import ROOT

REGISTER = re.compile(r'^\(window\.djkbSearchRegister\|\|function\(\)\{\}\)\("(\w+)",(?:(\d+),)?(.*)\);\n$', re.S)


def read_payload(path):
    """(kind, shard number, data) of an index script; compressed payloads (a base64 string of raw DEFLATE)
    are decoded here with the standard library, independently of djkb.search.indexer."""
    m = REGISTER.match(path.read_text(encoding="utf-8"))
    assert m, path.name
    payload = json.loads(m.group(3))
    if isinstance(payload, str):
        raw = zlib.decompress(base64.b64decode(payload, validate=True), wbits=-15)
        payload = json.loads(raw.decode("utf-16-le" if m.group(1) == "shard" else "utf-8"))
    return m.group(1), m.group(2), payload


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
    assert manifest["version"] == FORMAT_VERSION == 4
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
    assert by_location["cases/a/"][4:] == ["案例", 0, [], len("案例\n党费12371")]  # label, tier, headings, own text
    assert by_location[""][4:6] == ["首页", 2] and by_location["standards/x.html"][4:6] == ["标准", 0]
    kind, _, lexicon = read_payload(out / manifest["lexicon"])
    assert kind == "lexicon"
    assert lexicon["expansions"] == [["三会一课", ["三会一课制度"], ["支部党员大会", "党课"], "glossary/shyk/"]]
    readings = {name: (syl, ends) for name, syl, ends in lexicon["pinyin"]}
    assert readings["三会一课"] == ("san hui yi ke", 0)
    assert readings["三会一课标准"][0] == "san hui yi ke biao zhun"
    words = dict(lexicon["words"])
    assert words["三会一课"] == words["三会一课标准"] == words["三会一课制度"] == 1_000_000  # the site's own words
    assert 0 < words["党费"] < 1_000_000 and "欢迎" in words  # dictionary words the pages hold
    assert "党建" not in words  # no page holds it
    assert lexicon["total"] > 1_000_000


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


def test_a_memo_of_earlier_writes_gives_the_same_files_and_compresses_only_what_changed(tmp_path, monkeypatch):
    from djkb.build.serve_cache import Generational
    from djkb.search import indexer

    compressed: list[int] = []
    original = indexer.compress_payload
    monkeypatch.setattr(indexer, "compress_payload", lambda data: compressed.append(len(data)) or original(data))
    memo = Generational()

    def files(folder, builder, **kwargs):
        return {p.name: p.read_bytes() for p in builder.write(folder, **kwargs)}

    builder, _ = build_index(tmp_path / "plain")
    compressed.clear()
    first = files(tmp_path / "a", builder, memo=memo)
    assert len(compressed) == 2  # one shard and the word list
    compressed.clear()
    assert files(tmp_path / "b", builder, memo=memo) == first and compressed == []
    builder.add_page("cases/b/", "另一个案例", "<p>新的内容</p>")
    changed = files(tmp_path / "c", builder, memo=memo)
    assert len(compressed) == 2  # the shard and the word list hold the new page
    plain = SearchIndexBuilder(builder.expansions)
    for entry in builder._pages.values():
        plain.add_entry(entry)
    assert changed == files(tmp_path / "d", plain)


def test_a_write_that_found_its_word_list_kept_keeps_each_text_s_words_for_the_next_change(tmp_path, monkeypatch):
    """Serve drops what a build did not use: an unchanged rebuild (the word list found whole) must not lose the
    words of every page, or the next edit scans all of them again."""
    from djkb.build.serve_cache import Generational
    from djkb.search import words

    memo = Generational()
    builder, _ = build_index(tmp_path / "plain")
    builder.write(tmp_path / "a", memo=memo)
    for _ in range(3):  # unchanged rebuilds, each the end of a build
        memo.end_build()
        builder.write(tmp_path / "b", memo=memo)
    memo.end_build()
    scanned: list[set[str]] = []
    original = words._words_in
    monkeypatch.setattr(words, "_words_in", lambda runs, d: scanned.append(runs) or original(runs, d))
    builder.add_page("cases/new/", "新增案例", "<p>网格员走访群众</p>")
    builder.write(tmp_path / "c", memo=memo)
    assert set().union(*scanned) == {"新增案例", "网格员走访群众"}


def test_shards_and_lexicon_are_base64_of_raw_deflate_of_their_json(tmp_path):
    """What the browser reads: a JS string literal holding base64 of raw DEFLATE (no zlib header) of the JSON
    (UTF-16LE in shards, UTF-8 in the lexicon), whose inflated size the manifest gives; the manifest itself stays
    plain."""
    builder = SearchIndexBuilder([SearchExpansion("三会一课", (), ("党课",), "glossary/shyk/")])
    for i in range(400):  # more than one shard
        builder.add_page(f"cases/c{i:03d}/", f"案例{i}", f"<p>{'党建引领基层治理' * 60}第{i}号</p>", [f"案例{i}"])
    builder.write(tmp_path)
    out = tmp_path / "assets/djkb/search"
    manifest_text = (out / "manifest.js").read_text(encoding="utf-8")
    manifest = json.loads(REGISTER.match(manifest_text).group(3))
    assert len(manifest["shards"]) > 1
    rows = []
    scripts = [
        (name, size, "shard", str(n)) for n, (name, size) in enumerate(zip(manifest["shards"], manifest["sizes"]))
    ]
    for name, size, kind, number in [*scripts, (manifest["lexicon"], manifest["lexiconSize"], "lexicon", None)]:
        script = (out / name).read_text(encoding="ascii")  # base64: nothing but ASCII
        m = re.fullmatch(
            r'\(window\.djkbSearchRegister\|\|function\(\)\{\}\)\("(\w+)",(?:(\d+),)?"([A-Za-z0-9+/=]+)"\);\n', script
        )
        assert m and m.group(1) == kind and m.group(2) == number, name
        raw = zlib.decompress(base64.b64decode(m.group(3), validate=True), wbits=-15)
        assert len(raw) == size
        assert len(m.group(3)) < size / 2  # it is compressed
        data = json.loads(raw.decode("utf-16-le" if kind == "shard" else "utf-8"))
        if kind == "shard":
            rows += data
        else:
            assert data["expansions"] == [["三会一课", [], ["党课"], "glossary/shyk/"]]
    assert [r[0] for r in rows] == [f"cases/c{i:03d}/" for i in range(400)]
    text = "党建引领基层治理" * 60 + "第7号"
    assert rows[7] == ["cases/c007/", "案例7", ["案例7"], text, "案例", 0, [], len(text)]
    assert read_index(tmp_path)[1] == rows


def test_damaged_shard_is_refused_by_the_reader(tmp_path):
    build_index(tmp_path)
    out = tmp_path / "assets/djkb/search"
    shard = next(out.glob("shard-*.js"))
    text = shard.read_text(encoding="utf-8")
    assert text.endswith('");\n')
    shard.write_text(text[:-12] + '");\n', encoding="utf-8")  # base64 cut short: a truncated DEFLATE stream
    with pytest.raises(ValueError):
        read_index(tmp_path)


def test_empty_index_is_valid(tmp_path):
    SearchIndexBuilder().write(tmp_path)
    _, _, manifest = read_payload(tmp_path / "assets/djkb/search/manifest.js")
    assert manifest["shards"] == [] and manifest["pages"] == 0


def test_line_separators_are_escaped(tmp_path):
    builder = SearchIndexBuilder()
    builder.add_page("a/", "甲", "<p>一\u2028二</p>")
    for path in builder.write(tmp_path):
        assert "\u2028" not in path.read_text(encoding="utf-8")


def test_replacement_character_is_escaped_and_read_back(tmp_path):
    """The browser decodes index files leniently and takes a raw U+FFFD for bytes that did not decode: a page's
    own U+FFFD is stored escaped, and comes back as written."""
    builder = SearchIndexBuilder()
    builder.add_page("a/", "甲", "<p>乱码\ufffd字符</p>")
    builder.write(tmp_path)
    out = tmp_path / "assets/djkb/search"
    for path in out.glob("shard-*.js"):
        raw = zlib.decompress(base64.b64decode(path.read_text(encoding="ascii").split('"')[3]), wbits=-15)
        assert "\ufffd" not in raw.decode("utf-16-le") and "\\ufffd" in raw.decode("utf-16-le")
    assert "乱码\ufffd字符" in read_index(tmp_path)[1][0][3]


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


def test_vendored_inflate_is_the_released_file_unmodified():
    """djkb/assets/search/fflate-*.min.js: a licence/provenance comment, then fflate's umd/index.js byte for byte
    (the sha256 recorded in the comment)."""
    path = ROOT / "djkb/assets/search/fflate-0.8.3.min.js"
    text = path.read_text(encoding="utf-8")
    header, _, body = text.partition(" */\n")
    assert "MIT License" in header and "fflate@0.8.3" in header
    recorded = re.search(r"file sha256 ([0-9a-f]{64})", header).group(1)
    assert hashlib.sha256(body.removesuffix("\n").encode("utf-8")).hexdigest() == recorded


FAST_EXTRACTOR_SAMPLES = [
    "<p>a &amp; b</p><br/><svg><text>x</text></svg>y",
    '<div class="djkb-noindex"><p>x<div>y</div></p></div>z',
    '<img alt="图 &amp; 表">后文',
    '<script>if (a<b) {"</div>"}</script>t',
    "<p>x<!-- c -->y</p><button/>z",
    "<P CLASS='headerlink'>no</P>ok",
    '<a href="x" class=djkb-noindex>n</a>v',
    "a < b",
    "<td>1</td><td>2</td>",
    '<div class="x"/>a<span>b</span>',
    "<style>p{}</style><p>ok</p>",
    "<template><p>no</p></template>yes",
]


@pytest.mark.parametrize("html", FAST_EXTRACTOR_SAMPLES)
def test_fast_text_extraction_equals_the_html_parser_reference(html):
    from tests.support.search_text_reference import html_to_text_reference

    assert html_to_text(html) == html_to_text_reference(html)


def test_fast_text_extraction_equals_the_reference_on_every_built_page(repo_site):
    from tests.support.search_text_reference import html_to_text_reference

    pages = sorted(repo_site.rglob("*.html"))
    assert len(pages) > 100
    for page in pages:
        html = page.read_text(encoding="utf-8")
        article = re.search(r"<article\b.*?</article>", html, re.S)
        for fragment in (html, article.group(0) if article else ""):
            assert html_to_text(fragment) == html_to_text_reference(fragment), page
