"""The kiosk's own small xAPI 1.0.3 LRS: Statements, Activities State, Agent Profile, Activity
Profile and About, as a framework-free request handler.

``Lrs.handle(method, path, query, headers, body)`` answers one request with a ``Response``. The
web view calls it from the ``tip-pkg`` scheme handler (no socket); the conformance test puts it
behind a loopback HTTP server. Everything it stores is scoped to one learner and module
(``LrsScope``); a ``guard`` (``kiosk.core.cmi5.rules.Cmi5Guard``) adds the cmi5 session rules:
the token, the actor and registration, the order of cmi5 defined statements, read-only LMS
documents. Each accepted write is on disk before the answer goes back.
"""

from __future__ import annotations

import json
import logging
import time
import uuid as uuidlib
from datetime import UTC, datetime
from typing import Any, Protocol

from kiosk.core.clock import now_utc
from kiosk.core.cmi5 import documents, queries, requests, xapi
from kiosk.core.cmi5.answers import LrsRefusedError, Response, error
from kiosk.core.cmi5.xapi import VOIDED, XapiInvalidError
from kiosk.core.store.lrs import LrsScope, NewStatement, StatementQuery
from kiosk.core.store.store import Store

log = logging.getLogger(__name__)

VERSION = "1.0.3"
MAX_BODY = 1_000_000
"""Bytes per request: an AU has no reason to send more, and a hostile one must not fill the disk."""

_STATEMENT_PARAMS = {"statementId", "voidedStatementId", "agent", "verb", "activity", "registration",
                     "related_activities", "related_agents", "since", "until", "limit", "format", "attachments",
                     "ascending", "more"}


class Guard(Protocol):
    def authorize(self, headers: dict[str, str]) -> None: ...
    def check_statements(self, statements: list[dict[str, Any]]) -> None: ...
    def statements_stored(self, statements: list[dict[str, Any]]) -> None: ...
    def check_document(self, method: str, resource: str, params: dict[str, str]) -> None: ...
    def filter_query(self, query: StatementQuery) -> StatementQuery: ...


class Lrs:
    """One learner's LRS for one module.

    Args:
        store: the learner database.
        scope: whose statements and documents these are.
        base_path: where the LRS is mounted (``/__lrs`` in the web view), for ``more`` links.
        guard: the cmi5 session's rules, or None (the conformance test: Basic auth in its adapter).
        authority: the Agent stored as every statement's authority.
    """

    def __init__(self, store: Store, scope: LrsScope, *, base_path: str = "/__lrs", guard: Guard | None = None,
                 authority: dict[str, Any] | None = None, max_body: int = MAX_BODY):
        self.store = store
        self.scope = scope
        self.base_path = base_path.rstrip("/")
        self.guard = guard
        self.authority = authority or {"objectType": "Agent",
                                       "account": {"homePage": "https://tip-kiosk.invalid", "name": "kiosk-lrs"}}
        self.max_body = max_body
        self._last_stored = ""

    # --- entry point ---------------------------------------------------------------------------

    def handle(self, method: str, path: str, query: dict[str, str], headers: dict[str, str],
               body: bytes) -> Response:
        """Answer one request. Never raises for anything a client sends."""
        try:
            req = requests.parse(method, path, query, headers, body, self.base_path)
        except LrsRefusedError as exc:
            return self._refuse(exc, method, path)
        try:
            response = self._route(req)
        except LrsRefusedError as exc:
            response = self._refuse(exc, req.method, req.path)
        except XapiInvalidError as exc:
            response = self._refuse(LrsRefusedError(400, str(exc)), req.method, req.path)
        except Exception:  # a bug here must not take the AU's page (or the kiosk) down with it
            log.exception("Local LRS failed on %s %s", req.method, req.path)
            response = error(500, "the local LRS failed; the kiosk's log has the details")
        response.headers.setdefault("X-Experience-API-Version", VERSION)
        if req.resource == "statements" and req.method == "GET":
            response.headers.setdefault("X-Experience-API-Consistent-Through", _now())
        if req.head:
            response = Response(response.status, response.headers, b"")
        return response

    def _refuse(self, exc: LrsRefusedError, method: str, path: str) -> Response:
        level = logging.WARNING if exc.status in (401, 403, 413) else logging.INFO
        log.log(level, "Local LRS refused %s %s with %d: %s", method, path, exc.status, exc.reason)
        response = error(exc.status, exc.reason)
        response.headers["X-Experience-API-Version"] = VERSION
        return response

    def _route(self, req: requests.Request) -> Response:
        if req.resource == "about":
            if req.method != "GET":
                raise LrsRefusedError(405, "About only answers GET")
            return Response(200, {"Content-Type": "application/json"},
                            json.dumps({"version": [VERSION, "1.0.2", "1.0.1", "1.0.0"]}).encode())
        version = req.headers.get("x-experience-api-version")
        if not version:
            raise LrsRefusedError(400, "the X-Experience-API-Version header is missing")
        if not version.startswith("1.0"):
            raise LrsRefusedError(400, f"xAPI version {version} is not supported (this LRS speaks {VERSION})")
        if self.guard is not None:
            self.guard.authorize(req.headers)
        if len(req.body) > self.max_body:
            raise LrsRefusedError(413, f"the request body is {len(req.body)} bytes; the limit is {self.max_body}")
        if req.resource == "statements":
            return self._statements(req)
        if req.resource in documents.RESOURCES:
            if self.guard is not None:
                self.guard.check_document(req.method, req.resource, req.query)
            return documents.handle(self.store, self.scope, req)
        raise LrsRefusedError(404, f"there is no resource {req.path}")

    # --- statements ----------------------------------------------------------------------------

    def _statements(self, req: requests.Request) -> Response:
        unknown = set(req.query) - _STATEMENT_PARAMS
        if unknown:
            raise LrsRefusedError(400, f"unknown parameter(s) {', '.join(sorted(unknown))}")
        if req.method == "GET":
            return self._get(req)
        if req.method == "PUT":
            sid = req.query.get("statementId")
            if not sid:
                raise LrsRefusedError(400, "PUT needs the statementId parameter")
            xapi.uuid(sid, "statementId")
            statement = self._parse_body(req)
            if not isinstance(statement, dict):
                raise LrsRefusedError(400, "PUT takes a single statement")
            if statement.get("id", sid) != sid:
                raise LrsRefusedError(400, "the statement's id differs from statementId")
            statement["id"] = sid
            self.store_statements([statement], req.attachments)
            return Response(204)
        if req.method == "POST":
            if set(req.query) - {"statementId"}:
                raise LrsRefusedError(400, "POST takes no query parameters")
            parsed = self._parse_body(req)
            batch = parsed if isinstance(parsed, list) else [parsed]
            ids = self.store_statements(batch, req.attachments)
            return Response(200, {"Content-Type": "application/json"}, json.dumps(ids).encode())
        raise LrsRefusedError(405, f"{req.method} is not allowed on statements")

    def _parse_body(self, req: requests.Request) -> Any:
        ctype = req.content_type
        if ctype == "multipart/mixed":
            return requests.statements_from_multipart(req)
        if ctype != "application/json":
            raise LrsRefusedError(400, f"statements must be sent as application/json, not {ctype or 'nothing'}")
        try:
            return json.loads(req.body)
        except (ValueError, RecursionError):  # RecursionError: JSON nested thousands deep
            raise LrsRefusedError(400, "the body is not JSON (or is nested too deeply)") from None

    def store_statements(self, batch: list[Any], attachments: dict[str, tuple[str, bytes]] | None = None, *,
                         trusted: bool = False) -> list[str]:
        """Validate, apply the guard's rules, and store ``batch`` all or nothing; return the ids.

        ``trusted`` is the LMS writing its own statements (launched, satisfied, abandoned): the
        guard's AU rules are not applied and it is not told.

        Raises:
            LrsRefusedError: 400 invalid, 403 the guard's rules, 409 an id holds a different statement.
        """
        if not batch:
            raise LrsRefusedError(400, "no statements were sent")
        seen: set[str] = set()
        for i, statement in enumerate(batch):
            try:
                xapi.validate_statement(statement)
            except XapiInvalidError as exc:
                raise LrsRefusedError(400, f"statement {i}: {exc}") from None
            xapi.normalise(statement)
            statement.setdefault("id", str(uuidlib.uuid4()))
            statement["id"] = statement["id"].lower()
            if statement["id"] in seen:
                raise LrsRefusedError(400, f"the id {statement['id']} appears twice in the batch")
            seen.add(statement["id"])
        if attachments is not None:
            requests.check_attachments(batch, attachments)
        if self.guard is not None and not trusted:
            self.guard.check_statements(batch)
        existing = self.store.lrs.existing_statements(self.scope, list(seen))
        fresh = []
        for statement in batch:
            if statement["id"] in existing:
                sent_time = "timestamp" in statement
                if queries.comparable(json.loads(existing[statement["id"]]), sent_time) != \
                        queries.comparable(statement, sent_time):
                    raise LrsRefusedError(409, f"a different statement is already stored with the id {statement['id']}")
                continue
            fresh.append(statement)
        self._check_voiding(fresh)
        rows = [self._complete(statement) for statement in fresh]
        if rows:
            self.store.lrs.insert_statements(self.scope, rows, attachments or {})
        if self.guard is not None and fresh and not trusted:
            self.guard.statements_stored(fresh)
        return [statement["id"] for statement in batch]

    def _check_voiding(self, batch: list[dict[str, Any]]) -> None:
        voiding_ids = {s["id"] for s in batch if s["verb"]["id"] == VOIDED}
        for statement in batch:
            if statement["verb"]["id"] != VOIDED:
                continue
            target = statement["object"]["id"].lower()
            stored = self.store.lrs.statement_row(self.scope, target)
            if target in voiding_ids or (stored and stored[2] == VOIDED):
                raise LrsRefusedError(400, f"statement {statement['id']} voids a voiding statement")

    def _complete(self, statement: dict[str, Any]) -> NewStatement:
        stored = self._next_stored()
        statement["stored"] = stored
        statement["authority"] = self.authority
        statement.setdefault("version", "1.0.0")
        if "timestamp" not in statement:
            statement["timestamp"] = stored
        registration = statement.get("context", {}).get("registration", "").lower()
        return NewStatement(statement["id"], registration, statement["verb"]["id"],
                            json.dumps(statement, separators=(",", ":"), ensure_ascii=False), stored,
                            tuple(queries.filter_keys(statement)),
                            statement["object"]["id"].lower() if statement["verb"]["id"] == VOIDED else None)

    def _next_stored(self) -> str:
        """Now, strictly after every earlier ``stored`` of this LRS (``since`` must never miss one)."""
        if not self._last_stored:
            self._last_stored = self.store.lrs.last_stored(self.scope)
        now = now_utc().strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        if now <= self._last_stored:
            last = datetime.strptime(self._last_stored, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
            now = datetime.fromtimestamp(last.timestamp() + 1e-6, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            if now <= self._last_stored:  # float rounding: step a whole millisecond
                now = datetime.fromtimestamp(last.timestamp() + 1e-3, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        self._last_stored = now
        return now

    # --- GET -------------------------------------------------------------------------------------

    def _get(self, req: requests.Request) -> Response:
        q = req.query
        fmt = q.get("format", "exact")
        if fmt not in ("exact", "ids", "canonical"):
            raise LrsRefusedError(400, f"format must be exact, ids or canonical, not {fmt}")
        attachments = queries.flag(q, "attachments")
        headers = {"Content-Type": "application/json", "X-Experience-API-Consistent-Through": _now()}
        if "statementId" in q or "voidedStatementId" in q:
            if "statementId" in q and "voidedStatementId" in q:
                raise LrsRefusedError(400, "statementId and voidedStatementId cannot be used together")
            if set(q) - {"statementId", "voidedStatementId", "format", "attachments"}:
                raise LrsRefusedError(400, "a single-statement GET takes only format and attachments")
            voided_wanted = "voidedStatementId" in q
            sid = xapi.uuid(q.get("statementId") or q.get("voidedStatementId"), "statementId").lower()
            row = self.store.lrs.statement_row(self.scope, sid)
            stored = json.loads(row[0]) if row else None
            voided = row[1] if row else None
            if stored is not None and self.guard is not None:
                # A launch session sees only its own registration, by id as by query.
                wanted = self.guard.filter_query(StatementQuery()).registration
                if stored.get("context", {}).get("registration", "").lower() != (wanted or ""):
                    stored = None
            if stored is None or voided != voided_wanted:
                raise LrsRefusedError(404, f"no {'voided ' if voided_wanted else ''}statement {sid}")
            statement = self._view(stored, fmt, req)
            headers["Last-Modified"] = _http_date(stored["stored"])
            return self._answer(headers, statement, attachments)
        query, limit = queries.parse_query(q)
        if self.guard is not None:
            query = self.guard.filter_query(query)
        rows = self._select(query, limit)
        more = ""
        if len(rows) == limit:
            more = f"{self.base_path}/statements?more={queries.cursor(query, limit, rows[-1][0])}"
        if fmt == "exact" and not attachments:
            # The stored JSON is already the exact form: splice it rather than parse and re-encode.
            body = '{"statements":[' + ",".join(data for _, data in rows) + '],"more":' + json.dumps(more) + "}"
            return Response(200, headers, body.encode())
        statements = [self._view(json.loads(data), fmt, req) for _, data in rows]
        return self._answer(headers, {"statements": statements, "more": more}, attachments)

    def _answer(self, headers: dict[str, str], payload: Any, attachments: bool) -> Response:
        body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
        if attachments:
            statements = payload.get("statements", [payload])
            # Every attachment whose content was sent (with or without a fileUrl) goes back.
            hashes = sorted({a["sha2"].lower() for st in statements for a in requests.all_attachments(st)})
            parts = [(h, *found) for h in hashes if (found := self.store.lrs.attachment(self.scope, h))]
            return requests.multipart_answer(headers, body, parts)
        return Response(200, headers, body)

    def _select(self, query: StatementQuery, limit: int) -> list[tuple[int, str]]:
        selective = any(v is not None for v in (query.agent, query.verb, query.activity, query.registration))
        refs = self.store.lrs.statement_refs(self.scope) if selective else []
        if not refs:
            return self.store.lrs.page_statements(self.scope, query, limit)
        # xAPI 2.1.3: a statement that targets a matching statement through a StatementRef matches too
        # (the selectors apply to the target; since/until/limit to the referring statement itself).
        by_target: dict[str, list[tuple[int, str]]] = {}
        for seq, sid, target in refs:
            by_target.setdefault(target, []).append((seq, sid))
        matched = self.store.lrs.matching_ids(self.scope, query, list(by_target))
        extra: dict[int, str] = {}
        frontier = list(matched)
        while frontier:
            found = [(seq, sid) for target in frontier for seq, sid in by_target.get(target, ()) if seq not in extra]
            extra.update(found)
            frontier = [sid for _, sid in found]
        return self.store.lrs.page_statements(self.scope, query, limit, sorted(extra))

    def _view(self, statement: dict[str, Any], fmt: str, req: requests.Request) -> dict[str, Any]:
        if fmt == "ids":
            return xapi.ids_view(statement)
        if fmt == "canonical":
            langs = [part.split(";")[0].strip() for part in req.headers.get("accept-language", "").split(",")]
            return xapi.canonical_view(statement, [lang for lang in langs if lang and lang != "*"])
        return statement


def _now() -> str:
    return now_utc().strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _http_date(stored: str) -> str:
    when = datetime.strptime(stored, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    return time.strftime("%a, %d %b %Y %H:%M:%S GMT", when.timetuple())
