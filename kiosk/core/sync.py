"""Store-and-forward of the outbox to the organisation's Learning Record Store (xAPI), no Qt.

One ``SyncEngine.run_once`` reads ``{endpoint}/about`` to agree a version, then POSTs pending
statements in batches to ``{endpoint}/statements`` over HTTP Basic with TLS verification always
on. What each answer means (xAPI 1.0.3 communication rules; docs/deployment.md has IT's view):

- 200/204: the LRS holds every id in the batch (204 on a replay): marked delivered, only now.
- 400/413 (and 409) on a batch: split it to find the record at fault; on a single record,
  quarantine it with the reason and carry on with the rest. 409 means a *different* statement
  already has that id: never retried blindly.
- 429, 5xx, timeouts, dropped or cut connections: try again after an exponential backoff with
  full jitter; the records stay pending (their ids are resent unchanged, so a replay is harmless).
- 401/403: stop, report a credential problem, keep everything queued.
- Unlinked statements (survey answers; everything in anonymous mode) leave only in requests of
  their own, made up when the pool releases a finished day (kiosk/core/store/pool.py); a refused
  request of them is retried one statement per request, so no smaller mix is ever sent.
- Ten single records refused in a row with none accepted: the LRS refuses everything; stop and
  put them back in the queue.
- A refused certificate or a wrong address: stop and say so; nothing changes in the outbox.

Every loop is bounded: by the number of records, the consecutive-failure limit and a deadline.
"""

from __future__ import annotations

import logging
import random
import ssl
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

import certifi
import httpx

from kiosk import __version__
from kiosk.core.clock import now_utc
from kiosk.core.errors import ConfigError, KioskError
from kiosk.core.lrs_responses import detail, is_loopback, retry_after, tls_problem, transport_reason, unexpected
from kiosk.core.privacy import read_secret, without_userinfo
from kiosk.core.store import Store
from kiosk.core.store.outbox import PendingRecord

if TYPE_CHECKING:
    from kiosk.core.config import Settings

log = logging.getLogger(__name__)
# httpx logs every request at INFO; the kiosk's log keeps one line per run instead.
logging.getLogger("httpx").setLevel(logging.WARNING)

SPOKEN_VERSIONS = ("1.0.3", "1.0.2", "1.0.1", "1.0.0", "2.0.0")
"""xAPI versions this kiosk's statements are valid in, most preferred first."""
DEFAULT_VERSION = "1.0.3"
OFFLINE_TRIES = 2
"""Connection attempts before a run that has reached nothing reports 'offline'."""
REFUSED_IN_A_ROW = 10
"""Single records refused one after another, with none accepted between, after which the LRS is
taken to be refusing everything (a wrong version, a broken proxy): the run stops and they go back
in the queue instead of the whole outbox being set aside."""

Outcome = Literal["delivered", "nothing_to_send", "offline", "incomplete", "credentials", "refused",
                  "cancelled", "store"]


@dataclass(frozen=True)
class SyncConfig:
    endpoint: str
    key: str
    secret: str = field(repr=False)
    ca_bundle: Path | None = None
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    batch_size: int = 100
    retention_days: int = 30
    max_failures: int = 6
    """Consecutive failed requests after which a run gives up until the next one."""
    backoff_base: float = 1.0
    backoff_cap: float = 60.0
    max_seconds: float = 900.0
    """No run lasts longer than this."""
    mix_learners: int = 5
    """k: the fewest learners whose unlinked statements share a request (sync_mix_learners)."""

    def __post_init__(self) -> None:
        parts, shown = urlsplit(self.endpoint), without_userinfo(self.endpoint)
        if parts.scheme not in ("https", "http") or not parts.hostname:
            raise ConfigError(f"The LRS endpoint '{shown}' (sync_endpoint) is not a web address; "
                              "it looks like https://lrs.example.org/xAPI.")
        if parts.scheme == "http" and not is_loopback(parts.hostname):
            raise ConfigError(f"The LRS endpoint '{shown}' (sync_endpoint) must use https: "
                              "records and the LRS secret are never sent unencrypted.")
        if not self.key or not self.secret:
            raise ConfigError("The LRS key and secret (sync_key, sync_secret or sync_secret_file) "
                              "must both be set when sync_endpoint is.")

    @classmethod
    def from_settings(cls, settings: Settings, **tuning: Any) -> SyncConfig | None:
        """The sync configuration, or None when no endpoint is set (sync is off).

        Raises:
            ConfigError: the endpoint, key or secret is unusable.
        """
        if not settings.sync_endpoint:
            return None
        return cls(settings.sync_endpoint, settings.sync_key,
                   read_secret(settings.sync_secret, settings.sync_secret_file, "sync_secret"),
                   ca_bundle=settings.sync_ca_bundle, connect_timeout=settings.sync_connect_timeout,
                   read_timeout=settings.sync_read_timeout, batch_size=settings.sync_batch_size,
                   retention_days=settings.sync_retention_days,
                   mix_learners=getattr(settings, "sync_mix_learners", 5), **tuning)


@dataclass
class SyncReport:
    outcome: Outcome
    message: str
    delivered: int = 0
    quarantined: int = 0
    pending: int = 0
    """Records still waiting after the run."""
    quarantined_total: int = 0
    version: str | None = None
    requests: int = 0
    released: int = 0
    """Unlinked statements the pool released into the outbox in this run (their day had ended)."""
    pooled: int = 0
    """Unlinked statements still waiting in the pool for their day to end (not a failure)."""
    lrs_seconds: float = 0.0
    """Time spent waiting for the LRS (the rest of a run is the kiosk's own work)."""

    @property
    def everything_delivered(self) -> bool:
        return self.pending == 0 and self.quarantined_total == 0 and self.outcome in (
            "delivered", "nothing_to_send")


@dataclass(frozen=True)
class SyncStatus:
    """What trainers and IT see: when records last went, what waits, what went wrong."""

    last_success: str | None
    last_attempt: str | None
    last_error: str | None
    pending: int
    quarantined: int
    delivered: int
    pooled: int = 0
    """Unlinked statements waiting to be mixed: they leave after their day has ended."""


class _Stop(Exception):
    def __init__(self, outcome: Outcome, message: str):
        super().__init__(message)
        self.outcome = outcome
        self.message = message


class SyncEngine:
    """Sends the outbox of one store. Use one engine (and one store) per thread.

    Args:
        store: the learner database (its own connection in this thread).
        config: endpoint, credentials, limits.
        transport: an httpx transport, for tests that must not touch the network.
        rng: source of backoff jitter.
        cancel: set it to end a run early (checked between requests and during waits).
        progress: called with (delivered so far, still pending) after each acknowledged batch.
        clock: the current time (UTC), which decides the days the pool may release; for tests.
    """

    def __init__(self, store: Store, config: SyncConfig, *, transport: httpx.BaseTransport | None = None,
                 rng: random.Random | None = None, cancel: threading.Event | None = None,
                 progress: Callable[[int, int], None] | None = None,
                 clock: Callable[[], datetime] = now_utc):
        self.store = store
        self.config = config
        self.transport = transport
        self.rng = rng or random.Random()
        self.cancel = cancel or threading.Event()
        self.progress = progress
        self.clock = clock

    # -- public ----------------------------------------------------------------------------------
    def run_once(self) -> SyncReport:
        """Send what is pending until done, stopped, or out of tries. Never raises KioskError."""
        report = SyncReport("nothing_to_send", "Nothing was waiting to be sent.")
        started = _now()
        try:
            self.store.outbox.purge_delivered(self.config.retention_days)
            self._release(report)
            pending = self.store.outbox.counts().pending
            if pending:
                self._deadline = time.monotonic() + self.config.max_seconds
                self._budget = 3 * pending + 4 * self.config.max_failures + 10
                with self._client() as client:
                    self._send_all(client, report)
        except _Stop as stop:
            report.outcome, report.message = stop.outcome, stop.message
        except KioskError as exc:
            report.outcome, report.message = "store", str(exc)
        try:
            counts = self.store.outbox.counts()
            report.pending, report.quarantined_total = counts.pending, counts.quarantined
            report.pooled = counts.pooled
            if report.outcome == "nothing_to_send" and report.pooled:
                report.message = (f"Nothing to send now; {report.pooled} unlinked records wait for their day "
                                  "to end, to leave mixed with other learners'.")
            self._note(report, started)
        except KioskError as exc:
            report.outcome, report.message = "store", str(exc)
        log.info("Sync %s: %d delivered, %d quarantined, %d waiting, %d waiting to be mixed (%d requests)",
                 report.outcome, report.delivered, report.quarantined, report.pending, report.pooled,
                 report.requests)
        return report

    def probe(self, timeout: float = 5.0) -> bool:
        """A cheap check that the LRS answers at all (any HTTP answer counts)."""
        try:
            with self._client(timeout=timeout) as client:
                client.get("about")
            return True
        except (httpx.HTTPError, _Stop):
            return False

    # -- the run ---------------------------------------------------------------------------------
    def _release(self, report: SyncReport) -> None:
        """Move every finished day of the pool into the outbox. Only days before today (UTC) are
        released, so when statements leave says nothing finer than their day."""
        today = self.clock().astimezone(UTC).date().isoformat()
        for release in self.store.pool.release_due(today, self.config.mix_learners, self.config.batch_size):
            report.released += release.statements
            log.info("Released %d unlinked statements of %s in %d requests (%s)", release.statements,
                     release.day, release.requests,
                     "mixed" if release.mixed else f"fewer than {self.config.mix_learners} learners: "
                                                   "one statement per request")

    def _send_all(self, client: httpx.Client, report: SyncReport) -> None:
        self._failures = 0
        self._reached = False
        report.version = self._negotiate(client, report)
        client.headers["X-Experience-API-Version"] = report.version
        work: list[list[PendingRecord]] = []  # batches being split to isolate a refused record
        refused: list[str] = []  # single records refused since the last acknowledged batch
        while True:
            if not work:
                batch = (self.store.outbox.pending_batch(self.config.batch_size)
                         or self.store.outbox.pending_unlinked())
                if not batch:
                    break
                work.append(batch)
            part = work.pop()
            response = self._request(client, report, "POST", "statements", records=part,
                                     content=b"[" + b",".join(r.payload.encode() for r in part) + b"]",
                                     headers={"Content-Type": "application/json"})
            status = response.status_code
            if status in (200, 204):
                report.delivered += self.store.outbox.mark_delivered([r.id for r in part])
                refused.clear()
                if self.progress:
                    self.progress(report.delivered, self.store.outbox.counts().pending)
            elif status in (400, 409, 413, 422) and len(part) > 1 and part[0].batch is not None:
                # Halves of a mixed request might mix too few learners: one statement each instead.
                work += [[record] for record in reversed(part)]
            elif status in (400, 409, 413, 422) and len(part) > 1:
                middle = len(part) // 2
                work += [part[middle:], part[:middle]]
            elif status in (400, 409, 413, 422):
                reason = f"The LRS refused this record ({status}: {detail(response)})."
                self.store.outbox.quarantine(part[0].id, reason)
                report.quarantined += 1
                refused.append(part[0].id)
                log.warning("Quarantined record %s: %s", part[0].id, reason)
                if len(refused) >= REFUSED_IN_A_ROW:
                    self.store.outbox.requeue(refused)
                    report.quarantined -= len(refused)
                    raise _Stop("refused", f"The LRS refused {len(refused)} records in a row and accepted "
                                           f"none in between ({status}: {detail(response)}). They stay "
                                           "queued; please check the LRS and the kiosk's sync settings.")
            else:
                raise _Stop("refused", unexpected(status, self.config.endpoint))
        report.outcome = "delivered"
        report.message = f"{report.delivered} records delivered" + (
            f"; {report.quarantined} set aside because the LRS refused them." if report.quarantined else ".")

    def _negotiate(self, client: httpx.Client, report: SyncReport) -> str:
        response = self._request(client, report, "GET", "about",
                                 headers={"X-Experience-API-Version": DEFAULT_VERSION})
        if response.status_code != 200:
            # Some LRSs (Ralph among them) have no /about: xAPI 1.0.3 is the safe assumption.
            log.info("The LRS has no usable /about (%d); assuming xAPI %s", response.status_code,
                     DEFAULT_VERSION)
            return DEFAULT_VERSION
        try:
            listed = response.json().get("version")
        except (ValueError, AttributeError):
            listed = None
        if not isinstance(listed, list) or not listed:
            return DEFAULT_VERSION
        for version in SPOKEN_VERSIONS:
            if version in listed:
                return version
        raise _Stop("refused", f"The LRS speaks xAPI {', '.join(map(str, listed))}; this kiosk speaks "
                               f"{', '.join(SPOKEN_VERSIONS)}. Nothing was sent.")

    def _request(self, client: httpx.Client, report: SyncReport, method: str, path: str,
                 records: Sequence[PendingRecord] = (), **kwargs: Any) -> httpx.Response:
        """One request, retried with backoff through transient failures. Returns any answer that
        is not transient; raises _Stop for credentials, certificates, limits and cancellation."""
        while True:
            if self.cancel.is_set():
                raise _Stop("cancelled", "Sending was stopped; the records wait for the next try.")
            if time.monotonic() > self._deadline or report.requests >= self._budget:
                raise _Stop("incomplete", "Sending took too long this time; the rest waits for the next try.")
            report.requests += 1
            wait_hint, exc_type = None, None
            sent = time.monotonic()
            try:
                try:
                    response = client.request(method, path, **kwargs)
                finally:
                    report.lrs_seconds += time.monotonic() - sent
            except httpx.HTTPError as exc:
                exc_type = type(exc)
                tls = tls_problem(exc)
                if tls:
                    raise _Stop("refused", f"The LRS's certificate was not accepted ({tls}). Nothing was "
                                           "sent. Check sync_endpoint and sync_ca_bundle.") from None
                if isinstance(exc, (httpx.UnsupportedProtocol, httpx.InvalidURL)):
                    raise _Stop("refused", f"The LRS address cannot be used ({exc}).") from None
                reason = transport_reason(exc)
            else:
                self._reached = True
                status = response.status_code
                if status in (401, 403):
                    raise _Stop("credentials", "The LRS did not accept the kiosk's key and secret "
                                               f"({status}). Records stay queued; ask IT to check "
                                               "sync_key and sync_secret.")
                if status != 429 and status < 500:
                    self._failures = 0
                    return response
                reason = f"the LRS answered {status} ({detail(response)})"
                wait_hint = retry_after(response)
            self._failures += 1
            if records:
                self.store.outbox.note_failure([r.id for r in records], reason[:300])
            limit = self.config.max_failures
            if not self._reached and isinstance(exc_type, type) and issubclass(exc_type, httpx.ConnectError):
                # Nothing answered at all yet: most likely no network. Say so quickly; the worker
                # tries again when a network appears or on its timer.
                limit = min(limit, OFFLINE_TRIES)
            if self._failures >= limit:
                outcome: Outcome = "offline" if report.delivered == 0 and "answered" not in reason else "incomplete"
                raise _Stop(outcome, f"Could not send: {reason}. The records wait for the next try.")
            self._backoff(wait_hint)

    def _backoff(self, wait_hint: float | None) -> None:
        """Exponential backoff with full jitter: a random wait up to base * 2^failures."""
        ceiling = min(self.config.backoff_cap, self.config.backoff_base * 2 ** (self._failures - 1))
        delay = self.rng.uniform(0, ceiling)
        if wait_hint is not None:  # the LRS's Retry-After
            delay = min(self.config.backoff_cap, max(delay, wait_hint))
        delay = min(delay, max(0.0, self._deadline - time.monotonic()))
        if self.cancel.wait(delay):
            raise _Stop("cancelled", "Sending was stopped; the records wait for the next try.")

    def _client(self, timeout: float | None = None) -> httpx.Client:
        cafile = str(self.config.ca_bundle) if self.config.ca_bundle else certifi.where()
        try:
            context = ssl.create_default_context(cafile=cafile)
        except (OSError, ssl.SSLError) as exc:
            raise _Stop("refused", f"The certificate file {cafile} (sync_ca_bundle) cannot be used "
                                   f"({exc}).") from None
        timeouts = (httpx.Timeout(timeout) if timeout else
                    httpx.Timeout(self.config.read_timeout, connect=self.config.connect_timeout))
        return httpx.Client(
            base_url=self.config.endpoint.rstrip("/") + "/", auth=(self.config.key, self.config.secret),
            verify=context, timeout=timeouts, transport=self.transport, follow_redirects=False,
            headers={"X-Experience-API-Version": DEFAULT_VERSION, "User-Agent": f"TIP-Kiosk/{__version__}"})

    def _note(self, report: SyncReport, started: str) -> None:
        changes: dict[str, Any] = {"last_attempt": started, "last_outcome": report.outcome}
        if report.delivered:
            changes["last_delivery"] = _now()
        if report.outcome in ("delivered", "nothing_to_send"):
            changes["last_error"] = None
            if report.pending == 0 and report.outcome == "delivered":
                changes["last_success"] = _now()
        else:
            changes["last_error"] = report.message
        if report.quarantined:
            changes["last_error"] = report.message
        self.store.outbox.write_sync_status(**changes)


def sync_status(store: Store) -> SyncStatus:
    """The status line's facts, from the outbox and the engine's notes."""
    notes = store.outbox.read_sync_status()
    counts = store.outbox.counts()
    return SyncStatus(notes.get("last_success"), notes.get("last_attempt"), notes.get("last_error"),
                      counts.pending, counts.quarantined, counts.delivered, counts.pooled)


# -- helpers -------------------------------------------------------------------------------------
def _now() -> str:
    return now_utc().isoformat(timespec="seconds")
