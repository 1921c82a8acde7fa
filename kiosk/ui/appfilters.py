"""The kiosk's Python event filters on the whole application, and the web engine that cannot
live with them.

PySide6 6.11.3 crashes (SIGSEGV in ``PySide::getWrapperForQObject``) whenever a Python event
filter on the QApplication is handed one of QtWebEngine's private objects: the parent of each
``tip-pkg`` request job, the Qt Quick item that takes focus in a web view, and the objects that
run Chromium's message loop inside Qt's, which get events for as long as the process lives once
the engine has started. The kiosk has such filters (idle sign-out, kiosk lock, admin panel), so
they are installed through this module. When the first package's web view opens
(``web_view_opened``), they come off the application for the rest of the process, and the
kiosk learns about input another way: a native event filter (X11 / Windows messages; no
QObject is involved) and, from inside the package, the page itself (``note_input``).

Re-test on PySide6 upgrades: tests/test_package_step.py opens a package in the real shell.

At start-up the filters are held back until the sign-in screen has painted (``hold`` and
``release``, kiosk/ui/app.py): a filter on the application is handed Qt's own objects (the
window's QWidgetWindow, its backing store, ...), and the first time Python is handed one of a
class it has not seen, PySide builds the Python classes and enums of every QObject subclass it
might be (~90 enums, 20 ms and 1 MB, measured in docs/performance.md). Nobody can type into a
window that is not on the screen yet, so nothing is missed.
"""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Callable

from PySide6.QtCore import QAbstractNativeEventFilter, QCoreApplication, QObject

log = logging.getLogger(__name__)

_filters: dict[int, tuple[QObject, Callable[[], None] | None]] = {}
_paused = False
_held: list[int] | None = None
"""While held: the keys of the filters given since, to install at ``release()``."""
_native: NativeInput | None = None

XCB_INPUT = {2, 4, 6}
"""X11 core KeyPress, ButtonPress, MotionNotify."""
XCB_GENERIC, XI_INPUT = 35, {2, 4, 6, 18}
"""XInput2 (Qt's mouse and touch) arrives as GenericEvent: KeyPress, ButtonPress, Motion, TouchBegin."""
WINDOWS_INPUT = (range(0x0100, 0x010A), range(0x0200, 0x020F), range(0x0240, 0x0250), (0x00FF,))
"""WM_KEYDOWN..WM_UNICHAR, mouse messages, touch and pointer messages, WM_INPUT."""


def install(obj: QObject, on_input: Callable[[], None] | None = None) -> None:
    """Filter every event of the application through ``obj``, unless the web engine has started.
    ``on_input`` is told about input the filter cannot see then."""
    key = id(obj)
    _filters[key] = (obj, on_input)
    obj.destroyed.connect(lambda *_: _filters.pop(key, None))
    app = QCoreApplication.instance()
    if _held is not None:
        _held.append(key)
    elif app is not None and not _paused:
        app.installEventFilter(obj)


def hold() -> None:
    """Install filters given from now on only at ``release()`` (see the module's docstring)."""
    global _held
    if _held is None:
        _held = []


def release() -> None:
    """Install the filters held back, in the order they were given."""
    global _held
    keys, _held = _held or [], None
    app = QCoreApplication.instance()
    if app is None or _paused:
        return
    for key in keys:
        if key in _filters:  # not removed (or destroyed) meanwhile
            app.installEventFilter(_filters[key][0])


def remove(obj: QObject) -> None:
    _filters.pop(id(obj), None)
    app = QCoreApplication.instance()
    if app is not None:
        app.removeEventFilter(obj)


def web_view_opened() -> None:
    """QtWebEngine is about to start: take the Python filters off the application, for good."""
    global _paused, _native
    if _paused:
        return
    _paused = True
    app = QCoreApplication.instance()
    if app is None:
        return
    for obj, _ in _filters.values():
        app.removeEventFilter(obj)
    _native = NativeInput()
    app.installNativeEventFilter(_native)
    log.info("Application event filters replaced by native input events (QtWebEngine in use)")


def filters_paused() -> bool:
    return _paused


def note_input() -> None:
    """The learner pressed a key, clicked, touched or moved the mouse."""
    for _, on_input in list(_filters.values()):
        if on_input is not None:
            on_input()


def is_input(event_type: bytes, message: int) -> bool:
    """Whether a native event is a key press, click, touch or mouse move."""
    if not message:
        return False
    if event_type == b"xcb_generic_event_t":
        head = ctypes.string_at(message, 10)
        kind = head[0] & 0x7F
        return kind in XCB_INPUT or (kind == XCB_GENERIC and int.from_bytes(head[8:10], "little") in XI_INPUT)
    if event_type in (b"windows_generic_MSG", b"windows_dispatcher_MSG"):
        # MSG: HWND hwnd (a pointer), then UINT message
        offset = ctypes.sizeof(ctypes.c_void_p)
        number = int.from_bytes(ctypes.string_at(message + offset, 4), "little")
        return any(number in span for span in WINDOWS_INPUT)
    return False


class NativeInput(QAbstractNativeEventFilter):
    """Notes input from the window system's own events (no QObject is wrapped)."""

    def nativeEventFilter(self, event_type, message):
        try:
            if is_input(bytes(event_type), int(message)):
                note_input()
        except Exception:  # never let input handling break the event loop
            log.exception("Native input filter")
        return False, 0
