"""Relative URLs between site pages are computed without the file system, as `posixpath.relpath` would."""

from __future__ import annotations

import itertools
import posixpath

from djkb.pages.urls import page_url, relative_path

SITE_PATHS = [
    "",
    ".",
    "index.md",
    "cases",
    "cases/",
    "cases/index.md",
    "cases/x.md",
    "cases/x/",
    "cases/by-domain/",
    "cases/by-domain.md",
    "standards/a/",
    "standards/coverage.md",
    "glossary/三会一课/",
    "checklists/a.md",
    "a/b/c/d/",
    "a/b/e/",
    "stats/",
]


def test_relative_path_equals_posixpath_relpath_for_site_paths():
    for target, base in itertools.product(SITE_PATHS, SITE_PATHS):
        base = posixpath.dirname(base) if base.endswith(".md") else base
        expected = posixpath.relpath(target or ".", base or ".")
        assert relative_path(target, base) == expected, (target, base)


def test_relative_path_between_generated_pages_in_both_url_styles():
    sources = ["index.md", "cases/index.md", "cases/x.md", "cases/by-year.md", "standards/s.md", "stats/index.md"]
    for directory_urls in (True, False):
        urls = [page_url(source, directory_urls=directory_urls) for source in sources]
        for target, origin in itertools.product(urls, urls):
            base = posixpath.dirname(origin)
            assert relative_path(target, base) == posixpath.relpath(target or ".", base or ".")
