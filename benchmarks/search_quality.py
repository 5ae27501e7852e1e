"""Search-quality benchmark over the repository corpus, in headless Chromium over http and from file://.

Builds the site twice with MkDocs (directory URLs for http; --no-directory-urls for file://, as the offline
bundle does), then runs every query of benchmarks/search_queries.yml through window.djkbSearch and compares
the top 10 with the ground truth computed here, independently of the index: pages whose normalised text
(title + text of Material's <article>, without the blocks marked ``djkb-noindex``: lists of other records, which
are found on their own pages) contains every query word, a word also being satisfied by the documented
glossary / pinyin expansions (see the header of search_queries.yml).

    .venv/bin/python benchmarks/search_quality.py [--data DATA_DIR] [--verbose]

Prints recall@10, precision@10 and the number of zero-result queries (queries with matching pages that
returned nothing) per mode, and the non-local requests seen (all blocked; must be 0).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.browser import isolated_browser, serve  # noqa: E402
from djkb.search.pinyin import syllables  # noqa: E402
from djkb.search.text import fold, query_words  # noqa: E402

BLOCK = set("p div li ul ol table tr td th h1 h2 h3 h4 h5 h6 br hr dl dt dd blockquote pre section details summary "
            "figure figcaption header footer nav aside caption thead tbody tfoot article main form".split())
SKIP = set("script style svg button template noscript select textarea".split())
SKIP_CLASSES = {"headerlink", "md-content__button", "djkb-noindex"}  # djkb-noindex: navigation to other pages
VOID = set("area base br col embed hr img input link meta source track wbr".split())


class ArticleText(HTMLParser):
    """Title and visible text of Material's <article class="md-content__inner"> (independent of djkb.search),
    without navigation blocks (``djkb-noindex``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # >0 while inside the article
        self.skip: list[str] = []
        self.parts: list[str] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "title":
            self._in_title = True
        cls = (a.get("class") or "").split()
        if not self.depth:
            if tag == "article" and "md-content__inner" in cls:
                self.depth = 1
            return
        if tag not in VOID:
            self.depth += 1
        if self.skip:
            if tag not in VOID:
                self.skip.append(tag)
            return
        if tag in SKIP or SKIP_CLASSES.intersection(cls):
            if tag not in VOID:
                self.skip.append(tag)
            return
        if tag in BLOCK:
            self.parts.append("\n")
        if tag == "img" and a.get("alt"):
            self.parts.append("\n" + a["alt"] + "\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if not self.depth or tag in VOID:
            return
        self.depth -= 1
        if self.skip:
            self.skip.pop()
            return
        if tag in BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self.depth and not self.skip:
            self.parts.append(data.replace("\n", " "))


def page_texts(site: Path, directory_urls: bool) -> dict[str, str]:
    """location → folded searchable text (title line + article text)."""
    out = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel == "404.html" or rel.startswith("assets/"):
            continue
        parser = ArticleText()
        parser.feed(path.read_text(encoding="utf-8"))
        title = parser.title.rsplit(" - ", 1)[0]
        if directory_urls:
            location = "" if rel == "index.html" else rel[: -len("index.html")]
        else:
            location = rel
        out[location] = fold(title.replace("\n", " ")) + "\n" + fold("".join(parser.parts))
    return out


def corpus_lexicon(data_dir: Path) -> tuple[dict[str, list[list[str]]], list[str]]:
    """Glossary alternatives (folded term/alias → alternatives) and the names that carry pinyin."""
    glossary: dict[str, list[list[str]]] = {}
    names: list[str] = []
    for kind in ("standards", "brands", "cases", "sources", "glossary"):
        for path in sorted((data_dir / kind).glob("*.yml")):
            rec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            if kind == "cases" and rec.get("status") != "已审核":
                continue
            main = rec.get("term") or rec.get("name") or rec.get("title")
            aliases = [str(a) for a in rec.get("aliases") or []]
            names += [str(main), *aliases]
            if kind == "glossary":
                alts = [[fold(str(main))]] + [[fold(a)] for a in aliases]
                comps = [fold(str(c)) for c in rec.get("components") or []]
                if comps:
                    alts.append(comps)
                for key in [str(main), *aliases]:
                    glossary.setdefault(fold(key), []).extend(alts)
    return glossary, names


def pinyin_prefixes(word: str, names: list[str]) -> set[str]:
    out = set()
    if len(word) < 2 or not re.fullmatch(r"[a-z0-9]+", word) or not re.search("[a-z]", word):
        return out
    for raw in names:
        name = re.sub(r"^[^0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff]+", "", fold(raw))
        syl = syllables(name)
        for k in range(2, len(syl) + 1):
            full = "".join(s for s, _ in syl[:k])
            initials = "".join(s[0] for s, _ in syl[:k])
            if word in (full, initials):
                out.add(name[: syl[k - 1][1]])
    return out


def ground_truth(query: str, texts: dict[str, str], glossary, names) -> set[str]:
    words = query_words(query)
    groups = []
    if len(words) > 1 and all(re.fullmatch("[a-z]+", w) for w in words) and pinyin_prefixes("".join(words), names):
        groups.append([words] + [[p] for p in pinyin_prefixes("".join(words), names)])
    else:
        for w in words:
            alts = [[w]] + glossary.get(w, [])
            for p in pinyin_prefixes(w, names):
                alts += [[p]] + glossary.get(p, [])
            groups.append(alts)
    return {
        loc for loc, text in texts.items()
        if all(any(all(s in text for s in alt) for alt in alts) for alts in groups)
    }


def build(site: Path, data_dir: Path | None, directory_urls: bool) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if data_dir:
        env["DJKB_DATA_DIR"] = str(data_dir)
    flag = "--use-directory-urls" if directory_urls else "--no-directory-urls"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", flag, "-d", str(site)], cwd=ROOT, env=env,
                   check=True)


RUN_JS = """async (qs) => { const out = {};
  for (const q of qs) out[q] = (await djkbSearch(q, {limit: 10})).map(r => r.location);
  return out; }"""


def evaluate(results: dict[str, list[str]], truth: dict[str, set[str]], verbose: bool, label: str) -> None:
    recalls, precisions, zero, scored = [], [], [], 0
    for q, gt in truth.items():
        got = results[q]
        if not gt:
            if verbose and got:
                print(f"  [{label}] {q!r}: no page contains it; engine returned {len(got)}")
            continue
        scored += 1
        hit = len(set(got) & gt)
        recalls.append(hit / min(10, len(gt)))
        precisions.append(hit / len(got) if got else 0.0)
        if not got:
            zero.append(q)
        if verbose and (recalls[-1] < 1 or precisions[-1] < 1):
            print(f"  [{label}] {q!r}: recall {recalls[-1]:.2f} precision {precisions[-1]:.2f} "
                  f"(truth {len(gt)}; extra {sorted(set(got) - gt)[:3]}; missing {sorted(gt - set(got))[:3]})")
    print(f"{label:5} queries scored {scored}/{len(truth)} | recall@10 {sum(recalls) / len(recalls):.4f} | "
          f"precision@10 {sum(precisions) / len(precisions):.4f} | zero-result {len(zero)} {zero}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=None, help="data directory (default: the repository's data/)")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    data_dir = (args.data or ROOT / "data").resolve()
    queries = [str(e["q"]) for e in yaml.safe_load((ROOT / "benchmarks/search_queries.yml").read_text())["queries"]]
    glossary, names = corpus_lexicon(data_dir)
    with tempfile.TemporaryDirectory(prefix="djkb-search-quality-") as tmp:
        sites = {"http": Path(tmp) / "http", "file": Path(tmp) / "file"}
        build(sites["http"], args.data and data_dir, True)
        build(sites["file"], args.data and data_dir, False)
        with serve(sites["http"]) as base, isolated_browser() as (context, blocked):
            for mode, site in sites.items():
                texts = page_texts(site, mode == "http")
                truth = {q: ground_truth(q, texts, glossary, names) for q in queries}
                page = context.new_page()
                start = base if mode == "http" else site.as_uri() + "/index.html"
                page.goto(start)
                results = page.evaluate(RUN_JS, queries)
                page.close()
                print(f"{mode}: {len(texts)} pages, {len(queries)} queries")
                evaluate(results, truth, args.verbose, mode)
            print(f"non-local requests: {len(blocked)} {blocked[:5]}")


if __name__ == "__main__":
    main()
