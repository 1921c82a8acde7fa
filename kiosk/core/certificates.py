"""Completion certificates: what goes on one, and the verification code that ties it to its
record without saying who the learner is.

The code is an HMAC of the completion record (its random id, the module, its version and the
day) under this installation's secret, shortened to 60 bits and written in Crockford base 32
(``7KQ2-M9XD-3FHA``). So:

- it identifies one completion record on this PC: ``tip-kiosk certificate verify CODE`` finds it;
- it identifies no one: it is made from a random id, not from the learner's code, name or PIN,
  and without the installation secret nobody can link it to anything or make a valid one;
- the module and day it belongs to are bound into it: ``verify`` prints the real ones, so a copy
  with a changed title or date is caught.

A programme certificate (a pathway completed, see kiosk.core.pathways) works the same way from
its own record in ``pathway_completions``, with the pathway and its level bound into the code.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date

from kiosk.core.content import Programme
from kiosk.core.store import Store
from kiosk.core.store.completion_records import CompletionRow
from kiosk.core.store.pathways import PathwayCompletionRow

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O or U to misread
_DOMAIN = b"tip-kiosk certificate v1\x00"


@dataclass(frozen=True)
class Certificate:
    programme: str
    module_title: str
    module_version: str
    completed_on: date
    code: str
    level: str = ""
    """For a programme certificate: the pathway's level (``trauma_skilled``...); then
    ``module_title`` is the pathway's title. Empty for a module's certificate."""


def verification_code(secret: bytes, row: CompletionRow) -> str:
    message = "|".join((row.id, row.module_id, row.module_version, row.completed_at[:10])).encode()
    digest = hmac.new(secret, _DOMAIN + message, hashlib.sha256).digest()
    number = int.from_bytes(digest[:8], "big") >> 4  # 60 bits = 12 characters
    chars = "".join(_ALPHABET[(number >> shift) & 31] for shift in range(55, -1, -5))
    return "-".join(chars[i:i + 4] for i in range(0, 12, 4))


def normalise_code(text: str) -> str:
    """Read a code as typed: any case, spaces or hyphens, O for 0 and I or L for 1."""
    raw = "".join(ch for ch in text.upper() if ch.isalnum())
    raw = raw.translate(str.maketrans("OIL", "011"))
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def certificate(programme: Programme, row: CompletionRow, secret: bytes) -> Certificate:
    module = programme.module(row.module_id)
    title = module.title if module is not None else row.module_id
    return Certificate(programme.title, title, row.module_version,
                       date.fromisoformat(row.completed_at[:10]), verification_code(secret, row))


def pathway_code(secret: bytes, row: PathwayCompletionRow) -> str:
    """A programme certificate's code: as a module's, from the pathway completion's random id."""
    return verification_code(secret, CompletionRow(row.id, row.learner_id, f"pathway:{row.pathway_id}",
                                                   row.level, row.completed_at, None))


def pathway_certificate(programme: Programme, row: PathwayCompletionRow, secret: bytes) -> Certificate:
    pathway = programme.pathway(row.pathway_id)
    title = pathway.title if pathway is not None else row.pathway_id
    return Certificate(programme.title, title, "", date.fromisoformat(row.completed_at[:10]),
                       pathway_code(secret, row), row.level)


def find(store: Store, secret: bytes, code: str) -> CompletionRow | None:
    """The completion on this PC that a code belongs to, or None."""
    wanted = normalise_code(code)
    for row in store.completion_records.all():
        if hmac.compare_digest(verification_code(secret, row), wanted):
            return row
    return None


def find_pathway(store: Store, secret: bytes, code: str) -> PathwayCompletionRow | None:
    """The pathway completion on this PC that a programme certificate's code belongs to, or None."""
    wanted = normalise_code(code)
    for row in store.pathways.all_completions():
        if hmac.compare_digest(pathway_code(secret, row), wanted):
            return row
    return None
