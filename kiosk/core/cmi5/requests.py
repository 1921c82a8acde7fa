"""Turning what arrives at the local LRS into a ``Request``: the resource, lower-case headers, the
alternate request syntax (xAPI 1.0.3 Communication 1.3), HEAD, and multipart/mixed bodies of
statements with attachments; and the multipart answer for ``attachments=true``."""

from __future__ import annotations

import base64
import hashlib
import json
import uuid as uuidlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from kiosk.core.cmi5.answers import LrsRefusedError, Response
from kiosk.core.cmi5.queries import comparable

_HEADER_FIELDS = {"authorization", "x-experience-api-version", "content-type", "content-length", "if-match",
                  "if-none-match"}


@dataclass
class Request:
    method: str
    path: str
    resource: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    head: bool = False
    attachments: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    """Attachment parts of a multipart body, by SHA-256: (content type, bytes)."""

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


def parse(method: str, path: str, query: dict[str, str], headers: dict[str, str], body: bytes,
          base_path: str) -> Request:
    method = method.upper()
    headers = {k.lower(): v for k, v in headers.items()}
    query = dict(query)
    resource = path
    if base_path and resource.startswith(base_path):
        resource = resource[len(base_path):]
    resource = resource.strip("/")
    if "method" in query:
        # Alternate request syntax: everything travels as form fields of a POST.
        if method != "POST":
            raise LrsRefusedError(400, "the method parameter is only allowed on POST")
        if set(query) != {"method"}:
            raise LrsRefusedError(400, "with the method parameter, everything else must be in the form body")
        if not headers.get("content-type", "").lower().startswith("application/x-www-form-urlencoded"):
            raise LrsRefusedError(400, "the alternate request syntax needs application/x-www-form-urlencoded")
        method = query.pop("method").upper()
        if method not in ("GET", "PUT", "POST", "DELETE", "HEAD"):
            raise LrsRefusedError(400, f"unknown method {method}")
        form = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        body = form.pop("content", "").encode()
        headers["content-type"] = "application/json"  # unless the form says otherwise below
        for name in list(form):
            if name.lower() in _HEADER_FIELDS:
                headers[name.lower()] = form.pop(name)
            else:
                query[name] = form.pop(name)
    head = method == "HEAD"
    return Request("GET" if head else method, path, resource, query, headers, body, head)


def statements_from_multipart(req: Request) -> Any:
    """The statements of a multipart/mixed body, with each attachment checked against its part."""
    boundary = ""
    for param in req.headers.get("content-type", "").split(";")[1:]:
        name, _, value = param.strip().partition("=")
        if name.lower() == "boundary":
            boundary = value.strip('"')
    if not boundary:
        raise LrsRefusedError(400, "multipart/mixed without a boundary")
    parts = _split(req.body, boundary.encode())
    if not parts:
        raise LrsRefusedError(400, "multipart/mixed body has no parts")
    head, first = parts[0]
    if head.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        raise LrsRefusedError(400, "the first part must be the statements as application/json")
    try:
        statements = json.loads(first)
    except (ValueError, RecursionError):
        raise LrsRefusedError(400, "the first part is not JSON") from None
    for head, content in parts[1:]:
        sha2 = head.get("x-experience-api-hash")
        if not sha2:
            raise LrsRefusedError(400, "an attachment part has no X-Experience-API-Hash header")
        if head.get("content-transfer-encoding", "binary").lower() != "binary":
            raise LrsRefusedError(400, "attachment parts must use Content-Transfer-Encoding: binary")
        if hashlib.sha256(content).hexdigest() != sha2.lower():
            raise LrsRefusedError(400, "an attachment part's content does not match its hash")
        req.attachments[sha2.lower()] = (head.get("content-type", "application/octet-stream"), content)
    return statements


def all_attachments(statement: Any) -> list[dict[str, Any]]:
    """The attachment objects of a statement and of its SubStatement."""
    if not isinstance(statement, dict):
        return []
    found = [a for a in statement.get("attachments", []) if isinstance(a, dict)]
    obj = statement.get("object")
    if isinstance(obj, dict) and obj.get("objectType") == "SubStatement":
        found += [a for a in obj.get("attachments", []) if isinstance(a, dict)]
    return found


def check_attachments(statements: list[dict[str, Any]], parts: dict[str, tuple[str, bytes]]) -> None:
    """Every attachment without fileUrl has its part, every part belongs to an attachment, and a
    signature attachment is a JWS (RS256/384/512) of the statement (xAPI Data 2.4.11, 2.6).

    The signature's RSA value is not verified: the suite sends no certificate (x5c) and the kiosk
    trusts no AU's key anyway; what is checked is what the spec requires an LRS to reject."""

    wanted = set()
    for statement in statements:
        for att in all_attachments(statement):
            sha2 = str(att.get("sha2", "")).lower()
            if "fileUrl" not in att:
                if sha2 not in parts:
                    raise LrsRefusedError(400, "an attachment without fileUrl has no part with its content")
                wanted.add(sha2)
            elif sha2 in parts:
                wanted.add(sha2)
            if att.get("usageType") == SIGNATURE:
                if att.get("contentType") != "application/octet-stream":
                    raise LrsRefusedError(400, "a signature attachment must be application/octet-stream")
                if sha2 not in parts:
                    raise LrsRefusedError(400, "a signature attachment needs its JWS part")
                payload = _jws_payload(parts[sha2][1])
                mine = {k: v for k, v in statement.items() if k != "attachments"}
                theirs = {k: v for k, v in payload.items() if k != "attachments"}
                theirs.setdefault("id", mine.get("id"))
                if comparable(theirs) != comparable(mine):
                    raise LrsRefusedError(400, "the signature's payload is not this statement")
    extra = set(parts) - wanted
    if extra:
        raise LrsRefusedError(400, "the body has parts that are not the statements' attachments")


SIGNATURE = "http://adlnet.gov/expapi/attachments/signature"


def _jws_payload(jws: bytes) -> dict[str, Any]:
    def b64(text: str) -> bytes:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))

    try:
        head, payload, signature = jws.decode("ascii").strip().split(".")
        header = json.loads(b64(head))
        body = json.loads(b64(payload))
        b64(signature)
    except (ValueError, UnicodeDecodeError):
        raise LrsRefusedError(400, "the signature is not a JWS in compact form") from None
    if not isinstance(header, dict) or header.get("alg") not in ("RS256", "RS384", "RS512"):
        raise LrsRefusedError(400, "a statement signature must use RS256, RS384 or RS512")
    if not isinstance(body, dict):
        raise LrsRefusedError(400, "the signature's payload is not a statement")
    return body


def _split(body: bytes, boundary: bytes) -> list[tuple[dict[str, str], bytes]]:
    parts = []
    for chunk in body.split(b"--" + boundary)[1:]:
        if chunk.startswith(b"--"):
            break
        chunk = chunk[2:] if chunk.startswith(b"\r\n") else chunk.lstrip(b"\n")
        raw_head, sep, content = chunk.partition(b"\r\n\r\n")
        if not sep:
            raw_head, _, content = chunk.partition(b"\n\n")
        if content.endswith(b"\r\n"):
            content = content[:-2]
        elif content.endswith(b"\n"):
            content = content[:-1]
        head = {}
        for line in raw_head.decode("utf-8", "replace").splitlines():
            name, _, value = line.partition(":")
            if name.strip():
                head[name.strip().lower()] = value.strip()
        parts.append((head, content))
    return parts


def multipart_answer(headers: dict[str, str], statements_json: bytes,
                     attachments: Sequence[tuple[str, str, bytes]] = ()) -> Response:
    """A ``Response`` in multipart/mixed: the statements, then each (sha2, type, bytes) part."""
    boundary = uuidlib.uuid4().hex
    out = [b"--" + boundary.encode() + b"\r\nContent-Type: application/json\r\n\r\n" + statements_json + b"\r\n"]
    for sha2, ctype, content in attachments:
        out.append(b"--" + boundary.encode() + f"\r\nContent-Type: {ctype}\r\nContent-Transfer-Encoding: binary"
                   f"\r\nX-Experience-API-Hash: {sha2}\r\n\r\n".encode() + content + b"\r\n")
    out.append(b"--" + boundary.encode() + b"--")
    headers = dict(headers, **{"Content-Type": f"multipart/mixed; boundary={boundary}"})
    return Response(200, headers, b"".join(out))
