"""What the local LRS answers: a ``Response``, and ``LrsRefusedError`` for a request it will not carry
out (the status and the reason that goes into the answer and the log)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    def json(self) -> Any:
        return json.loads(self.body)


class LrsRefusedError(Exception):
    """A request the LRS will not carry out: ``status`` and a reason for the answer and the log."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


def error(status: int, reason: str) -> Response:
    return Response(status, {"Content-Type": "application/json"},
                    json.dumps({"error": reason}).encode())
