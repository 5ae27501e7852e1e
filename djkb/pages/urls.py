"""Final page URLs, as MkDocs writes them, for links the render stage emits as plain HTML.

Big listing pages link to every case; as Markdown links each one costs a Markdown-to-HTML conversion step
in every build. The render stage knows every target (it only links records that have a page), so it can
write the final `<a href>` itself. Pure: no MkDocs import.
"""

from __future__ import annotations

import posixpath


def page_url(path: str, *, directory_urls: bool) -> str:
    """Site-relative URL of a generated page: `cases/x.md` → `cases/x/` (or `cases/x.html`), `index.md` → ``."""
    stem = path[: -len(".md")]
    if posixpath.basename(stem) == "index":
        return stem[: -len("index")] if directory_urls else f"{stem}.html"
    return f"{stem}/" if directory_urls else f"{stem}.html"


def relative_path(target: str, base: str) -> str:
    """`posixpath.relpath(target or ".", base or ".")` for site paths (relative, without `..` parts), without
    its file system calls: listing pages make thousands of links."""
    target_parts = [part for part in target.split("/") if part and part != "."]
    base_parts = [part for part in base.split("/") if part and part != "."]
    common = 0
    for mine, theirs in zip(target_parts, base_parts):
        if mine != theirs:
            break
        common += 1
    return "/".join([".."] * (len(base_parts) - common) + target_parts[common:]) or "."


def relative_url(target_path: str, from_path: str, *, directory_urls: bool) -> str:
    """URL of page `target_path` as written in page `from_path` (both `.md` source paths)."""
    target = page_url(target_path, directory_urls=directory_urls)
    base = posixpath.dirname(page_url(from_path, directory_urls=directory_urls))
    relative = relative_path(target, base)
    if target.endswith("/"):
        relative = "./" if relative == "." else relative + "/"
    return relative
