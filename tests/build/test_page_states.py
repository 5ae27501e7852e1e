"""What `mkdocs serve` puts back on an unchanged page is its own: metadata containers are copied, texts shared."""

from __future__ import annotations

import datetime

from markupsafe import Markup

from djkb.build.page_states import fresh_meta


def test_fresh_metadata_equals_the_original_and_shares_no_container():
    meta = {
        "title": Markup("“党建+网格”工作法"),
        "tags": ["网格", "党建"],
        "extra": {"levels": [1, 2], "date": datetime.date(2024, 5, 1)},
        "template": "record.html",
    }
    copy = fresh_meta(meta)
    assert copy == meta
    assert type(copy["title"]) is Markup  # still marked as escaped: templates do not escape it again
    assert copy is not meta and copy["tags"] is not meta["tags"] and copy["extra"] is not meta["extra"]
    assert copy["extra"]["levels"] is not meta["extra"]["levels"]
    copy["tags"].append("新增")
    copy["extra"]["levels"].append(3)
    assert meta["tags"] == ["网格", "党建"] and meta["extra"]["levels"] == [1, 2]
