"""A minimal static site around the search index, for tests and benchmarks without MkDocs.

Pages mimic the parts of Material's markup the search box relies on (``.md-header__inner``) and include the
search script and style at the same relative paths the real site uses.
"""

from __future__ import annotations

import contextlib
import html
import shutil
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from djkb.project import ASSETS_DIR
from djkb.search.indexer import SearchExpansion, SearchIndexBuilder
from tests.support.browser import isolated_browser, serve

ASSETS_SRC = ASSETS_DIR / "search"


@dataclass
class DemoPage:
    location: str  # site-relative URL, e.g. "cases/x/" or "cases/x.html"
    title: str
    html: str  # content HTML
    names: Sequence[str] = field(default_factory=tuple)


def page_file(location: str) -> str:
    """File path (relative to the site) that serves a location."""
    if location == "" or location.endswith("/"):
        return location + "index.html"
    return location


def _page_html(page: DemoPage, depth: int) -> str:
    up = "../" * depth
    return f"""<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{html.escape(page.title)} - 党建品牌知识库</title>
<link rel="stylesheet" href="{up}assets/djkb/search/djkb-search.css">
<style>body{{margin:0;font-family:sans-serif}}.md-header{{background:#a31f1f;color:#fff}}
.md-header__inner{{display:flex;align-items:center;height:2.4rem;padding:0 .5rem}}</style>
</head>
<body>
<header class="md-header"><nav class="md-header__inner"><div class="md-header__title">党建品牌知识库</div>
<div class="md-header__source"></div></nav></header>
<main><article class="md-content__inner md-typeset">{page.html}</article></main>
<script src="{up}assets/djkb/search/djkb-search.js"></script>
</body>
</html>
"""


def write_site(
    site_dir: Path, pages: Iterable[DemoPage], expansions: Iterable[SearchExpansion] = ()
) -> SearchIndexBuilder:
    """Write HTML pages, the search assets and the index into ``site_dir``."""
    site_dir = Path(site_dir)
    builder = SearchIndexBuilder(list(expansions))
    for page in pages:
        rel = page_file(page.location)
        target = site_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_page_html(page, rel.count("/")), encoding="utf-8")
        builder.add_page(page.location, page.title, page.html, page.names)
    assets = site_dir / "assets" / "djkb" / "search"
    assets.mkdir(parents=True, exist_ok=True)
    for src in ASSETS_SRC.iterdir():
        if src.is_file():
            shutil.copy2(src, assets / src.name)
    builder.write(site_dir)
    return builder


@contextlib.contextmanager
def demo_sites(
    tmp_path_factory, pages: Sequence[tuple[str, str, str, list[str]]], expansions: Sequence[SearchExpansion] = ()
) -> Iterator[tuple[dict[str, tuple[str, Path]], object, list[str]]]:
    """The demo pages `(location, title, html, names)` written twice, with directory URLs served over http and
    with .html files for file://, and one isolated browser: ({mode: (base URL, site folder)}, context, blocked)."""
    sites = {}
    for mode, directory_urls in (("http", True), ("file", False)):
        root = tmp_path_factory.mktemp(f"demo-{mode}")
        demo = [
            DemoPage(loc if directory_urls or not loc else loc.rstrip("/") + ".html", title, body, names)
            for loc, title, body, names in pages
        ]
        write_site(root, demo, expansions)
        sites[mode] = root
    with serve(sites["http"]) as base, isolated_browser() as (context, blocked):
        yield {"http": (base, sites["http"]), "file": (sites["file"].as_uri() + "/", sites["file"])}, context, blocked
    assert blocked == [], f"non-local requests: {blocked}"


@contextlib.contextmanager
def demo_page(browser_env, mode: str) -> Iterator[dict]:
    """A fresh page of the demo sites' browser, for `mode` ("http" or "file"); fails on any page error or
    non-local request."""
    sites, context, blocked = browser_env
    base, root = sites[mode]
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield {"mode": mode, "base": base, "root": root, "page": page, "context": context, "blocked": blocked}
    page.close()
    assert errors == []
    assert blocked == []


def loc(env: dict, location: str) -> str:
    """A demo location as written for the page's site (directory URLs over http, .html from file://)."""
    if env["mode"] == "file" and location:
        return location.rstrip("/") + ".html"
    return location
