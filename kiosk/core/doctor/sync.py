"""The doctor's sync check: is the Learning Record Store reachable over verified TLS, and does it
accept the kiosk's credentials? Reads the sync settings with getattr, so it works whether or not
the sync feature (and its settings) is installed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from kiosk.core.doctor.result import CheckResult
from kiosk.core.privacy import without_userinfo

if TYPE_CHECKING:
    from kiosk.core.config import Settings


def sync_settings(settings: Settings) -> dict[str, Any]:
    """The sync settings, read with getattr: they exist only once the sync feature is installed."""
    secret = getattr(settings, "sync_secret", "") or ""
    secret_file = getattr(settings, "sync_secret_file", None)
    if not secret and secret_file:
        try:
            secret = Path(secret_file).read_text(encoding="utf-8").strip()
        except OSError:
            secret = None  # reported by check_sync
    return {
        "endpoint": getattr(settings, "sync_endpoint", "") or "",
        "key": getattr(settings, "sync_key", "") or "",
        "secret": secret,
        "ca_bundle": getattr(settings, "sync_ca_bundle", None) or None,
    }


def check_sync(endpoint: str, key: str = "", secret: str | None = "", ca_bundle: str | Path | None = None,
               timeout: float = 10.0) -> CheckResult:
    """The Learning Record Store answers ``GET {endpoint}/about`` over verified TLS, and accepts the
    kiosk's credentials (a 401 on ``GET statements`` means they are wrong). An endpoint that is not
    https (loopback excepted) fails without being contacted: credentials never travel unencrypted."""
    import httpx

    if not endpoint:
        return CheckResult("Sync", "skip", "Sync is not set up on this kiosk (no endpoint configured).")
    if secret is None:
        return CheckResult("Sync", "fail", "The file holding the sync secret cannot be read.",
                           "Check sync_secret_file and its permissions.")
    base = endpoint.rstrip("/")
    shown = without_userinfo(base)
    refused = _insecure(base, shown)
    if refused:
        return refused
    verify: Any = str(ca_bundle) if ca_bundle else True
    headers = {"X-Experience-API-Version": "1.0.3"}
    try:
        with httpx.Client(verify=verify, timeout=timeout, headers=headers) as client:
            about = client.get(f"{base}/about")
            if about.status_code != 200:
                return CheckResult("Sync", "fail", f"{shown}/about answered HTTP {about.status_code}, "
                                   "not a Learning Record Store's answer.", "Check sync_endpoint.")
            versions = _versions(about)
            if not key:
                return CheckResult("Sync", "warn", f"The Learning Record Store at {shown} answers "
                                   f"(xAPI {versions}), but no credentials are set.",
                                   "Set sync_key and sync_secret.")
            probe = client.get(f"{base}/statements", params={"limit": 1}, auth=(key, secret or ""))
    except httpx.ConnectError as exc:
        return CheckResult("Sync", "fail", f"Could not connect to {shown}: {_reason(exc)}.", _NET_FIX)
    except httpx.TimeoutException:
        return CheckResult("Sync", "fail", f"{shown} did not answer within {timeout:.0f} s.", _NET_FIX)
    except httpx.HTTPError as exc:
        return CheckResult("Sync", "fail", f"Talking to {shown} failed: {_reason(exc)}.", _NET_FIX)
    if probe.status_code == 401:
        return CheckResult("Sync", "fail", f"The Learning Record Store at {shown} refused the kiosk's "
                           "credentials (HTTP 401).", "Check sync_key and sync_secret with the LRS's "
                           "administrator. Records stay queued on the PC meanwhile.")
    note = " (they may send but not read, which is enough)" if probe.status_code == 403 else ""
    return CheckResult("Sync", "pass", f"The Learning Record Store at {shown} answers (xAPI "
                       f"{versions}) and accepts the kiosk's credentials{note}.")


def _insecure(base: str, shown: str) -> CheckResult | None:
    """A failure when the endpoint is not https (loopback excepted), found before any connection:
    HTTP Basic sends the key and secret readable to anyone on the path. The sync engine refuses
    the same endpoints, so a pass here would promise records that never leave."""
    from kiosk.core.lrs_responses import is_loopback  # imports httpx: only when sync is set up

    parts = urlsplit(base)
    if parts.scheme == "https" and parts.hostname:
        return None
    if parts.scheme == "http" and parts.hostname and is_loopback(parts.hostname):
        return None
    if parts.scheme != "http" or not parts.hostname:
        return CheckResult("Sync", "fail", f"The LRS endpoint '{shown}' (sync_endpoint) is not a web "
                           "address.", "Set sync_endpoint to the LRS's https address, like "
                           "https://lrs.example.org/xAPI.")
    return CheckResult("Sync", "fail", f"The LRS endpoint '{shown}' uses plain http, so the LRS key "
                       "and secret (and learners' records) would cross the network unencrypted. "
                       "The doctor did not contact it, and the kiosk will not send records there.",
                       "Use the LRS's https:// address in sync_endpoint (plain http is allowed only "
                       "to this PC itself, 127.0.0.1 or localhost).")


_NET_FIX = ("Records stay queued on the PC and are sent when the connection works. Check the "
            "network, proxy and firewall, and sync_endpoint.")


def _versions(response: Any) -> str:
    try:
        return ", ".join(response.json().get("version", [])) or "version not stated"
    except (ValueError, AttributeError):
        return "version not stated"


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    lowered = text.lower()
    if "certificate" in lowered or "ssl" in lowered:
        return "its TLS certificate could not be verified (" + text + ")"
    if "refused" in lowered:
        return "the connection was refused (nothing is listening there, or a firewall blocks it)"
    if "name or service" in lowered or "getaddrinfo" in lowered or "nodename" in lowered:
        return "the host name could not be found (" + text + ")"
    return text
