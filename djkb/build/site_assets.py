"""Our scripts and stylesheets as the site publishes them: every one under a content-hashed name
(djkb/build/asset_names.py), so a browser cache never pairs files of two builds.

The search engine learns two names from its own text, written in by the build: the inflate fallback it loads
on demand and the index manifest of this build. The manifest is written after every page is built, so its name
cannot be a hash of its bytes; it is a hash of everything the index is made from (`index_key`): the pages'
Markdown, the hand-written pages, the configuration, djkb's code and the packages that turn Markdown into
HTML. Same inputs, same name; any change, a new name — and with it a new engine name.

Pure: works on paths and texts (the MkDocs glue passes them in).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from djkb.build.asset_names import hashed_name

ENGINE = "search/djkb-search.js"
INFLATE = "search/fflate-0.8.3.min.js"
_INFLATE_LINE = 'var INFLATE_SCRIPT = "fflate-0.8.3.min.js";'
_MANIFEST_LINE = 'var MANIFEST_SCRIPT = "manifest.js";'


@dataclass(frozen=True)
class PublishedAssets:
    """What the site carries of djkb/assets: content by site path, and the hashed path of each source path."""

    files: dict[str, bytes] = field(default_factory=dict)  # site path → content (hashed names only)
    renamed: dict[str, str] = field(default_factory=dict)  # site path of a source file → its hashed site path
    manifest_name: str = "manifest.js"

    @property
    def engine_name(self) -> str | None:
        """The search engine's published file name (it changes with the index: see the module docstring)."""
        return next((p.rsplit("/", 1)[1] for s, p in self.renamed.items() if s.endswith("/" + ENGINE)), None)


def index_key(
    fingerprint: str, pages: Iterable[tuple[str, str]], docs_dir: Path | None, extra: Iterable[str] = ()
) -> str:
    """A hash of what the search index is made from: `fingerprint` (configuration, code, packages), every
    generated page (path, Markdown), every file under `docs_dir`, and `extra` (e.g. glossary expansions)."""
    digest = hashlib.sha256(fingerprint.encode())
    for path, markdown in sorted(pages):
        digest.update(f"\0{path}\0".encode())
        digest.update(markdown.encode("utf-8", "surrogatepass"))
    if docs_dir is not None and Path(docs_dir).is_dir():
        for path in sorted(p for p in Path(docs_dir).rglob("*") if p.is_file()):
            digest.update(f"\0{path.relative_to(docs_dir).as_posix()}\0".encode())
            digest.update(path.read_bytes())
    for item in extra:
        digest.update(f"\0{item}".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:10]


def publish_assets(assets_dir: Path, assets_uri: str, loaded: Iterable[str], *, index: str | None) -> PublishedAssets:
    """Hashed names for the files of `assets_dir` that pages load (`loaded`: site paths under `assets_uri`) and
    for the inflate fallback the engine loads; the engine gets the names it needs written into its text.
    `index`: the `index_key` the manifest is named after; None for a manifest under its plain name (see
    djkb/build/events.py `_publish_own_assets`: `mkdocs serve`)."""
    files: dict[str, bytes] = {}
    renamed: dict[str, str] = {}
    manifest_name = f"manifest.{index}.js" if index is not None else _MANIFEST_LINE.split('"')[1]

    def publish(rel: str, content: bytes) -> str:
        folder, _, name = f"{assets_uri}/{rel}".rpartition("/")
        target = f"{folder}/{hashed_name(name, content)}"
        files[target] = content
        renamed[f"{assets_uri}/{rel}"] = target
        return target

    inflate = publish(INFLATE, (assets_dir / INFLATE).read_bytes()).rsplit("/", 1)[1]
    for site_path in dict.fromkeys(loaded):
        rel = site_path[len(assets_uri) + 1 :] if site_path.startswith(assets_uri + "/") else None
        if rel is None or not (assets_dir / rel).is_file():
            continue
        content = (assets_dir / rel).read_bytes()
        if rel == ENGINE:
            text = content.decode("utf-8")
            if _INFLATE_LINE not in text or _MANIFEST_LINE not in text:
                raise ValueError(f"{ENGINE}: the lines naming the inflate script and the manifest are missing")
            text = text.replace(_INFLATE_LINE, f'var INFLATE_SCRIPT = "{inflate}";').replace(
                _MANIFEST_LINE, f'var MANIFEST_SCRIPT = "{manifest_name}";'
            )
            content = text.encode("utf-8")
        publish(rel, content)
    return PublishedAssets(files=files, renamed=renamed, manifest_name=manifest_name)


# The icons of the page frame (overrides/partials/header.html, logo.html, top.html): role → Material's default.
FRAME_ICONS = {"logo": "material/library", "menu": "material/menu", "top": "material/arrow-up"}


def icon_rules(icons: dict[str, str]) -> str:
    """CSS that draws each frame icon (role → SVG text) as a mask over `currentcolor` on
    `<span class="djkb-icon djkb-icon-ROLE">`: the shapes are in the one shared stylesheet instead of ~450 bytes
    of inline SVG in every page. Same size and colour as Material's inline icons (its main.css sizes them).
    In Windows high-contrast mode (forced colours) a background would be forced to the page colour and the icon
    vanish: there it keeps the system colour an inline SVG gets (links LinkText, buttons ButtonText)."""
    rules = [
        ".djkb-icon{display:block;width:1.2rem;height:1.2rem;background-color:currentcolor;"
        "-webkit-mask:var(--djkb-icon) center/contain no-repeat;mask:var(--djkb-icon) center/contain no-repeat}",
        "@media (forced-colors:active){.djkb-icon{forced-color-adjust:none;background-color:CanvasText}"
        "a .djkb-icon{background-color:LinkText}button .djkb-icon{background-color:ButtonText}}",
        ".md-top .djkb-icon{display:inline-block;vertical-align:-.5em}",
        ".md-nav__title .md-nav__button.md-logo .djkb-icon{width:2.4rem;height:2.4rem}",
    ]
    for role, svg in icons.items():  # SVG files carry their xmlns, which an image needs (inline SVG does not)
        data = svg.strip().replace('"', "'").replace("%", "%25").replace("#", "%23").replace("\n", " ")
        rules.append(f'.djkb-icon-{role}{{--djkb-icon:url("data:image/svg+xml;charset=utf-8,{data}")}}')
    return "\n".join(rules) + "\n"
