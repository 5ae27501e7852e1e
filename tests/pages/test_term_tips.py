"""Glossary tooltips: the explanations live in ONE generated script shared by every page.

Pages carry only `<a class="djkb-term" href="…/glossary/<id>/">term</a>`; `assets/djkb/browse/terms.<hash>.js`
carries `{term id: tooltip text}` (djkb/pages/tooltips.py `tips_script`). Browser behaviour is tested in
tests/browser/test_browse_browser.py, bundles in tests/bundle/test_bundle.py.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from djkb.data.pipeline import load_corpus
from djkb.pages.sanitize import sanitize_html
from djkb.pages.tooltips import TIPS_DIR, is_tips_script, tips_script, write_tips_script
from tests.conftest import MINI_DATA, make_project, run_mkdocs_build
from tests.support.term_tips_checks import expected_tip, script_tips

# -- the script ---------------------------------------------------------------------------------------


def test_same_tips_give_the_same_bytes_and_name_and_any_change_a_new_name():
    tips = {"b-term": "乙：解释", "a-term": "甲：解释"}
    first, again = tips_script(tips), tips_script(dict(reversed(list(tips.items()))))
    assert first == again  # order of the mapping does not matter
    assert re.fullmatch(r"terms\.[0-9a-f]{10}\.js", first.name)
    assert first.name == f"terms.{hashlib.sha256(first.text.encode('utf-8')).hexdigest()[:10]}.js"
    assert first.site_path == "assets/djkb/browse/" + first.name
    assert list(script_tips(first.text)) == ["a-term", "b-term"]
    changed = tips_script({**tips, "a-term": "甲：新的解释"})
    assert changed.name != first.name and script_tips(changed.text)["a-term"] == "甲：新的解释"


def test_script_carries_any_text_exactly():
    awkward = 'PDCA：计划-执行 "循环" \\ </script><b>x</b>\u2028下一行\u2029，&amp;'
    script = tips_script({"pdca": awkward})
    assert "\u2028" not in script.text and "\u2029" not in script.text  # would end a JavaScript string
    assert script_tips(script.text) == {"pdca": awkward}


def test_writing_the_script_removes_only_those_of_earlier_builds(tmp_path):
    folder = tmp_path.joinpath(*TIPS_DIR)
    folder.mkdir(parents=True)
    for name in ("terms.0123456789.js", "browse.js", "browse.css", "terms.notes.txt"):
        (folder / name).write_text("x", encoding="utf-8")
    script = tips_script({"a-term": "甲：解释"})
    path = write_tips_script(tmp_path, script)
    assert path == folder / script.name and path.read_bytes() == script.text.encode("utf-8")
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["browse.js", "browse.css", "terms.notes.txt", script.name]
    )
    write_tips_script(tmp_path, script)  # same build again: still there
    assert (folder / script.name).is_file()


def test_tips_script_paths_are_recognised():
    assert is_tips_script("assets/djkb/browse/terms.0123456789.js")
    assert not is_tips_script("assets/djkb/browse/browse.js")
    assert not is_tips_script("assets/djkb/search/terms.0123456789.js")
    assert not is_tips_script("assets/djkb/browse/terms.js")


def test_sanitiser_keeps_term_links_as_they_are():
    html = (
        '<p>各支部落实<a class="djkb-term" href="../../glossary/three-meetings-one-lesson-term/">三会一课</a>制度。</p>'
    )
    assert sanitize_html(html) == html
    assert sanitize_html(html.replace("../../glossary/three-meetings-one-lesson-term/", "x.html")) == html.replace(
        "../../glossary/three-meetings-one-lesson-term/", "x.html"
    )


# -- a real build -------------------------------------------------------------------------------------


class _TermLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.term_links: list[dict[str, str | None]] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and "djkb-term" in (attributes.get("class") or "").split():
            self.term_links.append(attributes)
        if tag == "script" and attributes.get("src"):
            self.scripts.append(attributes["src"])


def parse(path: Path) -> _TermLinks:
    parser = _TermLinks()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def built_script(site: Path) -> Path:
    scripts = sorted(site.joinpath(*TIPS_DIR).glob("terms.*.js"))
    assert len(scripts) == 1, scripts
    return scripts[0]


def test_site_has_one_script_with_the_exact_text_of_every_built_term(mini_site):
    corpus = load_corpus(MINI_DATA)
    script = built_script(mini_site)
    text = script.read_text(encoding="utf-8")
    assert script.name == f"terms.{hashlib.sha256(text.encode('utf-8')).hexdigest()[:10]}.js"
    built_terms = {p.parent.name for p in (mini_site / "glossary").glob("*/index.html")}
    assert built_terms == set(corpus.glossary)
    assert script_tips(text) == {term_id: expected_tip(term) for term_id, term in corpus.glossary.items()}


def test_pages_link_terms_without_explanations_and_load_the_script(mini_site):
    corpus = load_corpus(MINI_DATA)
    script = built_script(mini_site)
    tips = script_tips(script.read_text(encoding="utf-8"))
    linked: set[str] = set()
    for page in sorted(mini_site.rglob("*.html")):
        if page.name == "404.html":
            continue
        found = parse(page)
        # Every page loads the one script (resolving to the built file), after browse.js.
        loaded = [(page.parent / unquote(urlsplit(src).path)).resolve() for src in found.scripts]
        assert loaded.count(script.resolve()) == 1, page
        browse_js = next(p for p in loaded if p.parent == script.parent.resolve() and p.name.startswith("browse."))
        assert loaded.index(script.resolve()) > loaded.index(browse_js), page
        for link in found.term_links:
            assert set(link) == {"class", "href"}, (page, link)  # no title: the explanation is in the script
            target = (page.parent / unquote(link["href"])).resolve()
            assert target.name == "index.html" or (target / "index.html").is_file(), (page, link)
            term_id = target.name if target.is_dir() else target.parent.name
            assert term_id in corpus.glossary and term_id in tips, (page, link)
            own = page.parent.name if page.parent.parent.name == "glossary" else None
            assert term_id != own, f"{page} links to itself"
            linked.add(term_id)
    assert linked == set(corpus.glossary)  # the sample data mentions every term somewhere
    # The glossary index still lists every term with its own link.
    index = (mini_site / "glossary" / "index.html").read_text(encoding="utf-8")
    for term_id, term in corpus.glossary.items():
        assert f'href="{term_id}/"' in index and term.term in index


def test_dirty_rebuild_leaves_only_the_new_script(tmp_path):
    project = make_project(tmp_path)
    result = run_mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    first = built_script(site)
    term_file = next(iter(sorted((project / "data" / "glossary").glob("*.yml"))))
    text = term_file.read_text(encoding="utf-8")
    assert "explanation: " in text
    term_file.write_text(text.replace("explanation: ", "explanation: 修改后的解释。", 1), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("DJKB_DATA_DIR", None)
    dirty = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--dirty", "--no-strict", "--site-dir", str(site)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert dirty.returncode == 0, dirty.stderr
    second = built_script(site)  # exactly one: the earlier build's file is gone
    assert second.name != first.name
    assert "修改后的解释。" in script_tips(second.read_text(encoding="utf-8"))[term_file.stem]
    assert f"browse/{second.name}" in (site / "cases" / "index.html").read_text(encoding="utf-8")
