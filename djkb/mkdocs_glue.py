"""MkDocs events → the djkb pipeline. The only module that imports MkDocs.

Per-build state lives on the build's config object (key `djkb_state`), never at module level: `mkdocs
serve` keeps hook modules loaded across rebuilds but makes a fresh config for each.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from djkb.errors import DataError
from djkb.link import Corpus
from djkb.pipeline import load_corpus
from djkb.browse import site_files
from djkb.render import RenderedPage, Renderer, one_line
from djkb import render_cache
from djkb import serve_cache
from djkb.progress import Progress
from djkb.sanitize import escape_page_meta, sanitize_html
from djkb.site_urls import page_url
from djkb.tooltips import TermMatcher, glossary_names, is_tips_script, term_tips, tips_script, write_tips_script
from djkb.search import SearchExpansion, SearchIndexBuilder
from djkb.search.text import html_to_text

log = logging.getLogger("mkdocs.plugins.djkb")

STATE_KEY = "djkb_state"
_TITLE_PERMALINK = re.compile(r'\A(\s*<h1 id="[^"]*">(?:(?!</h1>).)*?)<a class="headerlink" href="#[^"]*">¶</a></h1>', re.S)
RECORD_FRAME = "record.html"  # overrides/record.html: the lean frame of the thousands of pages outside the nav
ASSETS_DIR = Path(__file__).parent / "assets"
ASSETS_URI = "assets/djkb"


@dataclass
class BuildOptions:
    """How this build differs from the published site (set by `djkb` commands or environment)."""

    data_dir: Path
    preview: bool = False  # include drafts, marked as such
    selection: dict[str, Any] | None = None  # offline bundle (djkb/bundle.py): {} = whole site, else criteria
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_config(cls, config: MkDocsConfig) -> "BuildOptions":
        root = Path(config.config_file_path).parent
        given = dict(config.extra.get("djkb_build") or {})
        data_dir = Path(given.pop("data_dir", None) or os.environ.get("DJKB_DATA_DIR") or root / "data")
        preview = bool(given.pop("preview", False) or os.environ.get("DJKB_PREVIEW", "") not in ("", "0"))
        selection = given.pop("selection", None)
        return cls(data_dir=data_dir if data_dir.is_absolute() else root / data_dir, preview=preview, selection=selection, extra=given)


@dataclass
class BuildState:
    options: BuildOptions
    corpus: Corpus
    pages: list[RenderedPage]
    record_pages: dict[str, RenderedPage] = field(default_factory=dict)  # src_uri → page
    built_record_pages: set[str] = field(default_factory=set)
    extras: dict[str, Any] = field(default_factory=dict)  # room for later stages (search, exports…)


def state(config: MkDocsConfig) -> BuildState:
    try:
        return config[STATE_KEY]
    except KeyError:
        raise PluginError("djkb: build state missing (on_config did not run)") from None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    options = BuildOptions.from_config(config)
    root = Path(config.config_file_path).parent
    store = serve_cache.store_for(root)  # `mkdocs serve`: what earlier rebuilds made, reused where unchanged
    if store is not None:
        store.start_build()
    try:
        corpus = load_corpus(options.data_dir, root=root, include_drafts=options.preview, file_cache=store.files if store else None)
    except DataError as exc:
        raise PluginError("数据检查未通过，网站没有生成：\n" + exc.report()) from None
    if options.selection is not None:  # offline bundle: the selected records and what they need, nothing else
        corpus, pages = _bundle_pages(corpus, options, config)
    else:
        pages = serve_cache.renderer(corpus, store, site_name=config.site_name, directory_urls=config.use_directory_urls).render_all()
    build_state = BuildState(options=options, corpus=corpus, pages=pages)
    build_state.extras["serve_store"] = store
    build_state.record_pages = {p.path: p for p in pages if p.is_record}
    build_state.extras["search"] = _search_builder(corpus, config)
    _add_search_assets(config)
    _setup_browsing(build_state, config)
    build_state.extras["stylesheet"] = _merge_own_stylesheets(config)
    _edit_button_with_repo_url(config)
    config[STATE_KEY] = build_state
    serve_cache.set_aside_previous_site(store, config.site_dir)  # last before MkDocs empties the site folder
    return config


def _edit_button_with_repo_url(config: MkDocsConfig) -> None:
    """One setting: with `repo_url` set, Material's 编辑此页 button is on (pointing at each record's YAML file);
    without it the feature stays off, as there is nowhere to point."""
    features = config.theme.get("features")
    if features is None:
        features = config.theme["features"] = []
    if config.repo_url and "content.action.edit" not in features:
        features.append("content.action.edit")


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    build_state = state(config)
    for page in build_state.pages:
        existing = files.get_file_from_path(page.path)
        if existing is not None and existing.generated_by is None:
            raise PluginError(f"docs/{page.path} 与自动生成的页面同名。请删除或改名 docs/ 下的这个文件：该页面由 data/ 中的数据生成。")
        file = File.generated(
            config,
            page.path,
            content=page.markdown,
            inclusion=InclusionLevel.NOT_IN_NAV if page.is_record or page.meta.get("not_in_nav") else InclusionLevel.UNDEFINED,
        )
        if page.source_path:
            file.edit_uri = f"../{page.source_path}"
        files.append(file)
    for asset in sorted(ASSETS_DIR.rglob("*")):
        if asset.is_file() and not asset.name.startswith("."):
            files.append(File.generated(config, f"{ASSETS_URI}/{asset.relative_to(ASSETS_DIR).as_posix()}", abs_src_path=str(asset)))
    _add_browse_files(files, config)
    if merged := build_state.extras["stylesheet"]:
        files.append(File.generated(config, merged[0], content=merged[1]))
    return files


def _merge_own_stylesheets(config: MkDocsConfig) -> tuple[str, str] | None:
    """Our stylesheets as one file: one `<link>` and one request per page instead of four (issue 8).

    Concatenated in the order they were listed, so the cascade is unchanged; the name carries a content hash
    so a browser cache never mixes two builds. Returns (site path, content), or None if there is nothing to merge.
    """
    own = [str(s) for s in config.extra_css if str(s).startswith(ASSETS_URI + "/") and (ASSETS_DIR / str(s)[len(ASSETS_URI) + 1 :]).is_file()]
    if len(own) < 2:
        return None
    body = "".join(f"/* {name} */\n" + (ASSETS_DIR / name[len(ASSETS_URI) + 1 :]).read_text(encoding="utf-8").rstrip() + "\n" for name in own)
    path = f"{ASSETS_URI}/djkb.{hashlib.sha256(body.encode()).hexdigest()[:10]}.css"
    first = [str(s) for s in config.extra_css].index(own[0])
    kept = [s for s in config.extra_css if str(s) not in own]
    config.extra_css[:] = kept[:first] + [path] + kept[first:]
    return path, body


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    build_state = state(config)
    src_uri = page.file.src_uri
    if src_uri in build_state.record_pages:
        build_state.built_record_pages.add(src_uri)
    # Glossary tooltips (issue 7) run FIRST: before the HTML sanitiser and before the search indexer.
    # Sanitiser (issue 6) after the tooltips and before the search indexer: what is indexed is what is shown.
    html, text = _finish_html(html, page, config)
    html = _TITLE_PERMALINK.sub(r"\1</h1>", html, count=1)  # the page's own URL is the title's link
    escape_page_meta(page.meta)
    if page.file.inclusion is InclusionLevel.NOT_IN_NAV and page.file.generated_by:
        page.meta.setdefault("template", RECORD_FRAME)
    _index_page(build_state, html, page, text)
    return html


def _finish_html(html: str, page: Page, config: MkDocsConfig, *, keep: bool | None = None) -> tuple[str, str]:
    """(page HTML with tooltips, sanitised; its search text). Pure, so cached (issue 8): across `mkdocs serve`
    rebuilds, and filled ahead of the build by the helper process."""
    cache = _cached(config)
    key = state(config).extras["tooltips_key"]
    html = cache.processed([page.url, key], html, lambda text: sanitize_html(_add_term_tooltips(text, page, config)), keep=keep)
    return html, cache.processed(["search-text"], html, html_to_text, keep=keep)


def on_post_build(*, config: MkDocsConfig) -> None:
    build_state = state(config)
    missing = sorted(set(build_state.record_pages) - build_state.built_record_pages)
    site_dir = Path(config.site_dir)
    for src_uri in sorted(build_state.built_record_pages):
        page = build_state.record_pages[src_uri]
        output = _output_path(src_uri, config)
        if not (site_dir / output).is_file():
            missing.append(src_uri)
    if missing:
        listing = "\n".join(f"  {build_state.record_pages[m].source_path} → {m}" for m in missing)
        raise PluginError(f"以下 {len(missing)} 条记录没有生成页面（数据不能丢失）：\n{listing}")
    build_state.extras["search"].write(site_dir)
    write_tips_script(site_dir, build_state.extras["tips_script"])
    log.info("djkb: %d 条记录，%d 个页面", build_state.corpus.count(), len(build_state.pages))
    if cache := build_state.extras.get("render_cache"):
        cache.close()
        log.debug("djkb: 页面转换缓存命中 %d，重新转换 %d", cache.hits, cache.misses)
    if store := build_state.extras["serve_store"]:
        store.end_build()
        log.debug("djkb: serve 重建复用情况 %s", store.stats)


def _bundle_pages(corpus: Corpus, options: BuildOptions, config: MkDocsConfig) -> tuple[Corpus, list[RenderedPage]]:
    from djkb.bundle import bundle_pages
    from djkb.selection import SelectionError

    try:
        return bundle_pages(corpus, options.selection or {}, site_name=config.site_name, date=options.extra.get("bundle_date"), directory_urls=config.use_directory_urls)
    except SelectionError as exc:
        raise PluginError("离线包的选择条件有误：\n" + str(exc)) from None


def _page_url(src_uri: str, config: MkDocsConfig) -> str:
    """A page's URL relative to the site root, as links in the site spell it (one rule: djkb/site_urls.py)."""
    return page_url(src_uri, directory_urls=config.use_directory_urls)


def _output_path(src_uri: str, config: MkDocsConfig) -> str:
    url = _page_url(src_uri, config)
    return url + "index.html" if url == "" or url.endswith("/") else url


# -- browsing (djkb/browse.py, djkb/tooltips.py): charts, export, feed, glossary tooltips, filter script --


def _setup_browsing(build_state: BuildState, config: MkDocsConfig) -> None:
    built_terms = {i: t for i, t in build_state.corpus.glossary.items() if f"glossary/{i}.md" in build_state.record_pages}
    names = glossary_names(built_terms)
    build_state.extras["tooltips"] = TermMatcher(names)
    # The explanations: one script for every page (djkb/tooltips.py), only of the terms this build has.
    tips = build_state.extras["tips_script"] = tips_script(term_tips(built_terms, lambda text: one_line(text, 160)))
    # What a page's tooltips depend on besides its HTML (keys the serve-time cache of processed pages).
    build_state.extras["tooltips_key"] = hashlib.sha256(repr(names).encode()).hexdigest()
    style, script = f"{ASSETS_URI}/browse/browse.css", f"{ASSETS_URI}/browse/browse.js"
    if style not in [str(s) for s in config.extra_css]:
        config.extra_css.append(style)
    if script not in [str(s) for s in config.extra_javascript]:
        config.extra_javascript.append(script)
    config.extra_javascript[:] = [s for s in config.extra_javascript if not is_tips_script(str(s))] + [tips.site_path]


def _add_browse_files(files: Files, config: MkDocsConfig) -> None:
    corpus = state(config).corpus
    generated = site_files(corpus, site_name=config.site_name, site_url=config.site_url or "", url_for=lambda src_uri: _page_url(src_uri, config))
    for path, content in generated.items():
        existing = files.get_file_from_path(path)
        if existing is not None:
            if existing.generated_by is None:
                raise PluginError(f"docs/{path} 与自动生成的文件同名。请删除或改名 docs/ 下的这个文件。")
            continue
        files.append(File.generated(config, path, content=content))


def _add_term_tooltips(html: str, page: Page, config: MkDocsConfig) -> str:
    src_uri = page.file.src_uri
    own_term = src_uri[len("glossary/") : -len(".md")] if src_uri.startswith("glossary/") else None
    return state(config).extras["tooltips"].annotate(
        html,
        lambda term_id: get_relative_url(_page_url(f"glossary/{term_id}.md", config), page.url),
        own_term_id=own_term,
    )


# -- search index (djkb/search) ---------------------------------------------------------------------


def _search_builder(corpus: Corpus, config: MkDocsConfig) -> SearchIndexBuilder:
    expansions = [
        SearchExpansion(
            term=term.term,
            aliases=tuple(term.aliases),
            components=tuple(term.components),
            location=_page_url(f"glossary/{term_id}.md", config),
        )
        for term_id, term in sorted(corpus.glossary.items())
    ]
    return SearchIndexBuilder(expansions)


def _add_search_assets(config: MkDocsConfig) -> None:
    """The search box and engine are on every page (Material's own search plugin is not used)."""
    script, style = f"{ASSETS_URI}/search/djkb-search.js", f"{ASSETS_URI}/search/djkb-search.css"
    if script not in [str(s) for s in config.extra_javascript]:
        config.extra_javascript.append(script)
    if style not in config.extra_css:
        config.extra_css.append(style)


def _index_page(build_state: BuildState, html: str, page: Page, text: str | None = None) -> None:
    names: list[str] = []
    rendered = build_state.record_pages.get(page.file.src_uri)
    if rendered is not None and rendered.kind:
        record = build_state.corpus.records(rendered.kind).get(rendered.record_id or "")
        if record is not None:
            names = [record.display_name, *getattr(record, "aliases", [])]
    build_state.extras["search"].add_page(page.url, page.title or "", html, names, text=text)


# -- speed at scale (djkb/render_cache.py): cached Markdown→HTML, helper process, smaller pages (issue 8) --


class CachedPage(Page):
    """A generated page: its Markdown→HTML result is reused while its Markdown is unchanged."""

    render = render_cache.cached_render


def _cached(config: MkDocsConfig) -> render_cache.RenderCache:
    return state(config).extras["render_cache"]  # made in on_nav, before any page is converted


def on_startup(*, command: str, dirty: bool) -> None:
    render_cache.note_mkdocs_command(command)  # decides the helper process and the cache's lifetime
    serve_cache.note_dirty(dirty)


def on_nav(nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
    build_state = state(config)
    root = Path(config.config_file_path).parent
    fp = render_cache.fingerprint(Path(config.config_file_path), extra=[f"use_directory_urls={config.use_directory_urls}"])
    store = build_state.extras["serve_store"]
    cache = build_state.extras["render_cache"] = render_cache.RenderCache(render_cache.default_cache_root(), fp, root, memory=store.conversions if store else None)
    build_state.extras["nav"], build_state.extras["fingerprint"] = nav, fp  # for serve_cache.prepare_frames
    progress = render_cache.RenderProgress()
    if not any(name.endswith("search") for name in config.plugins):
        # Material's own search engine (lunr, its worker, source maps) is unused: 2 MB less in every site and bundle.
        for file in [f for f in files if render_cache.is_unused_theme_asset(f.src_uri)]:
            files.remove(file)
    pages = []
    generated = {p.path for p in build_state.pages}  # record and listing pages: listings rarely change in a serve edit
    for file in files.documentation_pages():
        page = file.page
        if file.src_uri in generated and type(page) is Page:
            page.__class__ = CachedPage  # MkDocs made the Page while building the nav; only `render` differs
            page.djkb_render_cache, page.djkb_render_progress = cache, progress
            pages.append(page)
    progress.display = Progress("生成页面", len(pages))
    def finish(page: Page) -> None:  # in the helper: cache what on_page_content will need
        _finish_html(page.content, page, config, keep=True)

    if len(pages) >= 300:  # a helper process converts from the end while the build works from the start
        build_state.extras["render_helper"] = render_cache.start_helper(lambda: render_cache.prefill(pages, config, files, progress, finish))
    return nav


def on_env(env: Any, *, config: MkDocsConfig, files: Files) -> Any:
    build_state = state(config)
    render_cache.stop_helper(build_state.extras.pop("render_helper", None))
    extras = build_state.extras
    serve_cache.prepare_frames(extras["serve_store"], env, config, extras.get("nav"), files, fingerprint=extras.get("fingerprint", ""), skip_keys=[STATE_KEY])
    return env


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    if (reused := serve_cache.reused_frame(page)) is not None:
        return reused  # `mkdocs serve`: this page's final HTML from an earlier rebuild (djkb/serve_cache.py)
    output = render_cache.squeeze_html(output)
    serve_cache.keep_frame(state(config).extras["serve_store"], page, output)
    return output
