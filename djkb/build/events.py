"""MkDocs events → the djkb pipeline (wired by hooks/djkb_hooks.py).

Per-build state is a typed `BuildState` on the build's config object (key `djkb_state`), never at module level:
`mkdocs serve` keeps hook modules loaded across rebuilds but makes a fresh config for each. MkDocsConfig is a
mapping that keeps keys outside its schema (mkdocs 1.6.1, config/base.py `Config` is a UserDict), which is what
lets the state ride on it.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from djkb.build import conversion_cache as render_cache
from djkb.build import invocation, page_states, serve_cache, serve_watch
from djkb.build.asset_names import remove_stale
from djkb.build.config import DjkbBuildConfig, build_settings
from djkb.build.html import squeeze_html, trim_record_frame
from djkb.build.progress import Progress
from djkb.build.site_assets import FRAME_ICONS, PublishedAssets, icon_rules, index_key, publish_assets
from djkb.bundle.pages import bundle_pages
from djkb.bundle.selection import SelectionError
from djkb.data.link import Corpus
from djkb.data.pipeline import load_corpus
from djkb.errors import DataError
from djkb.pages.browse import Browse, site_files
from djkb.pages.markdown import one_line
from djkb.pages.render import RenderedPage
from djkb.pages.sanitize import escape_page_meta, sanitize_html
from djkb.pages.tooltips import (
    TermMatcher,
    TipsScript,
    glossary_names,
    is_tips_script,
    term_tips,
    tips_script,
    write_tips_script,
)
from djkb.pages.urls import page_url
from djkb.project import ASSETS_DIR, is_unused_theme_asset
from djkb.search import SearchExpansion, SearchIndexBuilder
from djkb.search.indexer import page_entry
from djkb.search.text import html_to_text
from djkb.wordimport.template import TEMPLATE_SITE_PATH as WORD_TEMPLATE_PATH
from djkb.wordimport.template import template_bytes

log = logging.getLogger("mkdocs.plugins.djkb")

STATE_KEY = "djkb_state"
_TITLE_PERMALINK = re.compile(
    r'\A(\s*<h1 id="[^"]*">(?:(?!</h1>).)*?)<a class="headerlink" href="#[^"]*">¶</a></h1>', re.S
)
RECORD_FRAME = "record.html"  # overrides/record.html: the lean frame of the thousands of pages outside the nav
ASSETS_URI = "assets/djkb"
HEAD_SCRIPT = f"{ASSETS_URI}/head.js"  # Material's storage helpers and the text size, before the first paint


@dataclass
class BuildState:
    """Everything one build (one MkDocs config) carries from event to event."""

    settings: DjkbBuildConfig
    data_dir: Path
    corpus: Corpus
    pages: list[RenderedPage]
    search: SearchIndexBuilder
    tips: TipsScript  # the glossary explanations script of this build
    terms: TermMatcher  # finds glossary terms in page HTML
    tooltips_key: str  # what a page's tooltips depend on besides its HTML (keys the processed-page cache)
    serve_store: serve_cache.ServeStore | None  # under `mkdocs serve`: what earlier rebuilds made
    stylesheet: tuple[str, str] | None  # our stylesheets merged: (site path, content)
    # The stylesheets merged into it: no page loads them on their own, so they are not copied into the site.
    merged_sources: frozenset[str]
    assets: PublishedAssets  # our scripts and stylesheets under content-hashed names
    browse: Browse | None  # what the site's pages were rendered with (its data download is made once)
    record_pages: dict[str, RenderedPage] = field(default_factory=dict)  # src_uri → page
    built_record_pages: set[str] = field(default_factory=set)
    # from on_nav on:
    render_cache: render_cache.RenderCache | None = None
    nav: Any = None  # mkdocs.structure.nav.Navigation, for serve_cache.prepare_frames
    fingerprint: str = ""
    generated_pages: dict[str, RenderedPage] = field(default_factory=dict)  # src_uri → page, from on_nav on
    page_environment: tuple = ()  # what generated pages' states depend on besides their Markdown (page_states.py)
    render_helper: int | None = None  # pid of the helper process converting pages ahead of the build
    files: Any = None  # mkdocs Files of this build, from on_env on


def state(config: MkDocsConfig) -> BuildState:
    try:
        return config[STATE_KEY]
    except KeyError:
        raise PluginError("djkb: build state missing (on_config did not run)") from None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    settings, data_dir = build_settings(config)
    root = Path(config.config_file_path).parent
    store = serve_cache.store_for(root)  # `mkdocs serve`: what earlier rebuilds made, reused where unchanged
    if store is not None:
        store.start_build()
    try:
        corpus = load_corpus(
            data_dir, root=root, include_drafts=settings.preview, file_cache=store.files if store else None
        )
    except DataError as exc:
        raise PluginError(exc.failed("网站没有生成")) from None
    if settings.is_bundle:  # offline bundle: the selected records and what they need, nothing else
        corpus, pages = _bundle_pages(corpus, settings, config)
        browse = None
    else:
        renderer = serve_cache.renderer(
            corpus, store, site_name=config.site_name, directory_urls=config.use_directory_urls
        )
        pages = renderer.render_all()
        browse = renderer.browse_context["browse"]
    record_pages = {p.path: p for p in pages if p.is_record}
    search = _search_builder(corpus, config)
    _add_search_assets(config)  # listed before the browsing assets: the order of the page's scripts
    terms, tips, tooltips_key = _setup_browsing(corpus, record_pages, config)
    own_stylesheets = _own_stylesheets(config)  # before the merge, which replaces them in extra_css
    stylesheet = _merge_own_stylesheets(config, own_stylesheets)
    _edit_button_with_repo_url(config)
    serve_cache.list_theme_files_once(store, config.theme)
    config[STATE_KEY] = BuildState(
        settings=settings,
        data_dir=data_dir,
        corpus=corpus,
        pages=pages,
        record_pages=record_pages,
        search=search,
        terms=terms,
        tips=tips,
        tooltips_key=tooltips_key,
        serve_store=store,
        stylesheet=stylesheet,
        merged_sources=frozenset(own_stylesheets if stylesheet else ()),
        assets=_publish_own_assets(search, pages, config, serve=invocation.CURRENT.is_serve),
        browse=browse,
    )
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
    serve_cache.restore_previous_site(build_state.serve_store, config.site_dir)  # MkDocs has emptied the folder
    for page in build_state.pages:
        existing = files.get_file_from_path(page.path)
        if existing is not None and existing.generated_by is None:
            raise PluginError(
                f"docs/{page.path} 与自动生成的页面同名。请删除或改名 docs/ 下的这个文件：该页面由 data/ 中的数据生成。"
            )
        file = File.generated(
            config,
            page.path,
            content=page.markdown,
            inclusion=InclusionLevel.NOT_IN_NAV
            if page.is_record or page.meta.get("not_in_nav")
            else InclusionLevel.UNDEFINED,
        )
        if page.source_path:
            file.edit_uri = f"../{page.source_path}"
        files.append(file)
    published = build_state.assets
    for asset in sorted(ASSETS_DIR.rglob("*")):
        site_path = f"{ASSETS_URI}/{asset.relative_to(ASSETS_DIR).as_posix()}"
        if (
            asset.is_file()
            and not asset.name.startswith(".")
            and site_path not in published.renamed
            and site_path not in build_state.merged_sources
        ):
            files.append(File.generated(config, site_path, abs_src_path=str(asset)))
    for site_path, content in published.files.items():
        files.append(File.generated(config, site_path, content=content))
    _add_browse_files(files, config)
    if merged := build_state.stylesheet:
        files.append(File.generated(config, merged[0], content=merged[1]))
    return files


def _frame_icons(config: MkDocsConfig) -> dict[str, str]:
    """role → SVG text of the frame's icons as `theme.icon` names them, looked up like Material's own
    `{% include ".icons/…" %}`: the theme folders in order (custom_dir first)."""
    names = config.theme.get("icon") or {}
    icons = {}
    for role, default in FRAME_ICONS.items():
        name = names.get(role) or default
        found = next(
            (
                Path(d) / ".icons" / f"{name}.svg"
                for d in config.theme.dirs
                if (Path(d) / ".icons" / f"{name}.svg").is_file()
            ),
            None,
        )
        if found is None:
            raise PluginError(f"theme.icon.{role}: 找不到图标 {name}")
        icons[role] = found.read_text(encoding="utf-8")
    return icons


def _own_stylesheets(config: MkDocsConfig) -> list[str]:
    """Site paths of the stylesheets in `extra_css` that are files of djkb/assets."""
    return [
        str(s)
        for s in config.extra_css
        if str(s).startswith(ASSETS_URI + "/") and (ASSETS_DIR / str(s)[len(ASSETS_URI) + 1 :]).is_file()
    ]


def _merge_own_stylesheets(config: MkDocsConfig, own: list[str]) -> tuple[str, str] | None:
    """Our stylesheets as one file: one `<link>` and one request per page instead of four.

    Concatenated in the order they were listed, so the cascade is unchanged, then the frame's icons (drawn by
    CSS, see `site_assets.icon_rules`); the name carries a content hash so a browser cache never mixes two
    builds. `own`: `_own_stylesheets`. Returns (site path, content), or None if there is nothing to merge.
    """
    if not own:
        return None
    body = "".join(
        f"/* {name} */\n" + (ASSETS_DIR / name[len(ASSETS_URI) + 1 :]).read_text(encoding="utf-8").rstrip() + "\n"
        for name in own
    )
    body += "/* frame icons (theme.icon) */\n" + icon_rules(_frame_icons(config))
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
    record = _page_record(build_state, page)
    unchanged = getattr(page, "djkb_state", None)  # `mkdocs serve`: as in the last build (djkb/build/page_states.py)
    store = build_state.serve_store
    if (
        unchanged is not None
        and store is not None
        and (record is unchanged.record or unchanged.names == _names(record))
    ):
        store.count("page states reused")
        build_state.search.add_entry(unchanged.search_entry)
        store.new_page_states[src_uri] = unchanged
        return page_states.restore(page, unchanged)
    # Glossary tooltips run FIRST: before the HTML sanitiser and before the search indexer.
    # Sanitiser after the tooltips and before the search indexer: what is indexed is what is shown.
    cache_keys: list[str] = []
    html, text = _finish_html(html, page, config, keys=cache_keys)
    html = _TITLE_PERMALINK.sub(r"\1</h1>", html, count=1)  # the page's own URL is the title's link
    escape_page_meta(page.meta)
    if page.file.inclusion is InclusionLevel.NOT_IN_NAV and page.file.generated_by:
        page.meta.setdefault("template", RECORD_FRAME)
    names = _names(record)
    entry = _index_page(build_state, html, page, names, text)
    rendered = build_state.generated_pages.get(src_uri)
    if rendered is not None and store is not None:
        new = page_states.record(
            page, rendered, build_state.page_environment, tuple(cache_keys), record, names, html, entry
        )
        if new is not None:
            store.new_page_states[src_uri] = new
    return html


def _finish_html(
    html: str, page: Page, config: MkDocsConfig, *, keep: bool | None = None, keys: list[str] | None = None
) -> tuple[str, str]:
    """(page HTML with tooltips, sanitised; its search text). Pure, so cached: across `mkdocs serve`
    rebuilds, and filled ahead of the build by the helper process. `keys` collects the cache entries used."""
    cache = _cached(config)
    key = state(config).tooltips_key
    html = cache.processed(
        [page.url, key],
        html,
        lambda text: sanitize_html(_add_term_tooltips(text, page, config)),
        keep=keep,
        keys=keys,
    )
    return html, cache.processed(["search-text"], html, html_to_text, keep=keep, keys=keys)


def on_post_build(*, config: MkDocsConfig) -> None:
    build_state = state(config)
    missing = sorted(set(build_state.record_pages) - build_state.built_record_pages)
    site_dir = Path(config.site_dir)
    for src_uri in sorted(build_state.built_record_pages):
        output = _output_path(src_uri, config)
        if not (site_dir / output).is_file():
            missing.append(src_uri)
    if missing:
        listing = "\n".join(f"  {build_state.record_pages[m].source_path} → {m}" for m in missing)
        raise PluginError(f"以下 {len(missing)} 条记录没有生成页面（数据不能丢失）：\n{listing}")
    published = build_state.assets
    store = build_state.serve_store
    build_state.search.write(
        site_dir, manifest_name=published.manifest_name, memo=store.search_files if store else None
    )
    write_tips_script(site_dir, build_state.tips)
    # Hashed files of earlier builds (`mkdocs serve`, --dirty): the same names with another hash.
    current = [*published.files, *(build_state.stylesheet[:1] if build_state.stylesheet else [])]
    for folder in {path.rpartition("/")[0] for path in current}:
        remove_stale(
            site_dir / folder, [path.rpartition("/")[2] for path in current if path.rpartition("/")[0] == folder]
        )
    log.info("djkb: %d 条记录，%d 个页面", build_state.corpus.count(), len(build_state.pages))
    if cache := build_state.render_cache:
        cache.close()
        log.debug("djkb: 页面转换缓存命中 %d，重新转换 %d", cache.hits, cache.misses)
    if store := build_state.serve_store:
        serve_cache.remove_stale_files(store, config.site_dir, build_state.files or [])
        store.end_build()
        log.debug("djkb: serve 重建复用情况 %s", store.stats)


def _bundle_pages(corpus: Corpus, settings: DjkbBuildConfig, config: MkDocsConfig) -> tuple[Corpus, list[RenderedPage]]:
    try:
        return bundle_pages(
            corpus,
            settings.selection or {},
            site_name=config.site_name,
            date=settings.bundle_date,
            directory_urls=config.use_directory_urls,
            handbook=settings.handbook_file,
        )
    except SelectionError as exc:
        raise PluginError("离线包的选择条件有误：\n" + str(exc)) from None


def _page_url(src_uri: str, config: MkDocsConfig) -> str:
    """A page's URL relative to the site root, as links in the site spell it (one rule: djkb/pages/urls.py)."""
    return page_url(src_uri, directory_urls=config.use_directory_urls)


def _output_path(src_uri: str, config: MkDocsConfig) -> str:
    url = _page_url(src_uri, config)
    return url + "index.html" if url == "" or url.endswith("/") else url


# -- browsing (djkb/pages/browse.py, djkb/pages/tooltips.py): charts, export, feed, glossary tooltips, filter script --


def _setup_browsing(
    corpus: Corpus, record_pages: dict[str, RenderedPage], config: MkDocsConfig
) -> tuple[TermMatcher, TipsScript, str]:
    """(the glossary term finder, the explanations script, the tooltips' cache key); the browsing assets listed."""
    built_terms = {i: t for i, t in corpus.glossary.items() if f"glossary/{i}.md" in record_pages}
    names = glossary_names(built_terms)
    # The explanations: one script for every page (djkb/pages/tooltips.py), only of the terms this build has.
    tips = tips_script(term_tips(built_terms, lambda text: one_line(text, 160)))
    style, script = f"{ASSETS_URI}/browse/browse.css", f"{ASSETS_URI}/browse/browse.js"
    if style not in [str(s) for s in config.extra_css]:
        config.extra_css.append(style)
    if script not in [str(s) for s in config.extra_javascript]:
        config.extra_javascript.append(script)
    config.extra_javascript[:] = [s for s in config.extra_javascript if not is_tips_script(str(s))] + [tips.site_path]
    return TermMatcher(names), tips, hashlib.sha256(repr(names).encode()).hexdigest()


def _add_browse_files(files: Files, config: MkDocsConfig) -> None:
    build_state = state(config)
    corpus = build_state.corpus
    generated = site_files(
        corpus,
        site_name=config.site_name,
        site_url=config.site_url or "",
        url_for=lambda src_uri: _page_url(src_uri, config),
        browse=build_state.browse,
    )
    # The Word case template the guide links (djkb import reads what editors fill in).
    generated[WORD_TEMPLATE_PATH] = template_bytes(
        tuple(corpus.taxonomy.names("domains")), tuple(corpus.taxonomy.names("org_types"))
    )
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
    return state(config).terms.annotate(
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


def _publish_own_assets(
    search: SearchIndexBuilder, pages: list[RenderedPage], config: MkDocsConfig, *, serve: bool
) -> PublishedAssets:
    """Every script and stylesheet of ours that pages load, under a content-hashed name (djkb/build/site_assets.py).

    Under `mkdocs serve` the index manifest keeps its plain name: the engine's text, and so its hashed name in
    every page, then stays the same when data changes, and the pages an edit did not touch keep their bytes (and
    are not written again, serve_cache.unless_on_disk). MkDocs' server sends no caching headers (mkdocs 1.6.1,
    livereload/__init__.py `_serve_request`), so a browser fetches the manifest anew on every load anyway."""
    index = None
    if not serve:
        fp = render_cache.fingerprint(
            Path(config.config_file_path), extra=[f"use_directory_urls={config.use_directory_urls}"]
        )
        expansions = [repr(e) for e in search.expansions]
        index = index_key(fp, ((p.path, p.markdown) for p in pages), Path(config.docs_dir), expansions)
    loaded = [str(s) for s in (*config.extra_css, *config.extra_javascript)] + [HEAD_SCRIPT]
    published = publish_assets(ASSETS_DIR, ASSETS_URI, loaded, index=index)
    # In <head> (overrides/partials/javascripts/base.html), where extra_javascript cannot go.
    config.extra["djkb_head_script"] = published.renamed[HEAD_SCRIPT]
    config.extra_css[:] = [published.renamed.get(str(s), s) for s in config.extra_css]
    config.extra_javascript[:] = [_loaded_early(published.renamed.get(str(s), s)) for s in config.extra_javascript]
    return published


def _loaded_early(script: Any) -> Any:
    """The search engine as an `async` script: it starts loading the index as soon as it arrives, not after
    Material's bundle has run (scripts at the end of the page run in order); it mounts its box itself on
    DOMContentLoaded. (MkDocs 1.6.1 `ExtraScriptValue`; Material's base.html writes it with `script_tag`.)"""
    path = str(script)
    if not path.startswith(f"{ASSETS_URI}/search/djkb-search."):
        return script
    early = ExtraScriptValue(path)
    early.async_ = True
    return early


def _volatile_assets(config: MkDocsConfig) -> dict[str, str]:
    """Names in every page that change with the data, not with the theme: `mkdocs serve` reuses a page's frame
    across such a change, with the names filled in (djkb/build/serve_cache.py)."""
    build_state = state(config)
    names = {"glossary-tips": build_state.tips.name}
    if engine := build_state.assets.engine_name:
        names["search-engine"] = engine
    return names


def _add_search_assets(config: MkDocsConfig) -> None:
    """The search box and engine are on every page (Material's own search plugin is not used)."""
    script, style = f"{ASSETS_URI}/search/djkb-search.js", f"{ASSETS_URI}/search/djkb-search.css"
    if script not in [str(s) for s in config.extra_javascript]:
        config.extra_javascript.append(script)
    if style not in config.extra_css:
        config.extra_css.append(style)


def _page_record(build_state: BuildState, page: Page) -> Any:
    """The record a record page shows (None for other pages)."""
    rendered = build_state.record_pages.get(page.file.src_uri)
    if rendered is not None and rendered.kind:
        return build_state.corpus.records(rendered.kind).get(rendered.record_id or "")
    return None


def _names(record: Any) -> tuple[str, ...]:
    """The names a record page is found by besides its title (none for other pages)."""
    return () if record is None else (record.display_name, *getattr(record, "aliases", []))


def _index_page(build_state: BuildState, html: str, page: Page, names: tuple[str, ...], text: str | None = None) -> Any:
    arguments = (page.url, page.title or "", html, names, text)
    store = build_state.serve_store
    entry = store.search_entries.get(arguments) if store else None  # `mkdocs serve`: the page is unchanged
    if entry is None:
        entry = page_entry(*arguments)
        if store:
            store.search_entries.put(arguments, entry)
    build_state.search.add_entry(entry)
    return entry


# -- speed at scale (djkb/build/conversion_cache.py): cached Markdown→HTML, helper process, smaller pages --


class CachedPage(Page):
    """A generated page: its Markdown→HTML result is reused while its Markdown is unchanged (and under
    `mkdocs serve` its front matter while its text is)."""

    render = render_cache.cached_render
    read_source = render_cache.cached_read_source


def _cached(config: MkDocsConfig) -> render_cache.RenderCache:
    cache = state(config).render_cache
    assert cache is not None, "made in on_nav, before any page is converted"
    return cache


def on_build_error(*, error: Exception) -> None:
    serve_cache.build_failed()  # `mkdocs serve`: what the failed build paused resumes


def on_serve(server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
    if serve_watch.watch_through_kernel(server, [str(path) for path in config.watch]):
        log.debug("djkb: 文件变化由系统直接通知（inotify），不再轮询")
    return server


def on_startup(*, command: str, dirty: bool) -> None:
    invocation.announce(command, dirty)  # decides the helper process, the caches' lifetime, the site folder's clean-up


def on_nav(nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
    build_state = state(config)
    root = Path(config.config_file_path).parent
    fp = render_cache.fingerprint(
        Path(config.config_file_path), extra=[f"use_directory_urls={config.use_directory_urls}"]
    )
    store = build_state.serve_store
    cache = build_state.render_cache = render_cache.RenderCache(
        render_cache.default_cache_root(),
        fp,
        root,
        memory=store.conversions if store else None,
        disk_work=store.when_idle.later if store else None,
    )
    build_state.nav, build_state.fingerprint = nav, fp
    progress = render_cache.RenderProgress()
    converter = render_cache.PageConverter(config)
    if not any(name.endswith("search") for name in config.plugins):
        # Material's own search engine (lunr, its worker, source maps) is unused: 2 MB less in every site and bundle.
        for file in [f for f in files if is_unused_theme_asset(f.src_uri)]:
            files.remove(file)
    pages = []
    # record and listing pages: listings rarely change in a serve edit
    generated = build_state.generated_pages = {p.path: p for p in build_state.pages}
    environment = build_state.page_environment = page_states.environment(fp, build_state.tooltips_key)
    last_states = store.page_states if store else {}
    for file in files.documentation_pages():
        page = file.page
        if file.src_uri in generated and type(page) is Page:
            # MkDocs creates every Page while building the nav (mkdocs 1.6.1, structure/nav.py lines 154 and 222),
            # before any event could choose the class, then calls page.read_source(config) and page.render(config,
            # files) (commands/build.py lines 159 and 167). CachedPage adds no state and overrides those two only,
            # so swapping the class is safe.
            page.__class__ = CachedPage
            page.djkb_render_cache, page.djkb_render_progress, page.djkb_converter = cache, progress, converter
            page.djkb_state = page_states.unchanged(last_states, file.src_uri, generated[file.src_uri], environment)
            pages.append(page)
    progress.display = Progress("生成页面", len(pages))

    def finish(page: Page) -> None:  # in the helper: cache what on_page_content will need
        _finish_html(page.content, page, config, keep=True)

    if len(pages) >= 300:  # a helper process converts from the end while the build works from the start
        build_state.render_helper = render_cache.start_helper(
            lambda: render_cache.prefill(pages, config, files, progress, finish)
        )
    return nav


def on_env(env: Any, *, config: MkDocsConfig, files: Files) -> Any:
    build_state = state(config)
    build_state.files = files
    render_cache.stop_helper(build_state.render_helper)
    build_state.render_helper = None
    serve_cache.prepare_frames(
        build_state.serve_store,
        env,
        config,
        build_state.nav,
        files,
        fingerprint=build_state.fingerprint,
        skip_keys=[STATE_KEY],
        volatile=_volatile_assets(config),
    )
    return env


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    store = state(config).serve_store
    volatile = _volatile_assets(config)
    # `mkdocs serve`: this page's final HTML from an earlier rebuild (djkb/build/serve_cache.py); "" when the
    # page's file already holds it
    if (reused := serve_cache.reused_output(store, page, volatile)) is not None:
        return reused
    output = squeeze_html(output)
    if page.meta.get("template") == RECORD_FRAME:
        output = trim_record_frame(output)
    serve_cache.keep_frame(store, page, output, volatile)
    return serve_cache.unless_on_disk(store, page, lambda: output, serve_cache.frame_identity(page, volatile))
