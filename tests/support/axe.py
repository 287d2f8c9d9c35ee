"""axe-core (vendored from npm, tests/e2e/vendor/axe-core) run in the page under test.

``violations(page)`` runs the WCAG 2.0/2.1/2.2 A and AA rules over the whole document and
returns what failed, one readable line per rule and element. axe is evaluated through the
DevTools protocol (like a console snippet), so the page's Content-Security-Policy, which
forbids inline scripts, does not stand in its way and is not relaxed for it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

AXE = Path(__file__).resolve().parents[1] / "e2e" / "vendor" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                         resultTypes: ["violations"]});
  return result.violations.flatMap(v => v.nodes.map(n =>
    `${v.id}: ${n.target.join(" ")} — ${n.failureSummary.replace(/\\s+/g, " ")}`));
}"""


@cache
def _source() -> str:
    return AXE.read_text(encoding="utf-8")


def violations(page) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_source())
    return page.evaluate(RUN, WCAG_AA)
