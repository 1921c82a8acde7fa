"""Standard eLearning packages (SCORM 1.2, SCORM 2004, H5P): what a package is, read from its own
manifest, and what a learner's work in it means for the kiosk. Pure Python, no Qt.

- ``archive``: unpack a vendor zip / .h5p trusting nothing it declares (the pack machinery's checks).
- ``manifest`` / ``h5p``: read ``imsmanifest.xml`` / ``h5p.json`` into a ``Package``.
- ``references``: a manifest's file references resolved safely inside the package; internet
  addresses in its text files (warnings).
- ``media``: video the web engine cannot play (H.264/H.265/AAC), converted to WebM with ffmpeg.
- ``importer``: ``tip-kiosk content add``: check, transcode video the web engine cannot play, write
  a module folder the programme lists like any other.
- ``runtime``: what a SCORM commit or an H5P xAPI event means (``PackageResult``), with limits.
- ``sequencing``: SCORM 2004 navigation (continue / previous / choice) and rollup across SCOs.

The types below are the contract between these parts, the store, the learner path
(``kiosk.core.learning``) and the web view (``kiosk.ui.web``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Standard = Literal["scorm_1.2", "scorm_2004", "h5p", "cmi5"]


ScormType = Literal["sco", "asset"]


@dataclass(frozen=True)
class Sco:
    """One launchable item: a SCORM SCO or asset (with the item that points to it), or the H5P
    content as a whole."""

    id: str
    """The manifest item's identifier (H5P: "content"). Stable across package versions."""
    title: str
    href: str
    """The launch file relative to the package root, with the item's ``parameters`` appended."""
    scorm_type: ScormType = "sco"
    mastery_score: float | None = None
    """Scaled 0..1 (SCORM 1.2 ``adlcp:masteryscore`` / 100; 2004 ``minNormalizedMeasure`` of the
    primary objective when ``satisfiedByMeasure``; also ``adlcp:completionThreshold``)."""
    launch_data: str = ""
    """``adlcp:dataFromLMS`` / ``adlcp:datafromlms``, given to the SCO as ``launch_data``."""
    time_limit_action: str = ""


@dataclass(frozen=True)
class Package:
    """A package as its manifest describes it, with every referenced file checked to exist."""

    standard: Standard
    root: Path
    title: str
    scos: tuple[Sco, ...]
    """Launchable items in the organisation's order (leaves of the activity tree)."""
    version: str = ""
    """SCORM 2004 edition ("2nd", "3rd", "4th"), SCORM "1.2", or the H5P main library."""
    sequencing: object | None = None
    """SCORM 2004 only: the ``sequencing.ActivityTree`` built from the manifest, else None."""
    h5p_main_library: str = ""
    course: object | None = None
    """cmi5 only: the ``kiosk.core.cmi5.course.Cmi5Course`` (blocks and AUs, for moveOn), else None.
    Its AUs are also the ``scos`` (one per AU, in course order)."""
    warnings: tuple[str, ...] = ()
    """Things that will not stop it playing but IT should know (absolute http(s) references)."""


@dataclass(frozen=True)
class PackageResult:
    """What the learner's work in a package means, from the package's own reports."""

    completed: bool = False
    success: bool | None = None
    """True passed, False failed, None not known (no mastery score and nothing reported)."""
    score: float | None = None
    """Scaled 0..1, or None."""

    @property
    def finished(self) -> bool:
        """The step counts as done: completed, and not failed."""
        return self.completed and self.success is not False


@dataclass(frozen=True)
class PackageProblem:
    """Why a package cannot be used, naming the file inside the package."""

    file: str
    """Path inside the package (e.g. ``imsmanifest.xml``), or "" for the archive itself."""
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.file or "the package"
        if self.line is not None:
            where += f", line {self.line}"
        return f"{where}: {self.message}"


@dataclass
class ImportReport:
    module_folder: Path
    module_id: str
    standard: Standard
    warnings: list[str] = field(default_factory=list)
    transcoded: list[str] = field(default_factory=list)
