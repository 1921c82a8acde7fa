"""Logging to a rotating file in the data folder. Logs never hold learner codes, PINs, names or
free text: log ids and counts, not people."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

LOG_DIR = "logs"
LOG_NAME = "kiosk.log"


def setup_logging(data_dir: Path, level: str = "INFO") -> Path:
    """Send the kiosk's log records to ``data_dir/logs/kiosk.log`` (1 MB x 5 files)."""
    folder = Path(data_dir) / LOG_DIR
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / LOG_NAME
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5,
                                                   encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_tip_kiosk", False)]:
        root.removeHandler(old)
        old.close()
    handler._tip_kiosk = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    if os.name == "posix":
        os.chmod(path, 0o600)
    return path
