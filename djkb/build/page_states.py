"""`mkdocs serve`: a generated page that did not change since the last build takes its state from that build.

An edit re-renders a few pages' Markdown (djkb/pages/tracing.py); MkDocs still converts, processes and frames all
of the site's thousand pages. A generated page whose Markdown is the same object as in the last build (the
renderer reused it: nothing it shows changed), whose environment (the conversion's fingerprint, the glossary's
names) is the same, whose links still point where they pointed and whose search names are the same, ends
`on_page_content` exactly as it did then: its converted HTML, table of contents and title, its processed HTML
and metadata, its search entry. Those are put back instead of computed again, and the digest of that state,
part of the page's frame key (djkb/build/serve_cache.py), is reused with them.

Only the last build's states are kept, and only from a build that logged no warning (as frames are): a state put
back never logs what computing it would have logged.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Callable

from djkb.pages.render import RenderedPage

# The page attributes a state holds: what the conversion (mkdocs 1.6.1, structure/pages.py lines 285–292) and
# `on_page_content` set. Everything else on a page (its File, navigation links, URLs, dates) is MkDocs' own and
# is set anew in every build.
STATE_ATTRIBUTES = ("markdown", "meta", "content", "toc", "_title_from_render")


@dataclass
class PageState:
    """A generated page at the end of `on_page_content`, and what that depended on."""

    rendered: RenderedPage  # the renderer's page: the same object while nothing the page shows changed
    environment: tuple  # everything else besides its links the state depends on (see `environment`)
    conversion: Any  # conversion_cache.RenderResult: converted HTML, table of contents, title, anchors, links
    cache_keys: tuple[str, ...]  # its entries in the conversion cache (kept on disk while the state is used)
    names: tuple[str, ...]  # the record's names, as the search entry holds them
    record: Any  # the record they were read from (None for other pages): the same object, the same names
    html: str  # after `on_page_content`
    meta: dict[str, Any]
    search_entry: Any  # djkb.search.indexer.IndexEntry
    digest: str | None = None  # of STATE_ATTRIBUTES, for the frame key; set when the frame is keyed


def environment(fingerprint: str, tooltips_key: str) -> tuple:
    """Besides its Markdown and links: the conversion's configuration, packages and code (`fingerprint`) and the
    glossary's names that get explanations (`tooltips_key`)."""
    return (fingerprint, tooltips_key)


def unchanged(states: dict[str, PageState], src_uri: str, rendered: RenderedPage, env: tuple) -> PageState | None:
    """The last build's state of the page at `src_uri`, if its Markdown and environment are the same."""
    state = states.get(src_uri)
    if state is None or state.rendered is not rendered or state.environment != env:
        return None
    return state


def links_hold(state: PageState, url_of: Callable[[str], str | None]) -> bool:
    """Every page the conversion looked up is still there (or still missing), at the same URL."""
    return all(url_of(src_uri) == url for src_uri, url in state.conversion.lookups.items())


def fresh_meta(meta: Any) -> Any:
    """A copy of page metadata whose containers are its own (the build adds to them); texts, `Markup` and
    numbers are shared. (`copy.deepcopy` rebuilds every `Markup` through pickling: a tenth of a millisecond a page.)"""
    if isinstance(meta, dict):
        return {key: fresh_meta(value) for key, value in meta.items()}
    if isinstance(meta, list):
        return [fresh_meta(value) for value in meta]
    if isinstance(meta, (str, int, float, bool, type(None), bytes)):
        return meta
    return copy.deepcopy(meta)  # anything else (a date, a set…) as deep as can be


def restore(page: Any, state: PageState) -> str:
    """Put back what `on_page_content` left on the page; its HTML."""
    page.meta = fresh_meta(state.meta)
    page.djkb_state_digest = state.digest
    page.djkb_new_state = state
    return state.html


def record(
    page: Any,
    rendered: RenderedPage,
    env: tuple,
    cache_keys: tuple[str, ...],
    record: Any,
    names: tuple[str, ...],
    html: str,
    search_entry: Any,
) -> PageState | None:
    """The state of a page `on_page_content` has just finished (None if it was not converted through the cache)."""
    conversion = getattr(page, "djkb_conversion", None)
    if conversion is None:
        return None
    key, result = conversion
    state = PageState(
        rendered=rendered,
        environment=env,
        conversion=result,
        cache_keys=(key, *cache_keys),
        record=record,
        names=names,
        html=html,
        meta=fresh_meta(page.meta),
        search_entry=search_entry,
    )
    page.djkb_new_state = state
    return state


def state_digest(page: Any, describe: Callable[[Any], str]) -> str:
    """The digest of the page's STATE_ATTRIBUTES: the last build's for a page whose state was put back."""
    digest = getattr(page, "djkb_state_digest", None)
    if digest is None:
        digest = page.djkb_state_digest = describe({name: getattr(page, name, None) for name in STATE_ATTRIBUTES})
        new = getattr(page, "djkb_new_state", None)
        if new is not None:
            new.digest = digest
    return digest
