"""The 使用说明 page links the Word case template, which the build generates from the controlled lists."""

from __future__ import annotations

import io
from html.parser import HTMLParser

import docx

from djkb.wordimport.template import TEMPLATE_FILE_NAME, TEMPLATE_SITE_PATH


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs))


def test_guide_links_the_generated_template(mini_site):
    template = mini_site / TEMPLATE_SITE_PATH
    assert template.is_file()
    document = docx.Document(io.BytesIO(template.read_bytes()))
    texts = [p.text for p in document.paragraphs]
    assert {"基本信息", "摘要", "背景", "做法", "成效", "启示"} <= set(texts)
    assert any(t.startswith("可选的领域：农村") for t in texts)  # the build's own controlled lists
    guide = next(p for p in (mini_site / "guide" / "index.html", mini_site / "guide.html") if p.is_file())
    parser = _Links()
    parser.feed(guide.read_text(encoding="utf-8"))
    [link] = [a for a in parser.links if (a.get("href") or "").endswith(TEMPLATE_SITE_PATH)]
    assert link.get("download") == TEMPLATE_FILE_NAME
    assert (guide.parent / link["href"]).resolve() == template.resolve()
    page = guide.read_text(encoding="utf-8")
    assert "djkb import" in page and "djkb new case" in page  # both ways to submit are explained
