"""One way in for content from the admin panel: a signed content pack, or a standard eLearning
package (SCORM 1.2 / 2004, H5P, cmi5) that becomes a new module.

Which one a file is: a pack always travels with its signature (``NAME.sig`` beside it); a package
is a ``.h5p`` file or a zip whose top (or single top folder) holds ``imsmanifest.xml``,
``h5p.json`` or ``cmi5.xml``. Anything else goes to the pack importer, whose refusal says what
it expected. A package is added to the installed content folder; a later pack import replaces
that folder, so a package meant to stay belongs inside the organisation's signed pack
(docs/content-format.md, "Package").
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath

from kiosk.core.packs import Limits, import_pack
from kiosk.core.packs.signing import signature_path
from kiosk.core.packs.zipcheck import counted_entries

PACKAGE_MANIFESTS = ("imsmanifest.xml", "h5p.json", "cmi5.xml")
Progress = Callable[[int, int], None]
_MOST_ENTRIES = 2 * Limits().max_files + 1
"""Entries a package zip may have, folder entries included, as the package unpacker allows."""


def is_standard_package(path: Path) -> bool:
    """True for a SCORM / H5P / cmi5 package file (never for a file with a pack signature)."""
    path = Path(path)
    if signature_path(path).exists():
        return False
    if path.suffix.lower() == ".h5p":
        return True
    try:
        # Counted first: zipfile would build an entry for every record, however many there are.
        with open(path, "rb") as handle:
            if counted_entries(handle, _MOST_ENTRIES) > _MOST_ENTRIES:
                return True  # the package import refuses it, saying how many files is too many
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (OSError, zipfile.BadZipFile):
        return False
    tops = {PurePosixPath(name).parts[0] for name in names if name.strip("/")}
    for name in names:
        parts = PurePosixPath(name).parts
        if parts and parts[-1] in PACKAGE_MANIFESTS and (len(parts) == 1 or (len(parts) == 2 and len(tops) == 1)):
            return True
    return False


def import_content(source: Path, content_dir: Path, trusted_keys: Iterable[str], limits: Limits = Limits(),
                   progress: Progress | None = None) -> str:
    """Import ``source`` into the content folder; returns a plain summary for the panel.

    Raises:
        KioskError: PackError for a refused pack, PackageError / ContentError for a refused
            package; the installed content is unchanged.
    """
    if is_standard_package(source):
        from kiosk.core.elearning.importer import add_package

        report = add_package(source, content_dir, limits=limits, progress=progress)
        summary = (f"'{Path(source).name}' was added as the module '{report.module_id}' "
                   f"({report.standard}); it appears when the kiosk next starts.")
        if report.transcoded:
            summary += f" {len(report.transcoded)} video file(s) were converted to play here."
        if report.warnings:
            summary += f" {len(report.warnings)} warning(s): see the log."
        return summary
    result = import_pack(source, content_dir, trusted_keys, progress=progress, limits=limits)
    return (f"The content pack '{result.pack_id}' version {result.version} is installed "
            f"({result.files:,} files); it is used when the kiosk next starts.")
