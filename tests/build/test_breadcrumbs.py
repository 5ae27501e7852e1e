"""当前位置 on record pages: 首页 › the record's section › the page, every link leading to a built page."""

from __future__ import annotations

import posixpath
import re

import pytest

TRAIL = re.compile(r'<nav class="djkb-breadcrumbs" aria-label="当前位置"><ol>(.*?)</ol></nav>', re.S)


@pytest.mark.parametrize(
    ("page", "section"),
    [
        ("cases/county-position-upgrade/index.html", "典型案例"),
        ("standards/village-position-nine-haves/index.html", "标准规范"),
        ("checklists/village-position-nine-haves/index.html", "标准规范"),
        ("glossary/three-meetings-one-lesson-term/index.html", "术语表"),
    ],
)
def test_record_pages_carry_a_breadcrumb_trail(mini_site, page, section):
    html = (mini_site / page).read_text(encoding="utf-8")
    found = TRAIL.search(html)
    assert found, page
    links = re.findall(r'<li><a href="([^"]*)">([^<]*)</a></li>', found.group(1))
    assert [text for _, text in links] == ["首页", section]
    for href, _ in links:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href))
        assert (mini_site / target / "index.html").is_file() or (mini_site / target).is_file(), (page, href)
    title = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    current = re.search(r'<li aria-current="page">([^<]*)</li>', found.group(1)).group(1)
    assert current.replace(" ", "") in re.sub(r"<[^>]+>| |·", "", title) or current.replace(" 自查表", "") in title


def test_listing_pages_have_no_trail(mini_site):
    assert "djkb-breadcrumbs" not in (mini_site / "cases" / "index.html").read_text(encoding="utf-8")
