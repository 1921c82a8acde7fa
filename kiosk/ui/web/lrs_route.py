"""Serves a cmi5 AU's requests on its package origin: ``tip-pkg://<host>/__lrs/...`` (the
kiosk's own xAPI LRS) and ``/__cmi5/fetch`` (the auth token), handed to a plain callable the
view provides (``route(method, path, query, headers, body) -> Response``, no Qt behind it).

A custom-scheme reply in QtWebEngine is always HTTP 200; the only other statuses a page can see
come from ``job.fail``, which fetch() reports as 404 (UrlNotFound), 403 (RequestDenied) and 400
(RequestFailed) — measured on PySide6 6.11.3. So: 404 stays 404 (a missing state document, as
cmi5 clients expect); 401/403 become 403; every other refusal (400, 409, 412, 413...) becomes
400; the reason stays in the kiosk's log. A 2xx is a 200 carrying the LRS's status in
``X-Tip-Status``, and ``STATUS_SCRIPT`` (put into the AU's page as it is created) makes fetch's
``Response.status`` and XHR's ``status`` read it there: ADL's cmi5.js sends statements by PUT and
takes anything but 204 as a failure.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from urllib.parse import parse_qsl

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QUrl
from PySide6.QtWebEngineCore import QWebEngineUrlRequestJob

from kiosk.core.cmi5.answers import Response
from kiosk.ui.web.body import request_body

log = logging.getLogger(__name__)

PREFIXES = ("__lrs", "__cmi5")
"""First path parts routed here (``kiosk.core.cmi5.launch.LRS_PATH`` / ``FETCH_PATH``)."""
MAX_BODY = 1_000_000
"""As the LRS's own limit: a larger body is refused (413 → 400) without reading it all."""
_FAILS = {404: QWebEngineUrlRequestJob.Error.UrlNotFound, 401: QWebEngineUrlRequestJob.Error.RequestDenied,
          403: QWebEngineUrlRequestJob.Error.RequestDenied}
_PASSED_ON = ("content-type", "etag", "last-modified", "x-experience-api-version",
              "x-experience-api-consistent-through")

STATUS_HEADER = "X-Tip-Status"
STATUS_SCRIPT = """(function () {
  // The kiosk's LRS answers 2xx as 200 with the real status in X-Tip-Status (custom schemes
  // cannot send another): read it there, for fetch and XMLHttpRequest alike.
  function patch(proto, header) {
    var real = Object.getOwnPropertyDescriptor(proto, "status");
    if (!real || !real.get) return;
    Object.defineProperty(proto, "status", {configurable: true, enumerable: real.enumerable, get: function () {
      var status = real.get.call(this), told = null;
      try { told = header(this); } catch (e) {}
      return status === 200 && told && /^2\\d\\d$/.test(told) ? Number(told) : status;
    }});
  }
  patch(Response.prototype, function (r) { return r.headers.get("x-tip-status"); });
  patch(XMLHttpRequest.prototype, function (x) {
    return x.readyState >= 2 ? x.getResponseHeader("x-tip-status") : null;
  });
})();"""

Route = Callable[[str, str, dict[str, str], dict[str, str], bytes], Response]


def serve(job: QWebEngineUrlRequestJob, method: str, route: Route, set_headers: Callable[[object, dict], None]) -> None:
    """Answer one AU request through ``route``; never raises into Qt."""
    url = job.requestUrl()
    path = url.path()
    query = dict(parse_qsl(url.query(QUrl.ComponentFormattingOption.FullyEncoded), keep_blank_values=True))
    headers = {bytes(k.data()).decode("latin-1").lower(): bytes(v.data()).decode("latin-1")
               for k, v in job.requestHeaders().items()}
    body = b""
    if method in ("POST", "PUT"):
        sent = request_body(job, MAX_BODY)
        if sent is None or len(sent) > MAX_BODY:
            log.warning("cmi5: refused a %s to %s: body unreadable or over %d bytes", method, path[:120], MAX_BODY)
            job.fail(QWebEngineUrlRequestJob.Error.RequestFailed)
            return
        body = sent
    try:
        response = route(method, path, query, headers, body)
    except Exception:  # a bug must not take the kiosk down with the AU
        log.exception("cmi5: the request %s %s failed in the kiosk", method, path[:120])
        job.fail(QWebEngineUrlRequestJob.Error.RequestFailed)
        return
    if response.status >= 300:
        log.info("cmi5: %s %s answered %d", method, path[:120], response.status)
        job.fail(_FAILS.get(response.status, QWebEngineUrlRequestJob.Error.RequestFailed))
        return
    extra = {"Cache-Control": "no-store", STATUS_HEADER: str(response.status)}
    extra.update({k: v for k, v in response.headers.items() if k.lower() in _PASSED_ON and k.lower() != "content-type"})
    set_headers(job, extra)
    buffer = QBuffer(job)
    buffer.setData(QByteArray(response.body))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    mime = next((v for k, v in response.headers.items() if k.lower() == "content-type"), "application/json")
    job.reply(mime.encode(), buffer)
