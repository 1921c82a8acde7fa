"""What ``tip-kiosk content try`` found (``TrialResult``), as JSON or as the text IT reads. No Qt."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

LABELS = {"scorm_1.2": "SCORM 1.2", "scorm_2004": "SCORM 2004", "h5p": "H5P", "cmi5": "cmi5"}

CMI5_STEPS = (("fetched", "fetched its token", "did NOT fetch its token"),
              ("launch_data_read", "read its launch data", "did NOT read its launch data"),
              ("initialized", "sent 'initialized'", "did NOT send 'initialized'"))


@dataclass
class TrialResult:
    """What ``content try`` found; ``error`` set when the package could not even be imported."""

    package: str
    standard: str = ""
    title: str = ""
    scos: list[str] = field(default_factory=list)
    """The SCOs (H5P: "content") that were loaded."""
    initialised: bool = False
    """Every SCO tried found the API and initialised (H5P: the content attached)."""
    not_initialised: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    media_errors: list[str] = field(default_factory=list)
    js_errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    transcoded: list[str] = field(default_factory=list)
    cmi5: list[dict] = field(default_factory=list)
    """cmi5 only, per AU tried: {"au", "fetched" (its auth token), "launch_data_read"
    (LMS.LaunchData), "initialized"}."""
    seconds: float = 0.0
    error: str | None = None

    @property
    def exit_code(self) -> int:
        if self.error is not None:
            return 2
        return 0 if self.initialised and not self.missing and not self.media_errors else 1

    def to_json(self) -> str:
        data = asdict(self)
        data["seconds"] = round(self.seconds, 2)
        data["exit_code"] = self.exit_code
        return json.dumps(data, ensure_ascii=False)


def text_report(result: TrialResult) -> str:
    """The plain-text report IT reads."""
    if result.error is not None:
        return f"{result.package} cannot be imported, so it will not play here:\n" + \
            "\n".join(f"  {line}" for line in result.error.splitlines())
    lines = [f"{result.package}: {LABELS.get(result.standard, result.standard)} package "
             f"\"{result.title}\""]
    if result.standard == "h5p" and result.scos:
        lines.append("The H5P content was drawn and attached." if result.initialised
                     else "The H5P content did not attach (nothing was drawn).")
    elif result.standard == "cmi5" and result.scos:
        for au in result.cmi5:
            said = [yes if au[key] else no for key, yes, no in CMI5_STEPS]
            lines.append(f"AU {au['au']}: {'; '.join(said)}.")
    elif result.scos:
        done = len(result.scos) - len(result.not_initialised)
        lines.append(f"Tried {len(result.scos)} SCO{'s' if len(result.scos) != 1 else ''}: {done} found the API "
                     "and initialised" + (f"; not: {', '.join(result.not_initialised)}"
                                          if result.not_initialised else "."))
    for title, items in (("Missing files", result.missing), ("Media it could not play", result.media_errors),
                         ("Requests the sandbox blocked", result.blocked), ("JavaScript errors", result.js_errors),
                         ("Converted to WebM at import", result.transcoded), ("Warnings", result.warnings)):
        if items:
            lines.append(f"{title} ({len(items)}):")
            lines += [f"  {item}" for item in items]
        elif title not in ("Converted to WebM at import", "Warnings"):
            lines.append(f"{title}: none")
    if result.exit_code == 0:
        lines.append(f"Result: it plays here ({result.seconds:.1f} s).")
    else:
        why = [] if result.initialised else \
            ["it did not initialise" if result.not_initialised else "it could not be judged (see the warnings)"]
        why += ["files are missing"] * bool(result.missing) + ["media cannot play"] * bool(result.media_errors)
        lines.append(f"Result: it will not play properly here: {', '.join(why) or 'see above'} "
                     f"({result.seconds:.1f} s).")
    return "\n".join(lines)
