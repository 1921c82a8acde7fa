"""``tip-kiosk content ...``: check course content, and add SCORM/H5P packages as modules (the
authors' reports are in authoring.py); ``tip-kiosk preview``: a module as a learner sees it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from kiosk.cli.common import Commands, add_common, settings_from


def register(commands: Commands) -> None:
    content = commands.add_parser("content", help="work with course content")
    content.set_defaults(handler=run)
    actions = content.add_subparsers(dest="content_command", metavar="ACTION", required=True)
    validate = actions.add_parser("validate", help="check content and list every problem")
    validate.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                          help="a programme folder (with programme.yaml), a module folder, or a SCORM/H5P "
                               "package file (.zip, .h5p)")
    validate.add_argument("--release", action="store_true",
                          help="also refuse what must not be released: SAMPLE support contacts, modules "
                               "without a reviewer or past their review date")
    validate.add_argument("--report", action="store_true",
                          help="also list each module's reviewer, review date and references")
    new = actions.add_parser("new", help="make a module folder to fill in (every step type shown, commented)")
    new.add_argument("name", type=Path, metavar="NAME",
                     help="the new folder, for example modules/08-leading-a-team (never overwritten)")
    new.add_argument("--title", metavar="T", help="the module's title (default: made from the name)")
    review = actions.add_parser("review", help="list each module's reviewer, review date (overdue flagged), "
                                               "references and what is untranslated")
    review.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                        help="a programme folder (with programme.yaml) or a module folder")
    review.add_argument("--language", metavar="CODE",
                        help="list every text not yet translated into this language, for example cy")
    preview = commands.add_parser("preview", help="show a module as a learner sees it, without an account; it "
                                                  "updates each time a file in the module is saved")
    preview.add_argument("path", type=Path, metavar="PATH", help="the module folder (or its module.yaml)")
    preview.add_argument("--step", metavar="ID", help="open at this step (default: the first)")
    preview.add_argument("--language", metavar="CODE", help="show the content in this language, for example cy")
    preview.set_defaults(handler=run)
    add = actions.add_parser("add", help="add a SCORM 1.2, SCORM 2004 or H5P package as a new module")
    add.add_argument("package", type=Path, metavar="PACKAGE", help="the package file (.zip or .h5p)")
    add.add_argument("--module-id", metavar="ID",
                     help="the new module's id (default: made from the package's title)")
    add.add_argument("--title", metavar="T", help="the module's title (default: the package's own)")
    add.add_argument("--no-transcode", action="store_true",
                     help="keep video the kiosk cannot play as it is, instead of converting it to WebM")
    add_common(add)
    trial = actions.add_parser("try", help="play a package headless as a throwaway learner and report whether "
                                            "it will play on this kiosk")
    trial.add_argument("package", type=Path, metavar="PACKAGE",
                       help="the package file (.zip or .h5p), or a module folder with a package step")
    trial.add_argument("--json", action="store_true", help="print one JSON object instead of the text report")
    trial.add_argument("--timeout", type=float, default=60.0, metavar="S",
                       help="give up after S seconds in all (default 60)")
    trial.add_argument("--no-transcode", action="store_true",
                       help="import without converting video, to see what the engine makes of it as it is")
    add_common(trial)


def run(args: argparse.Namespace) -> int:
    out = sys.stdout
    if args.command == "preview":
        from kiosk.ui.preview import run_preview

        return run_preview(args.path, args.step, args.language)
    if args.content_command == "validate":
        return _validate(args.paths, out, release=args.release, report=args.report)
    from kiosk.cli import authoring

    if args.content_command == "new":
        return authoring.new(args.name, args.title, out)
    if args.content_command == "review":
        return authoring.review_report(args.paths, args.language, out)
    if args.content_command == "try":
        return _try(args, out)
    return _add(args, out)


def _validate(paths: list[Path], out: TextIO, release: bool = False, report: bool = False) -> int:
    from kiosk.cli import authoring
    from kiosk.core.content import validate_paths

    warnings: list[str] = []
    problems = validate_paths(paths, warnings)
    for problem in problems:
        print(problem, file=out)
    for warning in warnings:
        print(f"Warning: {warning}", file=out)
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found.", file=sys.stderr)
        return 1
    print("Content is valid.", file=out)
    if report:
        authoring.review_report(paths, None, out)
    else:
        authoring.validate_notes(paths, out)
    return authoring.release_check(paths, out) if release else 0


def _add(args: argparse.Namespace, out: TextIO) -> int:
    from kiosk.core.elearning.archive import Limits
    from kiosk.core.elearning.importer import add_package
    from kiosk.core.errors import ContentError, PackageError

    settings = settings_from(args)
    progress = _Progress(out)
    try:
        report = add_package(args.package, settings.content_dir, module_id=args.module_id, title=args.title,
                             limits=Limits.from_settings(settings), transcode=not args.no_transcode,
                             progress=progress)
    except (PackageError, ContentError) as exc:
        progress.done()
        print(f"tip-kiosk content add: {args.package.name} was not added:", file=sys.stderr)
        for problem in exc.problems:
            # A problem with the archive as a whole, or the programme, is said of the file given.
            whole = not getattr(problem, "file", True)
            message = getattr(problem, "message", problem)
            print(f"  {args.package.name}: {message}" if whole else f"  {problem}", file=sys.stderr)
        return 1
    progress.done()
    print(f"Added {args.package.name} as module '{report.module_id}' ({report.standard}) in "
          f"{report.module_folder}, and listed it in programme.yaml.", file=out)
    for item in report.transcoded:
        print(f"Converted to WebM: {item}", file=out)
    for warning in report.warnings:
        print(f"Warning: {warning}", file=out)
    print("Check the title, summary and duration in its module.yaml.", file=out)
    return 0


def _try(args: argparse.Namespace, out: TextIO) -> int:
    """Exit 0: it initialised with nothing missing; 1: it will not play properly; 2: not importable."""
    try:
        from kiosk.core.elearning.archive import Limits
        from kiosk.ui.web.trial import try_package
        from kiosk.ui.web.trial_report import text_report

        result = try_package(args.package, timeout=args.timeout, transcode=not args.no_transcode,
                             limits=Limits.from_settings(settings_from(args)))
    except KeyboardInterrupt:  # before the run started (the run itself stops calmly and says so)
        print("tip-kiosk content try: stopped; nothing was kept.", file=sys.stderr)
        return 130
    print(result.to_json() if args.json else text_report(result), file=out)
    return result.exit_code


class _Progress:
    """'Unpacking: 42%' redrawn in place on a terminal; nothing in a log (the result says it all)."""

    def __init__(self, out: TextIO):
        self.out = out
        self.shown = -1 if out.isatty() else None

    def __call__(self, done: int, total: int) -> None:
        percent = 100 * done // max(total, 1)
        if self.shown is not None and percent != self.shown:
            self.shown = percent
            print(f"\rUnpacking: {percent:3d}%", end="", file=self.out, flush=True)

    def done(self) -> None:
        if self.shown is not None and self.shown >= 0:
            print(file=self.out)
