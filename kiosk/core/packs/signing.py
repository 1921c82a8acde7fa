"""Ed25519 keys and detached signatures for packs.

Ed25519 signs a message held in memory, and a pack can be gigabytes, so (like minisign's prehashed
mode) the key signs a short *statement* naming the pack's exact size and SHA-256 together with its id,
version and minimum app version. A pack is genuine when a trusted key signed the statement and the
pack's bytes hash to it. Carrying id and version in the signed statement lets a kiosk refuse an old
pack, or pick the newest of several, before reading a single byte of any pack.

The detached ``.sig`` file is a small JSON object: the statement's fields, the signing public key
(only to name it in messages; trust comes from the configuration) and the signature, both base64.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import zipfile
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kiosk.core import durable
from kiosk.core.errors import PackError
from kiosk.core.packs.manifest import MANIFEST_NAME, SHA256_HEX, Manifest, check_identity

SIGNATURE_FORMAT = "tip-kiosk-pack-signature/1"
SIGNATURE_SUFFIX = ".sig"
MAX_SIGNATURE_BYTES = 8192
MAX_TRUSTED_KEYS = 2
CHUNK = 1024 * 1024
"""Bytes read at a time: big enough for hashlib to run at full speed, small enough to keep memory flat."""

Progress = Callable[[int, int], None]
"""Called with (bytes done, bytes in total) as work goes on."""


@dataclass(frozen=True)
class Statement:
    """What a signature vouches for."""

    pack_id: str
    version: int
    min_app_version: str
    size: int
    sha256: str

    def to_bytes(self) -> bytes:
        """The exact bytes the key signs (one field a line, fixed order)."""
        return (f"{SIGNATURE_FORMAT}\npack_id={self.pack_id}\nversion={self.version}\n"
                f"min_app_version={self.min_app_version}\nsize={self.size}\nsha256={self.sha256}\n"
                ).encode("ascii")


@dataclass(frozen=True)
class Verified:
    """A statement whose signature checked out against a trusted key."""

    statement: Statement
    key_id: str
    signature_file: Path


def key_id(public_key: Ed25519PublicKey) -> str:
    """A short fingerprint to name a key in messages and logs."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def public_key_text(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """The base64 form of a public key, as written in the configuration's ``packs_trusted_keys``."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return base64.b64encode(public.public_bytes(serialization.Encoding.Raw,
                                                serialization.PublicFormat.Raw)).decode("ascii")


def parse_public_key(text: str) -> Ed25519PublicKey:
    """Read a base64 raw Ed25519 public key (32 bytes)."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise PackError(f"'{text[:60]}' is not an Ed25519 public key (base64 of 32 bytes).", "key")
    return Ed25519PublicKey.from_public_bytes(raw)


def parse_trusted_keys(keys: Iterable[Ed25519PublicKey | str]) -> list[Ed25519PublicKey]:
    """The keys a kiosk trusts, from the configuration's base64 text (or key objects)."""
    parsed = [k if isinstance(k, Ed25519PublicKey) else parse_public_key(k) for k in keys]
    if not parsed:
        raise PackError("This kiosk trusts no pack signing key yet, so it cannot accept any pack. IT sets "
                        "[packs] trusted_keys in the machine configuration (see docs/deployment.md).", "key")
    if len(parsed) > MAX_TRUSTED_KEYS:
        raise PackError(f"At most {MAX_TRUSTED_KEYS} trusted pack keys may be configured (the current "
                        "one and the next, for rotation).", "key")
    return parsed


def keygen(out: Path) -> tuple[Path, Path]:
    """Write a new private key to ``out`` (PEM, readable by its owner only) and ``out.pub``.

    Raises:
        PackError: if either file already exists (a signing key is never overwritten).
    """
    out = Path(out)
    pub = out.with_name(out.name + ".pub")
    for path in (out, pub):
        if path.exists():
            raise PackError(f"{path} already exists; a signing key is never overwritten.", "key")
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    if not durable.write_file(out, pem, mode=0o600, exclusive=True):
        raise PackError(f"{out} already exists; a signing key is never overwritten.", "key")
    durable.write_file(pub, public_key_text(key) + "\n", mode=0o644, encoding="ascii")
    return out, pub


def load_private_key(path: Path, passphrase: bytes | None = None) -> Ed25519PrivateKey:
    """Read a PEM private key made by ``keygen`` (or ``openssl genpkey -algorithm ed25519``)."""
    try:
        key = serialization.load_pem_private_key(Path(path).read_bytes(), passphrase)
    except OSError as exc:
        raise PackError(f"The key file {path} cannot be read: {exc.strerror}.", "key") from None
    except TypeError as exc:  # encrypted without a passphrase, or a passphrase it does not need
        raise PackError(f"The key file {path}: {exc}.", "key") from None
    except ValueError:
        raise PackError(f"The key file {path} is not a PEM private key (or the passphrase is wrong).",
                        "key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise PackError(f"The key file {path} holds a {type(key).__name__}, not an Ed25519 key.", "key")
    return key


def hash_file(path: Path, progress: Progress | None = None, copy_to: Path | None = None) -> tuple[int, str]:
    """Size and SHA-256 of a file, read in fixed chunks; optionally copying it as it goes.

    Copying while hashing means the bytes that were checked are the bytes later unpacked, even if
    the original on a USB stick or network share changes (or vanishes) meanwhile.
    """
    digest = hashlib.sha256()
    size = 0
    total = os.path.getsize(path)
    buffer = bytearray(CHUNK)  # one buffer reused: no allocation per chunk, about 20% less CPU
    view = memoryview(buffer)
    with open(path, "rb", buffering=0) as source, ExitStack() as stack:
        target = stack.enter_context(open(copy_to, "xb", buffering=0)) if copy_to is not None else None
        while read := source.readinto(buffer):
            digest.update(view[:read])
            if target is not None:
                written = 0
                while written < read:  # an unbuffered write may write less than asked
                    written += target.write(view[written:read])
            size += read
            if progress:
                progress(size, max(total, size))
    return size, digest.hexdigest()


def signature_path(pack: Path) -> Path:
    return Path(pack).with_name(Path(pack).name + SIGNATURE_SUFFIX)


def sign(pack: Path, private_key: Ed25519PrivateKey | Path, out: Path | None = None) -> Path:
    """Sign a pack made by ``build``; writes and returns ``pack.sig`` (or ``out``)."""
    pack = Path(pack)
    key = private_key if isinstance(private_key, Ed25519PrivateKey) else load_private_key(private_key)
    manifest = read_own_manifest(pack)
    size, digest = hash_file(pack)
    statement = Statement(manifest.pack_id, manifest.version, manifest.min_app_version, size, digest)
    data = {"format": SIGNATURE_FORMAT, "pack_id": statement.pack_id, "version": statement.version,
            "min_app_version": statement.min_app_version, "size": size, "sha256": digest,
            "key": public_key_text(key),
            "signature": base64.b64encode(key.sign(statement.to_bytes())).decode("ascii")}
    out = Path(out) if out is not None else signature_path(pack)
    durable.write_file(out, json.dumps(data, indent=1) + "\n", mode=0o644, encoding="ascii")
    return out


def read_own_manifest(pack: Path) -> Manifest:
    """The manifest of a pack this machine built (signing side only: it trusts its own file)."""
    try:
        with zipfile.ZipFile(pack) as archive, archive.open(MANIFEST_NAME) as member:
            return Manifest.from_json(member.read(16 * 1024 * 1024))
    except (OSError, KeyError, zipfile.BadZipFile) as exc:
        raise PackError(f"{pack} is not a pack made by 'tip-kiosk pack build' ({exc}).", "manifest") from None


def check_signature(signature: Path, trusted_keys: Iterable[Ed25519PublicKey]) -> Verified:
    """Check a ``.sig`` file against the trusted keys, without reading the pack itself.

    Raises:
        PackError: reason ``signature`` (damaged or untrusted) or ``manifest`` (bad fields).
    """
    signature = Path(signature)
    try:
        with open(signature, "rb") as handle:
            raw = handle.read(MAX_SIGNATURE_BYTES + 1)
    except OSError as exc:
        raise PackError(f"The signature file {signature} cannot be read: {exc.strerror}. A pack is "
                        "only accepted with its .sig file beside it.", "signature") from None
    try:
        if len(raw) > MAX_SIGNATURE_BYTES:
            raise ValueError("too large")
        data = json.loads(raw.decode("ascii"))
        if not isinstance(data, dict) or data.get("format") != SIGNATURE_FORMAT:
            raise ValueError("unknown format")
        check_identity(data.get("pack_id"), data.get("version"), data.get("min_app_version"), "signature")
        size, digest = data.get("size"), data.get("sha256")
        if not isinstance(size, int) or size < 0 or not isinstance(digest, str) or not SHA256_HEX.match(digest):
            raise ValueError("bad size or hash")
        sig = base64.b64decode(data.get("signature", ""), validate=True)
    except (ValueError, UnicodeDecodeError, TypeError, binascii.Error):
        raise PackError(f"The signature file {signature} is damaged or not a TIP Kiosk pack "
                        "signature.", "signature") from None
    statement = Statement(data["pack_id"], data["version"], data["min_app_version"], size, digest)
    for key in trusted_keys:
        try:
            key.verify(sig, statement.to_bytes())
            return Verified(statement, key_id(key), signature)
        except InvalidSignature:
            continue
    try:
        claimed = f" (it names key {key_id(parse_public_key(str(data.get('key', ''))))})"
    except PackError:
        claimed = ""
    raise PackError(f"The pack's signature does not match any key this kiosk trusts{claimed}: it was "
                    "signed with another key, or the signature file was altered. Ask for a pack "
                    "signed with your organisation's key.", "signature")


def check_bytes(verified: Verified, size: int, digest: str) -> None:
    """The pack's real size and hash must be the ones the signature vouches for."""
    if size != verified.statement.size or digest != verified.statement.sha256:
        raise PackError("The pack's contents do not match its signature: the file was changed after "
                        "it was signed, or only partly copied. Copy it again from the original.",
                        "signature")


def verify(pack: Path, signature: Path | None, trusted_public_keys: Iterable[Ed25519PublicKey | str],
           progress: Progress | None = None) -> Verified:
    """Check a pack's detached signature over its exact bytes; nothing in the pack is parsed.

    Args:
        pack: the pack file.
        signature: its ``.sig`` file (default: beside the pack).
        trusted_public_keys: keys, or their base64 text as in the configuration.

    Raises:
        PackError: the signature is missing, damaged, untrusted, or does not match the bytes.
    """
    keys = parse_trusted_keys(trusted_public_keys)
    verified = check_signature(signature or signature_path(pack), keys)
    try:
        size, digest = hash_file(pack, progress)
    except OSError as exc:
        raise PackError(f"The pack {pack} cannot be read: {exc.strerror}.", "io") from None
    check_bytes(verified, size, digest)
    return verified
