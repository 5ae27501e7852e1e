"""Search-quality benchmark over the repository corpus, in headless Chromium over http and from file://.

Builds the site twice with MkDocs (directory URLs for http; --no-directory-urls for file://, as the offline
bundle does), then runs both query sets of benchmarks/search_queries.yml through window.djkbSearch and
compares the top 10 with the ground truth computed here, independently of the index and of the engine's way
of splitting queries: pages whose normalised text (title + text of Material's <article>, without the blocks
marked ``djkb-noindex``: lists of other records, which are found on their own pages) contains every word of
the query — the words written next to each run-together query in the file, as a reader splits it, or else
its whitespace-separated words — a word also being satisfied by the documented glossary / pinyin expansions
(see the header of search_queries.yml).

Next to it, the same pages (title and article text of the http build) as a stock Material for MkDocs site
with its built-in search and jieba (as `djkb bench` builds its baseline), queried through Material's search
box over http, and built a second time as Material's offline edition (`offline` plugin, no directory URLs)
queried from file://. Material's offline plugin loads the iframe-worker shim from unpkg.com, without which the
search worker does not start from file://; here iframe-worker@1.0.4's shim is fetched with `npm pack` (into the
temporary folder, not the repository), copied into the baseline's docs and listed in `extra.polyfills`, so the
file:// page makes no request outside the site (every other request is blocked and counted).

    .venv/bin/python benchmarks/search_quality.py [--data DATA_DIR] [--verbose] [--no-baseline]

Prints, per query set and mode: recall@10, precision@10 (relevant among returned, for queries with at least
one relevant page), the number of empty answers where some page holds every word, and how many answers were
marked partial; then the requests that left the site (all blocked; must be 0).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from djkb.search.pinyin import syllables  # noqa: E402
from djkb.search.text import fold, query_words  # noqa: E402
from tests.support.browser import isolated_browser, serve  # noqa: E402

BLOCK = set(
    "p div li ul ol table tr td th h1 h2 h3 h4 h5 h6 br hr dl dt dd blockquote pre section details summary "
    "figure figcaption header footer nav aside caption thead tbody tfoot article main form".split()
)
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


def page_texts(site: Path, directory_urls: bool, raw: dict[str, tuple[str, str]] | None = None) -> dict[str, str]:
    """location → folded searchable text (title line + article text); `raw` receives (title, text) unfolded."""
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
        if raw is not None:
            raw[location] = (title, "".join(parser.parts))
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


@dataclass(frozen=True)
class Query:
    q: str
    words: tuple[str, ...]  # as a reader splits it (run-together queries), else the typed words


def load_queries(path: Path) -> tuple[list[Query], list[Query]]:
    """(term queries, run-together queries) of search_queries.yml."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))

    def entry(e: dict) -> Query:
        words = e.get("words")
        return Query(
            str(e["q"]), tuple(query_words(" ".join(map(str, words)))) if words else tuple(query_words(str(e["q"])))
        )

    return [entry(e) for e in doc["queries"]], [entry(e) for e in doc["run_together"]]


def ground_truth(query: Query, texts: dict[str, str], glossary, names) -> set[str]:
    words = list(query.words)
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
        loc for loc, text in texts.items() if all(any(all(s in text for s in alt) for alt in alts) for alts in groups)
    }


def build(site: Path, data_dir: Path | None, directory_urls: bool) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if data_dir:
        env["DJKB_DATA_DIR"] = str(data_dir)
    flag = "--use-directory-urls" if directory_urls else "--no-directory-urls"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", flag, "-d", str(site)], cwd=ROOT, env=env, check=True
    )


RUN_JS = """async (qs) => { const out = {};
  for (const q of qs) { const r = await djkbSearch(q, {limit: 10}); out[q] = [r.map(x => x.location), r.match]; }
  return out; }"""

BASELINE_CONFIG = """\
site_name: 基准站点
theme:
  name: material
  language: zh
  font: false
plugins:
  - search
markdown_extensions:
  - toc:
      permalink: true
      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}
"""
# Material's offline edition; the plugin only fetches the shim from unpkg.com when no polyfill names iframe-worker.
SHIM = "assets/javascripts/iframe-worker-shim.js"
OFFLINE_CONFIG = BASELINE_CONFIG.replace("  - search\n", "  - search\n  - offline\n") + (
    f"use_directory_urls: false\nextra:\n  polyfills:\n    - {SHIM}\n"
)
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def build_baseline(folder: Path, raw: dict[str, tuple[str, str]], shim: Path | None = None) -> None:
    """The same pages (title, article text in blocks) as a stock Material site with built-in search + jieba;
    with `shim` (iframe-worker's), as Material's offline edition carrying that shim."""
    docs = folder / "docs"
    for location, (title, text) in raw.items():
        rel = "index.md" if location == "" else location.rstrip("/") + ".md"
        target = docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        blocks = [b.strip() for b in text.split("\n") if b.strip()]
        body = "\n\n".join(_MD_SPECIAL.sub(r"\\\1", b) for b in blocks)
        heading = _MD_SPECIAL.sub(r"\\\1", title)
        target.write_text(f"# {heading}\n\n{body}\n", encoding="utf-8")
    if shim:
        (docs / SHIM).parent.mkdir(parents=True, exist_ok=True)
        (docs / SHIM).write_bytes(shim.read_bytes())
    (folder / "mkdocs.yml").write_text(OFFLINE_CONFIG if shim else BASELINE_CONFIG, encoding="utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(folder / "site")], cwd=folder, env=env, check=True
    )


def iframe_worker_shim(folder: Path) -> Path:
    """iframe-worker@1.0.4's shim (the file Material's offline plugin would load from unpkg.com), via npm."""
    try:
        out = subprocess.run(
            ["npm", "pack", "--silent", "iframe-worker@1.0.4", "--pack-destination", str(folder)],
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        sys.exit(f"npm pack iframe-worker@1.0.4 failed (needed for stock Material from file://): {exc}")
    with tarfile.open(folder / out.stdout.strip().splitlines()[-1]) as tgz:
        (folder / "iframe-worker-shim.js").write_bytes(tgz.extractfile("package/shim/index.js").read())
    return folder / "iframe-worker-shim.js"


def file_only(page) -> list[str]:
    """Block every request of `page` (frames included) that is not file:, data:, blob: or about:; returns the list
    they are recorded in."""
    outside: list[str] = []

    def guard(route, request) -> None:  # type: ignore[no-untyped-def]
        if request.url.split(":", 1)[0] in ("file", "data", "blob", "about"):
            route.continue_()
        else:
            outside.append(request.url)
            route.abort()

    page.route("**/*", guard)
    return outside


def material_results(context, base: str, queries: list[str], offline: bool = False) -> dict[str, tuple[list[str], str]]:
    """Top 10 page locations of stock Material's search box for each query (results read from the page).
    `offline`: `base` is the file:// URL of the offline edition (`a/b.html` is the http build's `a/b/`)."""
    page = context.new_page()
    outside = file_only(page) if offline else []
    started = time.monotonic()
    page.goto(base + ("index.html" if offline else ""))
    page.click("label.md-header__button[for='__search']") if page.is_visible(
        "label.md-header__button[for='__search']"
    ) else None
    # The offline edition loads its index only when the search box gets focus. Ready when the worker has replaced
    # "正在初始化搜索引擎"; from file:// the shim runs the worker on the page's main thread.
    page.focus(".md-search__input")
    page.wait_for_function(
        "() => !document.querySelector('.md-search-result__meta').textContent.includes('初始化')", timeout=300_000
    )
    print(f"  search ready {time.monotonic() - started:.1f} s after opening the start page")
    out = {}
    for q in queries:
        page.fill(".md-search__input", "")
        page.fill(".md-search__input", q)
        page.dispatch_event(".md-search__input", "keyup")
        # Wait until the result list has been stable for 250 ms (Material renders asynchronously).
        last, stable_since, deadline = None, time.monotonic(), time.monotonic() + 10
        while time.monotonic() < deadline:
            state = page.evaluate("""() => [document.querySelector('.md-search-result__meta').textContent,
                [...document.querySelectorAll('.md-search-result__item > a.md-search-result__link')].map(a => a.href)]""")
            if state != last:
                last, stable_since = state, time.monotonic()
            elif time.monotonic() - stable_since > 0.25 and "初始化" not in state[0]:
                break
            time.sleep(0.05)
        locations: list[str] = []
        for href in last[1]:
            loc = href.split("#", 1)[0][len(base) :]
            if offline:
                loc = "" if loc == "index.html" else loc.removesuffix(".html") + "/"
            if loc not in locations:
                locations.append(loc)
        out[q] = (locations[:10], "full")
    page.close()
    if offline:
        print(f"  requests outside file:// (blocked): {len(outside)} {outside[:5]}")
    return out


def evaluate(results: dict[str, tuple[list[str], str]], truth: dict[str, set[str]], verbose: bool, label: str) -> None:
    recalls, precisions, zero, scored, partial = [], [], [], 0, 0
    unheld: list[str] = []  # queries no page holds every word of: answered by partial matches
    unheld_empty = 0
    for q, gt in truth.items():
        got, match = results[q]
        partial += match == "partial"
        if not gt:
            unheld.append(q)
            unheld_empty += not got
            if verbose:
                print(f"  [{label}] {q!r}: no page holds every word; returned {len(got)} ({match})")
            continue
        scored += 1
        hit = len(set(got) & gt)
        recalls.append(hit / min(10, len(gt)))
        precisions.append(hit / len(got) if got else 0.0)
        if not got:
            zero.append(q)
        if verbose and (recalls[-1] < 1 or precisions[-1] < 1):
            print(
                f"  [{label}] {q!r}: recall {recalls[-1]:.2f} precision {precisions[-1]:.2f} "
                f"(truth {len(gt)}; extra {sorted(set(got) - gt)[:3]}; missing {sorted(gt - set(got))[:3]})"
            )
    print(
        f"{label:28} scored {scored}/{len(truth)} | recall@10 {sum(recalls) / len(recalls):.4f} | "
        f"precision@10 {sum(precisions) / len(precisions):.4f} | empty {len(zero)} {zero} | partial answers {partial}"
        + (
            f" | {len(unheld)} queries no page holds: {len(unheld) - unheld_empty} answered, {unheld_empty} empty"
            if unheld
            else ""
        )
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=None, help="data directory (default: the repository's data/)")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--no-baseline", action="store_true", help="skip stock Material + jieba")
    args = ap.parse_args()
    data_dir = (args.data or ROOT / "data").resolve()
    term_set, run_set = load_queries(ROOT / "benchmarks/search_queries.yml")
    sets = {"terms": term_set, "run-together": run_set}
    glossary, names = corpus_lexicon(data_dir)
    with tempfile.TemporaryDirectory(prefix="djkb-search-quality-") as tmp:
        sites = {"http": Path(tmp) / "http", "file": Path(tmp) / "file"}
        build(sites["http"], args.data and data_dir, True)
        build(sites["file"], args.data and data_dir, False)
        raw: dict[str, tuple[str, str]] = {}
        texts = {
            mode: page_texts(site, mode == "http", raw if mode == "http" else None) for mode, site in sites.items()
        }
        if not args.no_baseline:
            build_baseline(Path(tmp) / "baseline", raw)
            build_baseline(Path(tmp) / "baseline-offline", raw, iframe_worker_shim(Path(tmp)))
        with serve(sites["http"]) as base, isolated_browser() as (context, blocked):
            for mode, site in sites.items():
                page = context.new_page()
                start = base if mode == "http" else site.as_uri() + "/index.html"
                page.goto(start)
                print(
                    f"{mode}: {len(texts[mode])} pages; {len(term_set)} term queries, {len(run_set)} run-together queries"
                )
                for name, queries in sets.items():
                    truth = {q.q: ground_truth(q, texts[mode], glossary, names) for q in queries}
                    results = page.evaluate(RUN_JS, [q.q for q in queries])
                    evaluate(results, truth, args.verbose, f"{mode} {name}")
                page.close()
            if not args.no_baseline:
                with serve(Path(tmp) / "baseline" / "site") as material_base:
                    offline_base = (Path(tmp) / "baseline-offline" / "site").as_uri() + "/"
                    for mode, start in (("http", material_base), ("file", offline_base)):
                        print(f"stock Material {_material_version()} + jieba, {mode} (same pages):")
                        for name, queries in sets.items():
                            truth = {q.q: ground_truth(q, texts["http"], glossary, names) for q in queries}
                            results = material_results(context, start, [q.q for q in queries], mode == "file")
                            evaluate(results, truth, args.verbose, f"material {mode} {name}")
            print(f"non-local requests: {len(blocked)} {blocked[:5]}")


def _material_version() -> str:
    from importlib.metadata import version

    return version("mkdocs-material")


if __name__ == "__main__":
    main()
