"""``tip-kiosk report``: the site report (small numbers suppressed) as CSV or PDF. Thin: core
builds the report; the PDF is drawn by kiosk/ui/report_pdf.py, which is no screen."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from kiosk.cli.common import Commands, add_common, settings_from, share_config
from kiosk.core.errors import KioskError

if TYPE_CHECKING:
    from kiosk.core.config import Settings


def register(commands: Commands) -> None:
    report = commands.add_parser("report", help="write the site report (small numbers suppressed)")
    add_common(report)
    report.add_argument("--format", choices=("csv", "pdf"), required=True)
    report.add_argument("--out", type=Path, required=True, metavar="FILE")
    report.add_argument("--month", metavar="YYYY-MM", help="an ended month to show (default: the last one)")
    report.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    share_config(args)
    return write_report(settings_from(args), args.format, args.out, sys.stdout, args.month)


def write_report(settings: Settings, fmt: str, path: Path, out: TextIO, month: str | None = None) -> int:
    from kiosk.core.content import load_programme
    from kiosk.core.reports import build_report, write_csv
    from kiosk.core.store import open_store

    store, _ = open_store(settings.data_dir)
    try:
        report = build_report(store, load_programme(settings.content_dir), settings.reports_min_cell,
                              month=month)
    finally:
        store.close()
    try:
        if fmt == "csv":
            write_csv(report, path)
        else:
            from kiosk.ui.report_pdf import write_pdf_headless

            write_pdf_headless(report, path)
    except OSError as exc:
        raise KioskError(f"The report cannot be written to {path} ({exc.strerror}).") from None
    print(f"Wrote the site report to {path}.", file=out)
    return 0
