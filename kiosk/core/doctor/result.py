"""What a doctor check returns, and how a list of them is printed or passed between processes."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Literal

Status = Literal["pass", "info", "warn", "fail", "skip"]
"""``info``: nothing is wrong, but IT should know (e.g. the lean installer cannot play SCORM/H5P)."""


@dataclass(frozen=True)
class CheckResult:
    name: str
    status: Status
    summary: str
    fix: str = ""
    """What IT should do (for warnings and failures)."""

    @property
    def failed(self) -> bool:
        return self.status == "fail"


def report(results: Sequence[CheckResult]) -> str:
    """The pass/fail list in plain words, as printed by `tip-kiosk doctor`."""
    width = max(len(r.name) for r in results)
    indent = " " * (width + 10)
    lines = []
    for r in results:
        lines.append(textwrap.fill(f"  {r.status.upper():<4}  {r.name:<{width}}  {r.summary}", 100,
                                   subsequent_indent=indent, break_on_hyphens=False,
                                   break_long_words=False))
        if r.fix and r.status in ("info", "warn", "fail"):
            lines.append(textwrap.fill(f"What to do: {r.fix}", 100, initial_indent=indent,
                                       subsequent_indent=indent, break_on_hyphens=False,
                                       break_long_words=False))
    failed = sum(r.status == "fail" for r in results)
    warned = sum(r.status == "warn" for r in results)
    if failed:
        verdict = f"{failed} check(s) failed" + (f", {warned} warning(s)" if warned else "") + "."
    elif warned:
        verdict = f"Everything needed works; {warned} warning(s) to look at."
    else:
        verdict = "Everything checked is working."
    return "\n".join(lines + ["", verdict])


def to_json(results: Sequence[CheckResult]) -> str:
    return json.dumps([asdict(r) for r in results], indent=2)


def from_json(text: str) -> list[CheckResult]:
    return [CheckResult(**item) for item in json.loads(text)]
