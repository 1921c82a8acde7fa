"""What a learner writes in their own words, sealed at rest under their PIN and this PC's secret.

A learner's vault key is made at sign-in, the one moment the PIN is known, and lives only in
memory for that session (on the ``Learner``):

    os_part  = HMAC-SHA256(installation secret, "tip-kiosk vault v1")
    pin_part = scrypt(PIN, salt = HMAC(os_part, learner id)[:16], n=2^14, r=8, p=1)
    key      = HKDF-SHA256(pin_part, salt = os_part, info = learner id)

Free text (a reflection's ``text``, a survey's ``comment``) is stored as AES-256-GCM under that
key, bound to where it belongs (learner, module, step, field) so a sealed value moved to another
row does not open. Without the installation secret (kept by the operating system, outside the
data folder: ``kiosk.core.keystore``) a copy of the data folder cannot even start guessing PINs
against it; with it, every PIN guess costs one scrypt. ``docs/privacy.md`` ("What a copied data
folder reveals") has the figures.

A PIN reset gives a new key: what was sealed under the old one cannot be opened any more. The
learner sees a calm note instead of their old words (``UNREADABLE``), and can write again.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import secrets
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeGuard

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

# cryptography is imported on first use (_aesgcm, _hkdf): the sign-in screen is shown before any
# text is sealed or opened, and importing it costs about 10 ms and 7 MB at start-up.

log = logging.getLogger(__name__)


def _aesgcm(key: bytes) -> AESGCM:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM(key)


def _hkdf(secret: bytes, salt: bytes | None, info: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(secret)


def _invalid_tag() -> type[Exception]:
    from cryptography.exceptions import InvalidTag

    return InvalidTag

FREE_TEXT_FIELDS = ("text", "comment")
"""Fields of a saved answer that hold the learner's own words (reflection text, survey comment)."""
SEALED = "sealed:v1:"
UNREADABLE = "unreadable"
"""Set in an opened answer (``{"unreadable": ["text"]}``) for fields sealed under another key."""
SCRYPT = {"n": 2**14, "r": 8, "p": 1}
"""The same cost as the PIN hash: a guess against either costs the same, so more here buys nothing."""


@dataclass(frozen=True, repr=False)
class VaultKey:
    """One learner's key for this session. ``repr`` shows nothing of it."""

    learner_id: int
    key: bytes

    def __repr__(self) -> str:
        return f"VaultKey(learner {self.learner_id})"


def _os_part(installation_secret: bytes) -> bytes:
    return hmac.new(installation_secret, b"tip-kiosk vault v1", hashlib.sha256).digest()


def session_key(installation_secret: bytes, learner_id: int, pin: str) -> VaultKey:
    """The vault key of one learner, from their PIN and this PC's installation secret."""
    os_part = _os_part(installation_secret)
    who = f"learner:{int(learner_id)}".encode()
    salt = hmac.new(os_part, who, hashlib.sha256).digest()[:16]
    pin_part = hashlib.scrypt(pin.encode("utf-8"), salt=salt, **SCRYPT, dklen=32)
    key = _hkdf(pin_part, os_part, who)
    return VaultKey(int(learner_id), key)


def seal_text(vault: VaultKey, text: str, where: str) -> str:
    """``text`` as ``sealed:v1:<base64 nonce+ciphertext>``, bound to ``where``."""
    nonce = secrets.token_bytes(12)
    sealed = _aesgcm(vault.key).encrypt(nonce, text.encode("utf-8"), _aad(vault, where))
    return SEALED + base64.b64encode(nonce + sealed).decode("ascii")


def open_text(vault: VaultKey, value: str, where: str) -> str | None:
    """The text sealed in ``value``, or None if it was sealed under another key (a PIN reset)."""
    try:
        raw = base64.b64decode(value[len(SEALED):], validate=True)
        plain = _aesgcm(vault.key).decrypt(raw[:12], raw[12:], _aad(vault, where))
    except (_invalid_tag(), ValueError):
        return None
    return plain.decode("utf-8")


def is_sealed(value: Any) -> TypeGuard[str]:
    return isinstance(value, str) and value.startswith(SEALED)


def _aad(vault: VaultKey, where: str) -> bytes:
    return f"{vault.learner_id}|{where}".encode()


def seal_answer(vault: VaultKey | None, answer: Any, where: str) -> Any:
    """A saved answer with its free-text fields sealed (unchanged without a vault or free text)."""
    if vault is None or not isinstance(answer, dict):
        return answer
    sealed = dict(answer)
    sealed.pop(UNREADABLE, None)
    for name in FREE_TEXT_FIELDS:
        value = sealed.get(name)
        if isinstance(value, str) and value and not is_sealed(value):
            sealed[name] = seal_text(vault, value, f"{where}|{name}")
    return sealed


def open_answer(vault: VaultKey | None, answer: Any, where: str) -> Any:
    """A stored answer as the learner wrote it. A field that will not open (sealed under an old
    PIN's key, or there is no key this session) comes back empty and is named in ``UNREADABLE``."""
    if not isinstance(answer, dict) or not any(is_sealed(answer.get(n)) for n in FREE_TEXT_FIELDS):
        return answer
    opened, lost = dict(answer), []
    for name in FREE_TEXT_FIELDS:
        value = opened.get(name)
        if not is_sealed(value):
            continue
        text = open_text(vault, value, f"{where}|{name}") if vault is not None else None
        if text is None:
            lost.append(name)
        opened[name] = text or ""
    if lost:
        opened[UNREADABLE] = lost
    return opened


def open_progress(vault: VaultKey | None, module_id: str, progress: Mapping[str, Any]) -> dict[str, Any]:
    """A module's saved ``StepProgress`` by step id, with each answer opened (``open_answer``)."""
    from dataclasses import replace

    return {step_id: replace(saved, answer=open_answer(vault, saved.answer, where(module_id, step_id)))
            for step_id, saved in progress.items()}


def seal_package_rows(vault: VaultKey | None, module_id: str, step_id: str, rows: Mapping[str, Any]) -> dict[str, Any]:
    """A package step's rows (``PackageRow`` by SCO id) with each one's data sealed whole: a SCO's
    suspend data and fill-in responses, H5P's saved state, may hold what the learner typed."""
    from dataclasses import replace

    return {sco: replace(row, data=_seal_json(vault, row.data, _package_where(module_id, step_id, sco)))
            for sco, row in rows.items()}


def open_package_rows(vault: VaultKey | None, module_id: str, step_id: str, rows: Mapping[str, Any]) -> dict[str, Any]:
    """What ``seal_package_rows`` sealed; a row that will not open (a PIN reset) reads as no data,
    so that part of the package starts afresh, as for a damaged row."""
    from dataclasses import replace

    return {sco: replace(row, data=_open_json(vault, row.data, _package_where(module_id, step_id, sco)))
            for sco, row in rows.items()}


def _package_where(module_id: str, step_id: str, sco: str) -> str:
    return f"{module_id}|{step_id}|package|{sco}"


def _seal_json(vault: VaultKey | None, data: Any, where: str) -> Any:
    if vault is None or data is None or _sealed_json(data):
        return data
    return {"sealed": seal_text(vault, json.dumps(data, separators=(",", ":")), where)}


def _open_json(vault: VaultKey | None, data: Any, where: str) -> Any:
    if not _sealed_json(data):
        return data
    text = open_text(vault, data["sealed"], where) if vault is not None else None
    return None if text is None else json.loads(text)


def _sealed_json(data: Any) -> bool:
    return isinstance(data, dict) and len(data) == 1 and is_sealed(data.get("sealed"))


def where(module_id: str, step_id: str) -> str:
    """The place a step's answer is bound to (learner id is added by the key)."""
    return f"{module_id}|{step_id}"


def seal_plain_rows(conn: sqlite3.Connection, vault: VaultKey) -> int:
    """Seal every plain-text free-text field this learner saved before sealing existed (or while
    signed in without a key). Run at sign-in; returns how many answers were sealed.

    The caller commits; the database's ``secure_delete`` overwrites the old page contents, and
    ``forget_old_pages`` clears what the write-ahead log still holds.
    """
    rows = conn.execute("SELECT module_id, step_id, answer FROM progress WHERE learner_id = ? "
                        "AND answer IS NOT NULL", (vault.learner_id,)).fetchall()
    changed = 0
    for module_id, step_id, raw in rows:
        try:
            answer = json.loads(raw)
        except ValueError:
            continue
        if not _has_plain_text(answer):
            continue
        sealed = seal_answer(vault, answer, where(module_id, step_id))
        conn.execute("UPDATE progress SET answer = ? WHERE learner_id = ? AND module_id = ? AND step_id = ?",
                     (json.dumps(sealed, sort_keys=True, separators=(",", ":")), vault.learner_id,
                      module_id, step_id))
        changed += 1
    packages = conn.execute("SELECT module_id, step_id, sco_id, data FROM package_state WHERE learner_id = ? "
                            "AND data NOT LIKE '{\"sealed\":\"sealed:%'", (vault.learner_id,)).fetchall()
    for module_id, step_id, sco, raw in packages:
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        sealed = _seal_json(vault, data, _package_where(module_id, step_id, sco))
        conn.execute("UPDATE package_state SET data = ? WHERE learner_id = ? AND module_id = ? AND step_id = ? "
                     "AND sco_id = ?", (json.dumps(sealed, separators=(",", ":")), vault.learner_id, module_id,
                                        step_id, sco))
        changed += 1
    return changed


def _has_plain_text(answer: Any) -> bool:
    return isinstance(answer, Mapping) and any(
        isinstance(answer.get(n), str) and answer.get(n) and not is_sealed(answer.get(n))
        for n in FREE_TEXT_FIELDS)


def forget_old_pages(conn: sqlite3.Connection) -> None:
    """Overwrite freed pages and empty the write-ahead log, so plain text that was just sealed is
    not left in the file's free pages or in old WAL frames (both survive an ordinary UPDATE)."""
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


class NameSeal:
    """Seals first names at rest under a key from the installation secret alone (not a PIN), so
    the kiosk can still greet a learner and list attendees to their trainer, while a copy of the
    data folder without the secret holds no name beside any pseudonym."""

    def __init__(self, installation_secret: bytes):
        self._secret = installation_secret
        self._cipher: AESGCM | None = None  # made on first use: see _aesgcm

    @property
    def _aead(self) -> AESGCM:
        if self._cipher is None:
            self._cipher = _aesgcm(_hkdf(self._secret, None, b"tip-kiosk first names v1"))
        return self._cipher

    def __repr__(self) -> str:
        return "NameSeal()"

    def seal(self, name: str | None) -> str | None:
        if not name or is_sealed(name):
            return name
        nonce = secrets.token_bytes(12)
        return SEALED + base64.b64encode(nonce + self._aead.encrypt(nonce, name.encode("utf-8"),
                                                                    b"first_name")).decode("ascii")

    def open(self, value: str | None) -> str | None:
        """The name, or None if it will not open (sealed under another PC's key)."""
        if not is_sealed(value):
            return value
        try:
            raw = base64.b64decode(value[len(SEALED):], validate=True)
            return self._aead.decrypt(raw[:12], raw[12:], b"first_name").decode("utf-8")
        except (_invalid_tag(), ValueError):
            return None
