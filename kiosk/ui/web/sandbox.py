"""One package's sandbox: a fresh off-the-record profile, a request interceptor that lets only
this package's origin through, the ``tip-pkg`` scheme handler, and a page that stays put.

Nothing a package does may leave the PC or reach the kiosk except through ``/__kiosk/``
(``bridge``). Walls, each tested in tests/test_web_sandbox.py: the interceptor blocks every
request that is not ``tip-pkg://<this host>/``, ``data:`` or ``blob:`` (fetch, XHR, images,
scripts, WebSocket, EventSource, beacons, prefetch); the page refuses navigation and pop-ups off
the origin; the handler serves only files inside the package; a CSP header on every reply; no
permissions, downloads, clipboard or file pickers.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from urllib.parse import parse_qsl

import shiboken6
from PySide6.QtCore import QBuffer, QByteArray, QFile, QIODevice, QObject, QTimer, QUrl, Signal
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineSettings,
    QWebEngineUrlRequestInterceptor,
    QWebEngineUrlRequestJob,
    QWebEngineUrlSchemeHandler,
)

from kiosk.ui import appfilters
from kiosk.ui.web import files, lrs_route
from kiosk.ui.web.body import request_body
from kiosk.ui.web.bridge import MAX_BODY, Bridge
from kiosk.ui.web.scheme import SCHEME

log = logging.getLogger(__name__)

KEEP = 200
"""Most blocked URLs / console errors / missing files kept for ``content try`` (then counted)."""


def host_for(*names: str) -> str:
    """A stable host name for a package (lower-case letters and digits, as URL hosts need)."""
    return "p" + hashlib.sha256("/".join(names).encode()).hexdigest()[:20]


class Report(QObject):
    """What the sandbox saw go wrong, for the log and ``tip-kiosk content try``."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.blocked: list[str] = []
        self.missing: list[str] = []
        self.console_errors: list[str] = []
        self.dialogs: list[str] = []

    def add(self, kind: str, text: str) -> None:
        items = getattr(self, kind)
        if len(items) < KEEP:
            items.append(text[:500])
        self.changed.emit()


class Interceptor(QWebEngineUrlRequestInterceptor):
    """Blocks every request off this package's origin (and logs it)."""

    def __init__(self, host: str, report: Report, parent: QObject | None = None):
        super().__init__(parent)
        self.host = host
        self.report = report

    def interceptRequest(self, info) -> None:
        url = info.requestUrl()
        scheme = url.scheme()
        if scheme in ("data", "blob") or (scheme == SCHEME and url.host() == self.host):
            return
        info.block(True)
        text = url.toString()
        log.warning("Package sandbox blocked %s (%s)", text[:200], info.resourceType().name)
        self.report.add("blocked", text)


class SchemeHandler(QWebEngineUrlSchemeHandler):
    """Serves the package's files, the player at ``/__player/``, the npm players at
    ``/__vendor/<name>/``, and the kiosk's endpoints at ``/__kiosk/``."""

    def __init__(self, host: str, root: Path, bridge: Bridge | None, report: Report,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.csp = True
        """Off only in the test that shows the interceptor holds on its own."""
        self.host = host
        self.root = root
        self.bridge = bridge
        self.report = report
        self.vendor = files.vendor_dirs()
        self.lrs = None
        """cmi5 only: ``route(method, path, query, headers, body) -> Response`` for ``/__lrs/``
        and ``/__cmi5/`` (see ``lrs_route``), set by the view for the AU on screen."""

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:
        url = job.requestUrl()
        if url.host() != self.host:
            job.fail(QWebEngineUrlRequestJob.Error.RequestDenied)
            return
        raw_path = url.path(QUrl.ComponentFormattingOption.FullyEncoded)
        parts = files.clean_parts(raw_path)
        method = bytes(job.requestMethod().data()).decode("ascii", "replace")
        if parts and parts[0] == "__kiosk" and len(parts) == 2:
            self._kiosk(job, method, parts[1], url.query(QUrl.ComponentFormattingOption.FullyDecoded))
            return
        if parts and parts[0] in lrs_route.PREFIXES and self.lrs is not None:
            lrs_route.serve(job, method, self.lrs, self._headers)
            return
        if parts is None or method not in ("GET", "HEAD"):
            log.warning("Package sandbox refused %s %s", method, raw_path[:200])
            job.fail(QWebEngineUrlRequestJob.Error.RequestDenied)
            return
        if parts and parts[0] == "__player":
            path = files.resolve(files.PLAYER_DIR, parts[1:])
        elif parts and parts[0] == "__vendor" and len(parts) > 1 and parts[1] in self.vendor:
            path = files.resolve(self.vendor[parts[1]], parts[2:])
        else:
            path = files.resolve(self.root, parts)
        if path is None:
            log.info("Package file not found: %s", raw_path[:200])
            self.report.add("missing", raw_path)
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        self._headers(job, {"Accept-Ranges": "bytes"})
        device = QFile(str(path), job)  # QtWebEngine reads it (and seeks for Range requests)
        device.open(QIODevice.OpenModeFlag.ReadOnly)
        job.reply(files.mime_type(path).encode(), device)

    def _kiosk(self, job, method: str, name: str, query: str) -> None:
        body = request_body(job, MAX_BODY) if method == "POST" else None
        if self.bridge is None:
            answer = {"result": "false", "errorCode": 101}
        else:
            answer = self.bridge.handle(method, name, dict(parse_qsl(query)), body)
        self._headers(job, {"Cache-Control": "no-store"})
        buffer = QBuffer(job)
        buffer.setData(QByteArray(json.dumps(answer).encode()))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        job.reply(b"application/json", buffer)

    def _headers(self, job, extra: dict[str, str]) -> None:
        headers = {b"X-Content-Type-Options": b"nosniff"}
        if self.csp:
            headers[b"Content-Security-Policy"] = files.CSP.encode()
        headers.update({key.encode(): value.encode() for key, value in extra.items()})
        # PySide6 maps Qt's QMultiMap to a dict of lists: a bare value is taken as a sequence
        # of one-character values.
        job.setAdditionalResponseHeaders({QByteArray(k): [QByteArray(v)] for k, v in headers.items()})


class PackagePage(QWebEnginePage):
    """A page that stays on its package's origin and answers dialogs calmly. Pop-ups
    (``window.open``: Storyline opens its player that way) become pages of the same profile,
    announced with ``popup`` for the view to show in its place; the opener keeps running, so
    the pop-up still finds the API through ``window.opener``."""

    popup = Signal(object)
    """A pop-up page the package opened (show it; it emits ``windowCloseRequested`` when done)."""

    def __init__(self, profile: QWebEngineProfile, host: str, report: Report, parent: QObject | None = None,
                 opener: PackagePage | None = None):
        super().__init__(profile, parent)
        self.host = host
        self.report = report
        self.opener = opener
        self.permissionRequested.connect(lambda permission: permission.deny())
        self.fileSystemAccessRequested.connect(lambda request: request.reject())

    def on_origin(self, url: QUrl) -> bool:
        return url.scheme() == SCHEME and url.host() == self.host or url.scheme() in ("data", "blob") \
            or url.toString() == "about:blank"

    def acceptNavigationRequest(self, url: QUrl | str, kind, is_main_frame: bool) -> bool:
        url = QUrl(url)
        if self.on_origin(url):
            return True
        log.warning("Package sandbox refused navigation to %s", url.toString()[:200])
        self.report.add("blocked", url.toString())
        if self.opener is not None and is_main_frame and self.url().isEmpty():
            # A pop-up to somewhere outside: nothing to show, go back to the package.
            QTimer.singleShot(0, lambda: self.windowCloseRequested.emit())
        return False

    def createWindow(self, kind):
        page = PackagePage(self.profile(), self.host, self.report, parent=self, opener=self)
        page.popup.connect(self.popup)  # pop-ups of pop-ups go to the same view
        self.popup.emit(page)
        return page

    def chooseFiles(self, mode, old, mime_types):
        return []

    def javaScriptAlert(self, origin: QUrl | str, message: str) -> None:
        log.info("Package alert: %s", message[:200])
        self.report.add("dialogs", f"alert: {message}")

    def javaScriptConfirm(self, origin: QUrl | str, message: str) -> bool:
        # Packages ask "Are you sure you want to exit?" before they finish; yes lets them save.
        log.info("Package confirm (answered yes): %s", message[:200])
        self.report.add("dialogs", f"confirm: {message}")
        return True

    def javaScriptPrompt(self, origin: QUrl | str, message: str, default: str):
        log.info("Package prompt (answered with its default): %s", message[:200])
        self.report.add("dialogs", f"prompt: {message}")
        return True, default

    def javaScriptConsoleMessage(self, level, message: str, line: int, source: str) -> None:
        if level == QWebEnginePage.JavaScriptConsoleMessageLevel.ErrorMessageLevel:
            log.info("Package console error: %s (%s:%s)", message[:300], source[-80:], line)
            self.report.add("console_errors", f"{message} ({source}:{line})")


class Sandbox(QObject):
    """Profile, interceptor, handler and page for one launch of one package. ``close()`` (or the
    parent's destruction) deletes the page before the profile, as QtWebEngine requires."""

    def __init__(self, host: str, root: Path, bridge: Bridge | None, parent: QObject | None = None):
        super().__init__(parent)
        # Before the engine starts: PySide cannot have Python filters on the application then.
        appfilters.web_view_opened()
        self.host = host
        self.report = Report(self)
        self.profile = QWebEngineProfile(self)  # no storage name: off the record, in memory only
        self.profile.setHttpCacheType(QWebEngineProfile.HttpCacheType.MemoryHttpCache)
        self.profile.setPersistentCookiesPolicy(QWebEngineProfile.PersistentCookiesPolicy.NoPersistentCookies)
        self.profile.setSpellCheckEnabled(False)
        self.profile.downloadRequested.connect(self._refuse_download)
        self.interceptor = Interceptor(host, self.report, self)
        self.profile.setUrlRequestInterceptor(self.interceptor)
        self.handler = SchemeHandler(host, root, bridge, self.report, self)
        self.profile.installUrlSchemeHandler(SCHEME.encode(), self.handler)
        settings = self.profile.settings()
        attribute = QWebEngineSettings.WebAttribute
        for name, on in (("LocalContentCanAccessRemoteUrls", False), ("LocalContentCanAccessFileUrls", False),
                         ("JavascriptCanAccessClipboard", False), ("JavascriptCanPaste", False),
                         ("JavascriptCanOpenWindows", True), ("PluginsEnabled", False),
                         ("PdfViewerEnabled", False), ("ScreenCaptureEnabled", False), ("WebGLEnabled", True),
                         ("DnsPrefetchEnabled", False), ("HyperlinkAuditingEnabled", False),
                         ("NavigateOnDropEnabled", False), ("FullScreenSupportEnabled", False),
                         ("AllowWindowActivationFromJavaScript", False), ("PlaybackRequiresUserGesture", False),
                         ("ErrorPageEnabled", False), ("LocalStorageEnabled", True)):
            settings.setAttribute(getattr(attribute, name), on)
        self.page: PackagePage | None = PackagePage(self.profile, host, self.report)

    def url(self, path: str) -> QUrl:
        return QUrl(f"{SCHEME}://{self.host}/{path.lstrip('/')}")

    def close(self) -> None:
        """Stop the page and free Chromium's renderer for it."""
        if self.page is None:
            return
        page, self.page = self.page, None
        page.triggerAction(QWebEnginePage.WebAction.Stop)
        shiboken6.delete(page)  # now: a page must never outlive its profile
        self.profile.deleteLater()

    def _refuse_download(self, download) -> None:
        log.warning("Package sandbox refused a download: %s", download.url().toString()[:200])
        self.report.add("blocked", "download: " + download.url().toString())
        download.cancel()
