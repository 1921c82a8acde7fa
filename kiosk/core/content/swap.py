"""Undoing a content swap that a power cut interrupted. Kept apart from the import code so the
kiosk can check this at every start without loading the signature and archive machinery."""

from __future__ import annotations

import logging
from pathlib import Path

from kiosk.core import durable
from kiosk.core.content.deferred import PROGRAMME_FILE  # not the loader: this runs before the sign-in screen

log = logging.getLogger("kiosk.core.packs.install")

PREVIOUS_SUFFIX = ".previous"


def previous_dir(content_dir: Path) -> Path:
    return Path(content_dir).with_name(Path(content_dir).name + PREVIOUS_SUFFIX)


def recover_interrupted(content_dir: Path) -> bool:
    """After a power cut between the two renames of a swap the content folder is missing and the
    old content sits in ``.previous``: put it back. True if it did."""
    content_dir = Path(content_dir)
    previous = previous_dir(content_dir)
    if not content_dir.exists() and previous.is_dir() and (previous / PROGRAMME_FILE).exists():
        durable.rename(previous, content_dir)
        log.warning("An interrupted content update was undone: %s restored from %s", content_dir, previous)
        return True
    return False
