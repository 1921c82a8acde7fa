"""Checking this PC and this installation: ``tip-kiosk doctor``, the ``--self-test`` flag (used by
the installer's build test) and the hidden ``--qt-probe`` and ``--web-probe`` flags that doctor and
the self-test run in a child process.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk import __version__
from kiosk.cli.common import Commands, add_common, settings_from
from kiosk.core.errors import KioskError

if TYPE_CHECKING:
    from kiosk.core.config import Settings


def add_flags(parser: argparse.ArgumentParser) -> None:
    """The flags of the main parser (``tip-kiosk --self-test``), which ``run`` answers."""
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation headless (content, database, interface, libVLC, "
                             "playback, web engine) and exit; non-zero on any failure")
    parser.add_argument("--self-test-media", type=Path, metavar="FILE",
                        help="media file for --self-test to play (default: the first video in the content)")
    parser.add_argument("--qt-probe", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--web-probe", action="store_true", help=argparse.SUPPRESS)


def register(commands: Commands) -> None:
    doctor_parser = commands.add_parser("doctor", help="check this PC can run the kiosk; non-zero on failure")
    doctor_parser.add_argument("--json", action="store_true", help="print the results as JSON")
    add_common(doctor_parser)
    doctor_parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """``doctor``, or one of the flags ``add_flags`` adds."""
    if args.qt_probe:
        from kiosk.ui.qtprobe import probe

        return probe()
    if args.web_probe:
        from kiosk.ui.webprobe import probe as web_probe

        return web_probe()
    if args.self_test:
        return self_test(settings_from(args), args.self_test_media)
    return doctor(settings_from(args), as_json=args.json)


# -- doctor -----------------------------------------------------------------------------------
def doctor(settings: Settings, as_json: bool = False) -> int:
    from kiosk.core.doctor import report, run_checks, to_json

    if not as_json:
        print(f"TIP Kiosk {__version__}: checking this computer…", flush=True)
    results = run_checks(settings)
    print(to_json(results) if as_json else report(results))
    return 1 if any(r.failed for r in results) else 0


# -- self-test --------------------------------------------------------------------------------
def self_test(settings: Settings, media: Path | None = None) -> int:
    """Headless check of an installation. Prints each step in plain words; 0 only if all pass,
    1 if any failed, SELF_TEST_NOT_AVAILABLE if none failed but some were not available (libVLC
    and playback in a bundle built without VLC)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    print(f"TIP Kiosk {__version__} self-test", flush=True)
    failures = 0
    unavailable: list[str] = []

    def step(name: str, action: Callable[[], str]) -> bool:
        nonlocal failures
        try:
            detail = action()
        except StepNotAvailableError as exc:
            unavailable.append(name)
            print(f"  N/A   {name}: not available: {exc}", flush=True)
            return False
        except Exception as exc:  # each step reports its own failure and the rest still run
            failures += 1
            print(f"  FAIL  {name}: {exc}", flush=True)
            return False
        print(f"  PASS  {name}: {detail}", flush=True)
        return True

    with tempfile.TemporaryDirectory(prefix="tip-kiosk-self-test-") as tmp:
        test_settings = settings.with_overrides(data_dir=Path(tmp))
        _log_to(Path(tmp))
        state: dict[str, Any] = {}
        step("Content", lambda: _content(test_settings, state))
        step("Content files", lambda: _content_files(state))
        step("Database", lambda: _database(test_settings))
        step("Interface", lambda: _interface(test_settings))
        step("libVLC", _libvlc)
        step("Playback", lambda: _playback(media or state.get("media")))
        step("Web engine", _web_engine)
        _log_to(None)
    if failures:
        print(f"Self-test FAILED: {failures} step(s) failed.")
        return 1
    if unavailable:
        print(f"Self-test passed, but not available in this installation: {', '.join(unavailable)}.")
        return SELF_TEST_NOT_AVAILABLE
    print("Self-test passed.")
    return 0


SELF_TEST_NOT_AVAILABLE = 3
"""--self-test's exit status when every step that ran passed and some were not available."""


class StepNotAvailableError(Exception):
    """A step this installation was built without: reported as 'not available', not a failure."""


def _built_without_vlc() -> bool:
    """True for a bundle whose build record says it carries no libVLC (a Windows bundle built
    without a VLC folder). Anywhere else a libVLC that will not load is a failure."""
    from kiosk.core.bundle import build_info

    return build_info().get("libvlc") is False


def _log_to(folder: Path | None) -> None:
    """Log into the temporary data folder while testing (as the kiosk does into its own), and
    close that file again before the folder goes."""
    import logging

    from kiosk.core.logsetup import setup_logging

    if folder is not None:
        setup_logging(folder)
        return
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_tip_kiosk", False)]:
        root.removeHandler(handler)
        handler.close()


def _content(settings: Settings, state: dict[str, Any]) -> str:
    from kiosk.core.content import VideoStep, load_programme

    programme = load_programme(settings.content_dir)
    state["programme"] = programme
    # Playback still gets a video when the content has problems elsewhere.
    videos = [m.files.get(s.media) for m in programme.available for s in m.steps if isinstance(s, VideoStep)]
    state["media"] = next((path for path in videos if path and path.is_file()), None)
    # Every problem the kiosk logs as an error at start (kiosk/ui/app.py), including those of
    # modules that still load without a video, caption or transcript file.
    problems = list(programme.problems) + [p for m in programme.modules for p in m.problems]
    if problems:
        raise KioskError(f"the content at {settings.content_dir} has {len(problems)} problem(s):"
                         + _listed(problems))
    if not programme.modules:
        raise KioskError(f"the content at {settings.content_dir} has no modules")
    return f"'{programme.title}', {len(programme.modules)} modules, from {settings.content_dir}"


def _content_files(state: dict[str, Any]) -> str:
    from kiosk.core.content.completeness import counted, file_problems, referenced_files

    programme = state.get("programme")
    if programme is None or not programme.available:
        raise KioskError("no module could be loaded, so their files could not be checked")
    files = referenced_files(programme)
    missing = file_problems(files)
    if missing:
        raise KioskError(f"{len(missing)} of the {len(files)} files the content refers to are missing "
                         "or cannot be read:" + _listed(missing))
    return f"every file the content refers to is here and readable ({counted(files)})"


def _listed(lines: list[Any], limit: int = 25) -> str:
    """One line each under the step, so IT can see every file named."""
    shown = "".join(f"\n          - {line}" for line in lines[:limit])
    return shown + (f"\n          ... and {len(lines) - limit} more" if len(lines) > limit else "")


def _database(settings: Settings) -> str:
    from kiosk.core.store import open_store

    store, _ = open_store(settings.data_dir)
    try:
        store.set_meta("self_test", "ok")
        if store.get_meta("self_test") != "ok":
            raise KioskError("a value written to the database did not read back")
        check = store.conn.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        store.close()
    return f"created, written and read back (quick_check {check}) in a temporary folder"


def _interface(settings: Settings) -> str:
    from PySide6.QtCore import qVersion

    from kiosk.ui.app import build_services, make_application
    from kiosk.ui.shell import Shell

    app = make_application()
    services = build_services(settings)
    try:
        shell = Shell(services)
        shell.show()
        app.processEvents()
        shown = shell.stack.currentWidget() is shell.signin
        shell.hide()
        shell.deleteLater()
        app.processEvents()
    finally:
        services.store.close()
    if not shown:
        raise KioskError("the sign-in screen was not shown")
    return f"sign-in screen built (Qt {qVersion()}, platform {app.platformName()})"


def _libvlc() -> str:
    from kiosk.core.vlccheck import VlcError, loaded_from_bundle, start_vlc

    try:
        _, instance, info = start_vlc()
    except VlcError as exc:
        if _built_without_vlc():
            raise StepNotAvailableError("this installation was built without VLC, so videos cannot play "
                                   "(docs/deployment.md, \"Windows: supplying VLC\")") from exc
        raise
    instance.release()
    origin = loaded_from_bundle()
    if origin is False:
        raise KioskError(f"libVLC was loaded from {info.library}, not from the bundle")
    where = " from the kiosk's own folder" if origin else ""
    cache = "with" if info.plugin_cache else "WITHOUT"
    return f"libVLC {info.version}{where}, {info.plugin_count} plugins, {cache} a plugin cache"


def _web_engine() -> str:
    from kiosk.core.bundle import build_info
    from kiosk.core.doctor.webengine import self_test_step

    return self_test_step(build_info().get("variant", ""))


def _playback(media: Path | None) -> str:
    from kiosk.core.vlccheck import VlcError, load_vlc, play_for

    if _built_without_vlc():
        try:
            load_vlc()
        except VlcError:
            raise StepNotAvailableError("no libVLC (built without VLC), so no video was played") from None
    if media is None:
        raise KioskError("no media file to play: the content has no video whose file exists "
                         "(give one with --self-test-media FILE)")
    result = play_for(Path(media), seconds=1.0)
    return (f"played {result.played_ms / 1000:.1f} s of {Path(media).name}: {result.video_frames} "
            f"pictures and {result.audio_blocks} audio blocks decoded")
