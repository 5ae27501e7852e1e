"""Reading the generated glossary explanations script (terms.<hash>.js) in tests, and what it must say."""

from __future__ import annotations

import json
import re

from djkb.pages.markdown import one_line

SCRIPT = re.compile(r"\A\(window\.djkbTermTips\|\|function\(t\)\{window\.djkbTermTipsData=t\}\)\((.*)\);\n\Z", re.S)


def script_tips(text: str) -> dict[str, str]:
    """The `{term id: text}` a terms script hands to browse.js."""
    found = SCRIPT.match(text)
    assert found, text[:200]
    return json.loads(found.group(1))


def expected_tip(term) -> str:
    """What a term's tooltip says: “term：[expansion。]explanation on one line”, spelled out independently."""
    explanation = one_line(term.explanation, 160)
    if not term.expansion:
        return f"{term.term}：{explanation}"
    joiner = "" if term.expansion.endswith(("。", "；")) else "。"
    return f"{term.term}：{term.expansion}{joiner}{explanation}"
