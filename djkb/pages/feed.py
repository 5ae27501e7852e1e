"""Atom feed of newly added or updated cases (`feed.xml` at the site root)."""

from __future__ import annotations

from typing import Callable

from djkb.data.link import Corpus
from djkb.data.schema import Case
from djkb.pages.markdown import one_line
from djkb.pages.templating import XML_TEMPLATES

FEED_PATH = "feed.xml"
FEED_LIMIT = 50


def case_date(case: Case) -> str:
    """When a case was last added or changed (ISO date)."""
    return case.updated or case.submitted


def recent_cases(corpus: Corpus, limit: int) -> list[Case]:
    """Newest additions and updates first."""
    cases = sorted(corpus.cases.values(), key=lambda c: (case_date(c), c.id), reverse=True)
    return cases[:limit]


def atom_feed(
    corpus: Corpus, *, site_name: str, site_url: str, url_for: Callable[[str], str], limit: int = FEED_LIMIT
) -> str:
    """The feed XML. `url_for(src_uri)` gives a page's URL relative to the site root; with a `site_url`
    links are absolute, otherwise they are relative to the feed (which sits at the site root)."""
    base = site_url.rstrip("/") + "/" if site_url else ""
    entries = [
        {
            "case": case,
            "url": base + url_for(f"cases/{case.id}.md"),
            "date": case_date(case),
            "is_update": case.updated is not None and case.updated != case.submitted,
            "summary": one_line(case.summary, 300),
        }
        for case in recent_cases(corpus, limit)
    ]
    updated = max((e["date"] for e in entries), default="1970-01-01")
    return XML_TEMPLATES.get_template("feed.xml.j2").render(
        site_name=site_name,
        base=base,
        feed_id=(base or "urn:djkb:") + FEED_PATH,
        updated=updated,
        entries=entries,
        home=base or "./",
    )
