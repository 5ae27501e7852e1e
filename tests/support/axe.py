"""axe-core in a Playwright page: the vendored, pinned file (tests only; nothing is fetched at run time).

tests/support/vendor/axe-4.14.1.min.js is `axe.min.js` from the npm package axe-core@4.14.1 (MPL-2.0, licence
header kept in the file, full text beside it), sha256 below so an accidental edit is caught.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

AXE_VERSION = "4.14.1"
AXE_FILE = Path(__file__).parent / "vendor" / f"axe-{AXE_VERSION}.min.js"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
WCAG21_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]  # first few offending elements (CSS selectors) with axe's summary for each

    def __str__(self) -> str:
        return f"{self.rule} ({self.impact}): {self.help}\n    " + "\n    ".join(self.targets)


def axe_source() -> str:
    data = AXE_FILE.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != AXE_SHA256:
        raise AssertionError(f"{AXE_FILE} changed (sha256 {digest}); re-vendor axe-core {AXE_VERSION} from npm")
    return data.decode("utf-8")


def run_axe(page, tags: tuple[str, ...] = WCAG21_AA, limit: int = 8) -> list[Violation]:
    """Violations of the given rule tags on the page as it is now (axe injected if not already there)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=axe_source())
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
            return r.violations.map(v => ({id: v.id, impact: v.impact || "", help: v.help,
                nodes: v.nodes.map(n => n.target.join(" ") + " — " + (n.failureSummary || "").replace(/\\s+/g, " "))}));
        }""",
        list(tags),
    )
    return [
        Violation(
            v["id"],
            v["impact"],
            v["help"],
            tuple(v["nodes"][:limit]) + ((f"… {len(v['nodes'])} in all",) if len(v["nodes"]) > limit else ()),
        )
        for v in result
    ]
