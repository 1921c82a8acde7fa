"""Reading the LRS's answers and the network's failures, in the plain words the status shows."""

from __future__ import annotations

import ipaddress
import ssl

import httpx


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def tls_problem(exc: BaseException) -> str | None:
    """The certificate problem behind a connection error, in the words OpenSSL gives it."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ssl.SSLCertVerificationError):
            return current.verify_message or str(current)
        if isinstance(current, ssl.SSLError):
            return current.reason or str(current)
        current = current.__cause__ or current.__context__
    text = str(exc)
    return text if "CERTIFICATE_VERIFY_FAILED" in text else None


def transport_reason(exc: httpx.HTTPError) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return "the LRS did not answer in time"
    if isinstance(exc, httpx.ConnectError):
        return "the LRS could not be reached (no network, or the address is wrong)"
    return "the connection to the LRS was cut"


def retry_after(response: httpx.Response) -> float | None:
    try:
        return max(0.0, float(response.headers.get("Retry-After", "")))
    except ValueError:
        return None


def detail(response: httpx.Response) -> str:
    try:
        body = response.json()
        text = body.get("detail") or body.get("message") or body.get("error") if isinstance(body, dict) else body
    except ValueError:
        text = response.text
    return " ".join(str(text or response.reason_phrase).split())[:200]


def unexpected(status: int, endpoint: str) -> str:
    if status == 404:
        return f"The LRS answered 404 (not found): check the endpoint address {endpoint} (sync_endpoint)."
    if 300 <= status < 400:
        return f"The LRS redirected the kiosk ({status}): set sync_endpoint to the final address."
    return f"The LRS answered {status}, which the kiosk does not expect. Records stay queued."
